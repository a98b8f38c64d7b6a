import ScortaHarness
import Testing

@testable import ScortaKit

/// The typed rows of the catalogue's list commands (`item list`, `kit list`,
/// `barcode list`, `location list`, `channel list`), read by field.
@Suite struct CatalogueRowsTests {
    @Test(arguments: Engine.tested) func itemListCarriesTheValueInForceOnTheDay(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let soap = try t.catalogue.item(sku: "IG-SAP")
        try t.catalogue.setValue(
            itemID: soap.id, cents: 110, from: try CivilDate(parsing: "2026-07-01"), operatorName: "boss")
        func row(on date: String) throws -> ItemListRow? {
            try t.catalogue.itemList(category: "hygiene", on: try CivilDate(parsing: date)).first { $0.sku == "IG-SAP" }
        }
        let june = try #require(try row(on: "2026-06-30"))
        #expect(june.valueCents == 90 && june.category == "hygiene" && june.unit == soap.unit && june.active)
        #expect(try row(on: "2026-07-01")?.valueCents == 110)
        // Before its first value an item has none, and the list says so rather than inventing one.
        #expect(try row(on: "2000-01-01")?.valueCents == nil)
        // The same items, in the same order, as the catalogue's own list.
        #expect(
            try t.catalogue.itemList(on: .today()).map(\.sku) == (try t.catalogue.items().map(\.sku)))
        #expect(
            try t.catalogue.itemList(kitsOnly: true, on: .today()).map(\.sku)
                == (try t.catalogue.items(kitsOnly: true).map(\.sku)))
        #expect(throws: ScortaError.self) { try t.catalogue.itemList(category: "hygeine", on: .today()) }
    }

    @Test(arguments: Engine.tested) func kitListHasTheNewestRecipeOfEachKit(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let kit = try t.catalogue.item(sku: "KIT-IGM")
        let before = try #require(try t.catalogue.kitList().first { $0.sku == "KIT-IGM" })
        #expect(before.version == 1 && before.name == kit.name)
        #expect(before.components == (try t.catalogue.currentRecipe(kit: kit).components.count))
        try t.catalogue.addRecipe(
            kit: kit, components: [(sku: "IG-SAP", quantity: 2), (sku: "IG-DEN", quantity: 1)], operatorName: "boss")
        #expect(
            try t.catalogue.kitList().first { $0.sku == "KIT-IGM" }
                == KitListRow(sku: "KIT-IGM", name: kit.name, version: 2, components: 2))
        #expect(try t.catalogue.kitList().map(\.sku) == (try t.catalogue.items(kitsOnly: true).map(\.sku)))
    }

    @Test(arguments: Engine.tested) func barcodesAreTypedRows(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let pasta = try t.catalogue.item(sku: "AL-PAS")
        let rows = try t.catalogue.barcodes(item: pasta)
        #expect(rows.contains(BarcodeRow(code: "18001234567856", sku: "AL-PAS", quantity: 24)))
        #expect(rows.allSatisfy { $0.sku == "AL-PAS" })
        #expect(try t.catalogue.barcodes().count >= rows.count)
    }

    @Test func listsPrintTheirFieldsInColumnOrder() throws {
        let item = ItemListRow(
            sku: "IG-SAP", name: "Sapone", unit: "pz", category: "hygiene", valueCents: 90, gtin: nil, active: true)
        #expect(
            ItemListRow.columns(.english).map(\.key) == [
                "sku", "name", "unit", "category", "value_cents", "gtin", "active"
            ])
        #expect(
            item.cells(.english) == [
                .string("IG-SAP"), .string("Sapone"), .string("pz"), .string("hygiene"), .int(90), .null, .bool(true)
            ])
        #expect(
            Listing([item]).csv().hasPrefix(
                "sku,name,unit,category,value_euro,gtin,active\r\nIG-SAP,Sapone,pz,hygiene,0.90,,yes"))
        let location = Location(id: 1, code: "MAG-A", name: "Magazzino", kind: "warehouse", active: false)
        #expect(
            location.cells(.english) == [.string("MAG-A"), .string("Magazzino"), .string("warehouse"), .bool(false)])
        #expect(
            Channel(id: 1, code: "UMN", name: "Unità mobile").cells(.english) == [
                .string("UMN"), .string("Unità mobile")
            ])
    }
}
