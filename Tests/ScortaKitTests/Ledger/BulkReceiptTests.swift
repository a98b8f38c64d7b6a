import ScortaHarness
import Testing

@testable import ScortaKit

/// A receipt's lots are looked up together (`Catalogue.lookUpLots`) and the
/// new ones created and sealed with the receipt (form 3): what one lot at a
/// time gave, it must still give.
@Suite struct BulkReceiptTests {
    static let expiry = try! CivilDate(parsing: "2028-01-01")

    /// More lots than one statement carries, so every chunk size is used;
    /// some named twice, some already there.
    @Test(arguments: Engine.tested) func manyNewLotsAreEachSealedAndTheLedgerVerifies(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 1, lot: "B8", expiry: Self.expiry)],
            context: TestDatabase.on("2026-03-01"))
        let recordsBefore = try t.db.scalar("SELECT count(*) FROM chain WHERE kind = 'lot'") ?? 0
        var lines: [LineSpec] = []
        for index in 0..<300 {
            lines.append(
                LineSpec(
                    sku: index % 297 % 2 == 0 ? "IG-SAP" : "IG-DEN", quantity: 1 + index % 5, lot: "B\(index % 297)",
                    expiry: Self.expiry))
        }
        let posted = try t.ledger.receive(
            at: "MAG-A", from: nil, lines: lines, context: TestDatabase.on("2026-03-02"))
        #expect(posted.lines.count == 300)
        // 300 lines name 297 lots (B0 to B2 twice); B8 of IG-SAP was there before.
        let distinct = Set(lines.map { "\($0.sku) \($0.lot!)" })
        #expect(distinct.count == 297)
        let newLots = distinct.count - 1
        // Sealed inside the receipt (form 3), not as a chain record each.
        #expect(try t.db.scalar("SELECT count(*) FROM chain WHERE kind = 'lot'") == recordsBefore)
        #expect(try t.db.scalar("SELECT count(*) FROM lot WHERE document_id = ?", [posted.id]) == Int64(newLots))
        #expect(try t.db.scalar("SELECT form FROM chain WHERE document_id = ?", [posted.id]) == 3)
        #expect(try t.db.scalar("SELECT count(*) FROM lot WHERE code LIKE 'B%'") == Int64(distinct.count))
        // Each line carries the lot of its own item and code.
        for (line, spec) in zip(posted.lines, lines) {
            let lotID = try #require(line.lotID)
            let lot = try #require(try t.catalogue.lot(id: lotID))
            let item = try t.catalogue.item(sku: spec.sku)
            #expect(lot.code == spec.lot && lot.itemID == item.id)
        }
        let verification = try HashChain.verify(t.db)
        #expect(verification.intact, "\(verification.problems)")
        #expect(try Consistency.problems(in: t.db).isEmpty)
    }

    @Test(arguments: Engine.tested) func aLotNamedTwiceIsCreatedOnceAndAnotherExpiryIsRefused(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let other = try CivilDate(parsing: "2029-01-01")
        #expect(throws: ScortaError.invalid("lot 'X' of IG-SAP already exists with expiry 2028-01-01, not 2029-01-01"))
        {
            try t.ledger.receive(
                at: "MAG-A", from: nil,
                lines: [
                    LineSpec(sku: "IG-SAP", quantity: 1, lot: "X", expiry: Self.expiry),
                    LineSpec(sku: "IG-SAP", quantity: 2, lot: "X", expiry: other)
                ], context: TestDatabase.on("2026-03-01"))
        }
        #expect(try t.db.scalar("SELECT count(*) FROM lot WHERE code = 'X'") == 0)
        let posted = try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [
                LineSpec(sku: "IG-SAP", quantity: 1, lot: "X", expiry: Self.expiry),
                LineSpec(sku: "IG-SAP", quantity: 2, lot: "X")
            ], context: TestDatabase.on("2026-03-01"))
        #expect(posted.lines[0].lotID == posted.lines[1].lotID)
        #expect(try t.onHand("MAG-A", "IG-SAP") == 3)
        #expect(try HashChain.verify(t.db).intact)
    }

    /// On SQLite a receipt's lots are first taken for new without a look-up; one that exists
    /// (here an older lot whose code a new lot could not have) sends the receipt back to be
    /// posted looked up: the lot is reused, nothing of the first attempt is left, no number lost.
    @Test(arguments: Engine.tested) func aLotThatExistsIsReusedWhenTheReceiptTookItForNew(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let soap = try t.catalogue.item(sku: "IG-SAP")
        let older = try t.catalogue.ensureLot(item: soap, code: "L#9", expiry: nil)
        let lotsBefore = try t.db.scalar("SELECT count(*) FROM lot") ?? 0
        let posted = try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [
                LineSpec(sku: "IG-SAP", quantity: 2, lot: "N1", expiry: Self.expiry),
                LineSpec(sku: "IG-SAP", quantity: 3, lot: "L#9"),
                LineSpec(sku: "IG-DEN", quantity: 4, lot: "N2", expiry: Self.expiry)
            ], context: TestDatabase.on("2026-03-01"))
        #expect(posted.number == "RIC-2026-00001")
        #expect(posted.lines[1].lotID == older)
        #expect(try t.db.scalar("SELECT count(*) FROM lot") == lotsBefore + 2)
        #expect(try t.db.scalar("SELECT count(*) FROM lot WHERE document_id = ?", [posted.id]) == 2)
        #expect(try t.db.scalar("SELECT count(*) FROM document") == 1)
        #expect(try t.onHand("MAG-A", "IG-SAP") == 5)
        #expect(try HashChain.verify(t.db).intact)
        #expect(try Consistency.problems(in: t.db).isEmpty)
    }

    /// The same inside an all-or-nothing transaction (the dataset generator's month): a lot that exists must not
    /// leave the transaction able only to roll back.
    @Test(arguments: Engine.tested) func aLotThatExistsIsReusedInsideAnAllOrNothingTransaction(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let soap = try t.catalogue.item(sku: "IG-SAP")
        let older = try t.catalogue.ensureLot(item: soap, code: "OLD9", expiry: Self.expiry)
        let posted = try t.db.inTransaction(units: .allOrNothing) {
            try t.ledger.receive(
                at: "MAG-A", from: nil,
                lines: [
                    LineSpec(sku: "IG-SAP", quantity: 2, lot: "N1", expiry: Self.expiry),
                    LineSpec(sku: "IG-SAP", quantity: 3, lot: "OLD9", expiry: Self.expiry)
                ], context: TestDatabase.on("2026-03-01"))
        }
        #expect(posted.number == "RIC-2026-00001")
        #expect(posted.lines[1].lotID == older)
        #expect(try t.db.scalar("SELECT count(*) FROM document") == 1)
        #expect(try t.onHand("MAG-A", "IG-SAP") == 5)
        #expect(try HashChain.verify(t.db).intact)
    }

    /// The first bad line in file order is the one named, whether its item or its lot is wrong.
    @Test(arguments: Engine.tested) func theFirstBadLineIsTheOneRefusedAndNothingIsWritten(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let documents = try t.db.scalar("SELECT count(*) FROM document")
        let good = LineSpec(sku: "IG-SAP", quantity: 1, lot: "OK1")
        let badLot = LineSpec(sku: "IG-DEN", quantity: 1, lot: "L#2")
        let unknown = LineSpec(sku: "NOPE", quantity: 1, lot: "OK2")
        #expect(
            throws: ScortaError.invalid(
                "line 2 (IG-DEN): lot 'L#2' " + GS1.lotProblem("L#2")!)
        ) {
            try t.ledger.receive(
                at: "MAG-A", from: nil, lines: [good, badLot, unknown], context: TestDatabase.on("2026-03-01"))
        }
        let error = #expect(throws: ScortaError.self) {
            try t.ledger.receive(
                at: "MAG-A", from: nil, lines: [good, unknown, badLot], context: TestDatabase.on("2026-03-01"))
        }
        #expect(error?.description.hasPrefix("unknown item 'NOPE'") == true)
        #expect(try t.db.scalar("SELECT count(*) FROM lot WHERE code LIKE 'OK%'") == 0)
        #expect(try t.db.scalar("SELECT count(*) FROM document") == documents)
    }

    /// What a document brings in is written per key in one go: the day's net
    /// and lowest running total are still what writing line by line gave (the
    /// low of a new day is after its first line, not after all of them), and
    /// stock that came in earlier in a document can leave later in it.
    @Test(arguments: Engine.tested) func stockBroughtInTogetherKeepsEachDaysLowAndCanLeaveLater(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [
                LineSpec(sku: "IG-SAP", quantity: 3, lot: "L1", expiry: Self.expiry),
                LineSpec(sku: "IG-SAP", quantity: 4, lot: "L1")
            ], context: TestDatabase.on("2026-03-02"))
        let day = try t.db.first(
            """
            SELECT s.net, s.low FROM stock_day s JOIN location l ON l.id = s.location_id
            WHERE l.code = 'MAG-A' AND s.date = '2026-03-02'
            """
        ) { ($0.int(0), $0.int(1)) }
        #expect(day?.0 == 7 && day?.1 == 3)
        // In at EMP, then out of EMP again, in one document.
        let mag = try t.catalogue.location(code: "MAG-A").id
        let emp = try t.catalogue.location(code: "EMP").id
        let soap = try t.catalogue.item(sku: "IG-SAP").id
        let lot = try #require(try t.catalogue.lot(itemID: soap, code: "L1")).id
        var draft = DocumentDraft(type: .transfer, date: try CivilDate(parsing: "2026-03-02"), operatorName: "anna")
        draft.locationID = mag
        draft.lines = [
            .init(itemID: soap, lotID: lot, quantity: 5, from: mag, to: emp),
            .init(itemID: soap, lotID: lot, quantity: 2, from: emp, to: mag)
        ]
        try t.ledger.post(draft)
        #expect(try t.onHand("MAG-A", "IG-SAP") == 4)
        #expect(try t.onHand("EMP", "IG-SAP") == 3)
        #expect(try Consistency.problems(in: t.db).isEmpty)
        #expect(try HashChain.verify(t.db).intact)
    }

    /// A receipt posted on its own (SQLite: without a statement journal, foreign keys unchecked while it
    /// writes, its new lots' balances and days plain inserts) leaves the same rows as one posted inside a
    /// bigger transaction, where foreign keys stay checked; and they are checked again afterwards,
    /// after a refused receipt too.
    @Test(arguments: Engine.tested) func aReceiptOnItsOwnWritesWhatOneInsideATransactionWrites(engine: Engine) throws {
        var lines: [LineSpec] = []
        for index in 0..<600 {
            lines.append(
                LineSpec(
                    sku: ["IG-SAP", "IG-DEN"][index % 2], quantity: 1 + index % 7, lot: "B\(index % 590)",
                    expiry: Self.expiry))
        }
        lines.append(LineSpec(sku: "IG-SAP", quantity: 5, lot: "OLD"))
        lines.append(LineSpec(sku: "IG-SAP", quantity: 2))
        func ledger(inside: Bool) throws -> [[String]] {
            let t = try TestDatabase(engine)
            // A lot that exists, with stock: its balance and day are added to, not inserted.
            try t.ledger.receive(
                at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 1, lot: "OLD")],
                context: TestDatabase.on("2026-03-02"))
            let receive = {
                try t.ledger.receive(at: "MAG-A", from: nil, lines: lines, context: TestDatabase.on("2026-03-02"))
            }
            let posted = try inside ? t.db.inTransaction { try receive() } : receive()
            #expect(posted.lines.count == lines.count)
            #expect(try t.db.checksForeignKeys)
            #expect(throws: ScortaError.self) {
                try t.ledger.receive(
                    at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 1, lot: "L#1")],
                    context: TestDatabase.on("2026-03-02"))
            }
            #expect(try t.db.checksForeignKeys)
            if engine == .sqlite {
                #expect(try t.db.query("PRAGMA foreign_key_check") { $0.text(0) }.isEmpty)
            }
            #expect(try HashChain.verify(t.db).intact)
            #expect(try Consistency.problems(in: t.db).isEmpty)
            return try t.db.query(
                """
                SELECT 'balance', b.location_id, b.item_id, l.code, b.quantity, b.pick_expiry, ''
                FROM balance b LEFT JOIN lot l ON l.id = b.lot_id
                UNION ALL
                SELECT 'day', s.location_id, s.item_id, l.code, s.net, s.low, s.date
                FROM stock_day s LEFT JOIN lot l ON l.id = s.lot_id
                UNION ALL
                SELECT 'line', d.document_id, d.item_id, l.code, d.quantity, d.to_location_id, ''
                FROM document_line d LEFT JOIN lot l ON l.id = d.lot_id
                ORDER BY 1, 2, 3, 4, 5, 6, 7
                """
            ) { row in (0..<7).map { row.isNull($0) ? "-" : row.text($0) } }
        }
        let alone = try ledger(inside: false)
        #expect(alone.count > 3 * 590)
        #expect(alone == (try ledger(inside: true)))
    }
}
