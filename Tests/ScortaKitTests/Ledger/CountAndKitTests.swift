import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct CountAndKitTests {
    @Test(arguments: Engine.tested) func countRecordsTheBaselineAndPostsDifferences(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "EMP", from: nil,
            lines: [
                LineSpec(sku: "IG-SAP", quantity: 10), LineSpec(sku: "IG-DEN", quantity: 5),
                LineSpec(sku: "AL-PAS", quantity: 7)
            ], context: TestDatabase.on("2026-03-01"))
        let count = try t.ledger.count(
            at: "EMP", entries: [CountEntry(sku: "IG-SAP", counted: 8), CountEntry(sku: "IG-DEN", counted: 6)],
            full: false, context: TestDatabase.on("2026-03-31"))
        #expect(try t.onHand("EMP", "IG-SAP") == 8)
        #expect(try t.onHand("EMP", "IG-DEN") == 6)
        #expect(try t.onHand("EMP", "AL-PAS") == 7)  // partial count leaves unlisted items alone
        #expect(
            try t.db.query(
                "SELECT expected, counted FROM count_line WHERE document_id = ? ORDER BY item_id", [count.id]
            ) { [$0.int(0), $0.int(1)] }
            .sorted { $0[0] < $1[0] } == [[5, 6], [10, 8]])
        let full = try t.ledger.count(
            at: "EMP", entries: [CountEntry(sku: "IG-SAP", counted: 8)], full: true,
            context: TestDatabase.on("2026-04-30"))
        #expect(try t.onHand("EMP", "AL-PAS") == 0)
        #expect(try t.onHand("EMP", "IG-DEN") == 0)
        #expect(full.lines.count == 2)
        #expect(try t.ledger.check().isEmpty)
    }

    @Test(arguments: Engine.tested) func countingAnItemHeldInSeveralLotsNeedsTheLot(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "EMP", from: nil,
            lines: [LineSpec(sku: "IG-SAP", quantity: 1, lot: "A"), LineSpec(sku: "IG-SAP", quantity: 1, lot: "B")],
            context: TestDatabase.on("2026-03-01"))
        #expect(throws: ScortaError.invalid("IG-SAP is held in 2 lots at EMP: count each lot as SKU:LOT=QTY")) {
            try t.ledger.count(
                at: "EMP", entries: [CountEntry(sku: "IG-SAP", counted: 2)], full: false,
                context: TestDatabase.on("2026-03-02"))
        }
        try t.ledger.count(
            at: "EMP", entries: [CountEntry(sku: "IG-SAP", lot: "A", counted: 0)], full: false,
            context: TestDatabase.on("2026-03-02"))
        #expect(try t.onHand("EMP", "IG-SAP") == 1)
    }

    @Test(arguments: Engine.tested) func assemblyRemembersTheRecipeVersionAndDisassemblyUsesIt(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [
                LineSpec(sku: "AB-SLI", quantity: 100), LineSpec(sku: "AB-MAG", quantity: 100),
                LineSpec(sku: "AB-CAL", quantity: 100, lot: "C1", expiry: try CivilDate(parsing: "2030-01-01"))
            ], context: TestDatabase.on("2026-03-01"))
        let v1 = try t.ledger.assemble(
            kit: "KIT-BIA", quantity: 10, at: "MAG-A", context: TestDatabase.on("2026-03-02"))
        #expect(try t.onHand("MAG-A", "AB-SLI") == 70)
        #expect(try t.onHand("MAG-A", "AB-CAL") == 70)
        #expect(try t.onHand("MAG-A", "KIT-BIA") == 10)
        // A new version changes future kits only.
        let kit = try t.catalogue.item(sku: "KIT-BIA")
        let recipe2 = try t.catalogue.addRecipe(
            kit: kit, components: [("AB-SLI", 1), ("AB-CAL", 1)], operatorName: "boss")
        #expect(recipe2.version == 2)
        let v2 = try t.ledger.assemble(
            kit: "KIT-BIA", quantity: 5, at: "MAG-A", lotCode: "K-V2", context: TestDatabase.on("2026-03-03"))
        let lotV1 = try #require(try t.catalogue.lot(itemID: kit.id, code: v1.number))
        let lotV2 = try #require(try t.catalogue.lot(itemID: kit.id, code: "K-V2"))
        #expect(try t.catalogue.recipe(id: lotV1.recipeID!).version == 1)
        #expect(try t.catalogue.recipe(id: lotV2.recipeID!).version == 2)
        #expect(lotV1.expiry?.description == "2030-01-01")  // earliest component expiry
        _ = v2
        // Taking 2 kits of the v1 lot apart gives back the v1 components, into the lots consumed.
        try t.ledger.disassemble(
            kit: "KIT-BIA", lot: v1.number, quantity: 2, at: "MAG-A", context: TestDatabase.on("2026-03-04"))
        #expect(try t.onHand("MAG-A", "AB-MAG") == 80 + 4)
        #expect(try t.onHand("MAG-A", "AB-SLI") == 65 + 6)
        #expect(
            try t.ledger.available(
                location: t.catalogue.location(code: "MAG-A").id, item: t.catalogue.item(sku: "AB-CAL").id,
                lot: t.catalogue.lot(itemID: t.catalogue.item(sku: "AB-CAL").id, code: "C1")!.id) == 65 + 6)
        #expect(try t.ledger.check().isEmpty)
    }

    @Test(arguments: Engine.tested) func assemblyWithoutEnoughComponentsIsRefusedWhole(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [
                LineSpec(sku: "AB-SLI", quantity: 3), LineSpec(sku: "AB-MAG", quantity: 2),
                LineSpec(sku: "AB-CAL", quantity: 3)
            ], context: TestDatabase.on("2026-03-01"))
        #expect(throws: ScortaError.refused("not enough stock of AB-SLI at MAG-A: 3 available, 6 requested")) {
            try t.ledger.assemble(kit: "KIT-BIA", quantity: 2, at: "MAG-A", context: TestDatabase.on("2026-03-02"))
        }
        #expect(try t.db.scalar("SELECT count(*) FROM lot") == 0)
        #expect(try t.onHand("MAG-A", "AB-SLI") == 3)
    }

    @Test(arguments: Engine.tested) func checkFindsABalanceTamperedWithByHand(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 10)],
            context: TestDatabase.on("2026-03-01"))
        #expect(try t.ledger.check().isEmpty)
        try t.db.run("UPDATE balance SET quantity = 12")
        try t.db.run(
            "INSERT INTO balance(location_id, item_id, lot_id, quantity, pick_expiry) SELECT id, (SELECT id FROM item WHERE sku = 'IG-DEN'), 0, 4, 99999999 FROM location WHERE code = 'EMP'"
        )
        #expect(
            try t.ledger.check() == [
                "balance mismatch: IG-DEN at EMP is 4 in the balance table but the ledger replays to 0",
                "balance mismatch: IG-SAP at MAG-A is 12 in the balance table but the ledger replays to 10"
            ])
    }
}
