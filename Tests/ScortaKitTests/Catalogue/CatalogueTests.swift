import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct CatalogueTests {
    /// The SKU look-up is a literal (found by its address), so it spells out `itemColumnsAlone`
    /// rather than interpolating it: both must read the same columns, which `Catalogue.item` reads by position.
    @Test func theLiteralSKULookUpReadsTheItemColumns() {
        func words(_ text: String) -> String { text.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
        #expect(
            words(Catalogue.skuSQL.description).contains("SELECT " + words(Catalogue.itemColumnsAlone) + " FROM item i")
        )
    }

    @Test(arguments: Engine.tested) func seedsGiveARealisticCatalogue(engine: Engine) throws {
        let t = try TestDatabase(engine)
        #expect(try t.db.scalar("SELECT count(*) FROM item WHERE is_kit = 0")! >= 40)
        #expect(try t.catalogue.locations().map(\.code) == ["EMP", "MAG-A", "MAG-B"])
        let kits = try t.catalogue.items(kitsOnly: true).map(\.sku)
        for kit in ["KIT-IGM", "KIT-IGD", "KIT-EME", "KIT-LET", "KIT-CAS", "KIT-BIA"] { #expect(kits.contains(kit)) }
        #expect(try t.catalogue.channels().count == 5)
    }

    @Test(arguments: Engine.tested) func listingAnUnknownCategoryIsAnErrorNotAnEmptyList(engine: Engine) throws {
        let t = try TestDatabase(engine)
        #expect(try t.catalogue.items(category: "hygiene").allSatisfy { $0.categoryCode == "hygiene" })
        #expect(try !t.catalogue.items(category: "hygiene").isEmpty)
        #expect(throws: ScortaError.self) { try t.catalogue.items(category: "hygeine") }
    }

    @Test(arguments: Engine.tested) func valuesAreDatedAndHistoryIsKept(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let soap = try t.catalogue.item(sku: "IG-SAP")
        try t.catalogue.setValue(
            itemID: soap.id, cents: 110, from: try CivilDate(parsing: "2026-07-01"), operatorName: "boss")
        #expect(try t.catalogue.value(itemID: soap.id, on: try CivilDate(parsing: "2026-06-30")) == 90)
        #expect(try t.catalogue.value(itemID: soap.id, on: try CivilDate(parsing: "2026-07-01")) == 110)
        #expect(try t.catalogue.valueHistory(itemID: soap.id).count == 2)
    }

    @Test(arguments: Engine.tested) func barcodesMapToItemAndQuantity(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let box = try t.catalogue.scan("18001234567856")
        #expect(box.item.sku == "AL-PAS" && box.quantity == 24)
        #expect(try t.catalogue.scan("IG-SAP").quantity == 1)
        #expect(throws: ScortaError.invalid("barcode '18001234567856' already belongs to item 'AL-PAS'")) {
            try t.catalogue.addBarcode("18001234567856", item: try t.catalogue.item(sku: "IG-SAP"), quantity: 1)
        }
        #expect(throws: ScortaError.invalid("unknown barcode or SKU '999'")) { try t.catalogue.scan("999") }
    }

    @Test(arguments: Engine.tested) func addingItemsValidatesEveryField(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let date = try CivilDate(parsing: "2026-01-01")
        #expect(throws: ScortaError.invalid("GTIN '8001234567890' has a wrong check digit (expected 7)")) {
            try t.catalogue.addItem(
                NewItem(sku: "X-1", name: "x", unit: "pz", category: "other", valueCents: 1, gtin: "8001234567890"),
                valueFrom: date, operatorName: "m")
        }
        #expect(throws: ScortaError.self) {
            try t.catalogue.addItem(
                NewItem(sku: "X 1", name: "x", unit: "pz", category: "other", valueCents: 1), valueFrom: date,
                operatorName: "m")
        }
        #expect(throws: ScortaError.invalid("item 'IG-SAP' already exists")) {
            try t.catalogue.addItem(
                NewItem(sku: "IG-SAP", name: "x", unit: "pz", category: "other", valueCents: 1), valueFrom: date,
                operatorName: "m")
        }
        let added = try t.catalogue.addItem(
            NewItem(
                sku: "X-1", name: "Balsamo", unit: "pz", category: "hygiene", valueCents: 180, gtin: "8001234567897"),
            valueFrom: date, operatorName: "m")
        #expect(added.categoryCode == "hygiene")
    }

    @Test(arguments: Engine.tested) func recipesRefuseNonsense(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let kit = try t.catalogue.item(sku: "KIT-IGM")
        #expect(throws: ScortaError.invalid("kit 'KIT-IGM': component 'KIT-EME' is itself a kit")) {
            try t.catalogue.addRecipe(kit: kit, components: [("KIT-EME", 1)], operatorName: "m")
        }
        #expect(throws: ScortaError.invalid("item 'IG-SAP' is not a kit")) {
            try t.catalogue.addRecipe(
                kit: try t.catalogue.item(sku: "IG-SAP"), components: [("IG-DEN", 1)], operatorName: "m")
        }
    }
}
