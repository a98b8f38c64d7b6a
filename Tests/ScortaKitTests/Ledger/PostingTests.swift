import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct PostingTests {
    @Test(arguments: Engine.tested) func receiptNumbersPerTypeAndYear(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let first = try t.ledger.receive(
            at: "MAG-A", from: "Banco", lines: [LineSpec(sku: "IG-SAP", quantity: 10)],
            context: TestDatabase.on("2026-03-01"))
        let second = try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 5)],
            context: TestDatabase.on("2026-03-02"))
        let lastYear = try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 1)],
            context: TestDatabase.on("2025-12-30"))
        let transfer = try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 3)],
            context: TestDatabase.on("2026-03-03"))
        #expect(
            [first.number, second.number, lastYear.number, transfer.number] == [
                "RIC-2026-00001", "RIC-2026-00002", "RIC-2025-00001", "TRA-2026-00001"
            ])
        #expect(try t.onHand("MAG-A", "IG-SAP") == 13)
        #expect(try t.onHand("EMP", "IG-SAP") == 3)
    }

    @Test(arguments: Engine.tested) func stockNeverGoesNegativeAndTheRefusalNamesEverything(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [LineSpec(sku: "IG-DEN", quantity: 4, lot: "L1", expiry: try CivilDate(parsing: "2027-01-01"))],
            context: TestDatabase.on("2026-03-01"))
        #expect(throws: ScortaError.refused("not enough stock of IG-DEN lot L1 at MAG-A: 4 available, 5 requested")) {
            try t.ledger.transfer(
                from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-DEN", quantity: 5, lot: "L1")],
                context: TestDatabase.on("2026-03-02"))
        }
        #expect(throws: ScortaError.refused("not enough stock of IG-DEN at MAG-A: 4 available, 6 requested")) {
            try t.ledger.transfer(
                from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-DEN", quantity: 6)],
                context: TestDatabase.on("2026-03-02"))
        }
        // Two lines of one document cannot promise the same units twice.
        #expect(throws: ScortaError.refused("not enough stock of IG-DEN at MAG-A: 1 available, 3 requested")) {
            try t.ledger.transfer(
                from: "MAG-A", to: "EMP",
                lines: [LineSpec(sku: "IG-DEN", quantity: 3), LineSpec(sku: "IG-DEN", quantity: 3)],
                context: TestDatabase.on("2026-03-02"))
        }
        #expect(try t.onHand("MAG-A", "IG-DEN") == 4)
        #expect(try t.db.scalar("SELECT count(*) FROM document") == 1)
    }

    @Test(arguments: Engine.tested) func picksFirstExpiryFirstOutAcrossLots(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [
                LineSpec(sku: "AL-PAS", quantity: 5, lot: "LATE", expiry: try CivilDate(parsing: "2027-06-01")),
                LineSpec(sku: "AL-PAS", quantity: 5),
                LineSpec(sku: "AL-PAS", quantity: 5, lot: "SOON", expiry: try CivilDate(parsing: "2026-05-01"))
            ], context: TestDatabase.on("2026-03-01"))
        let posted = try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "AL-PAS", quantity: 12)],
            context: TestDatabase.on("2026-03-02"))
        let lots = try posted.lines.map { line in try line.lotID.flatMap { try t.catalogue.lot(id: $0)?.code } ?? "-" }
        #expect(lots == ["SOON", "LATE", "-"])
        #expect(posted.lines.map(\.quantity) == [5, 5, 2])
    }

    @Test(arguments: Engine.tested) func closedPeriodsRefuseBackdatedDocuments(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.closePeriod(until: try CivilDate(parsing: "2026-03-31"), operatorName: "boss")
        #expect(
            throws: ScortaError.refused(
                "the period up to 2026-03-31 is closed: a document dated 2026-03-31 cannot be posted")
        ) {
            try t.ledger.receive(
                at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 1)],
                context: TestDatabase.on("2026-03-31"))
        }
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 1)],
            context: TestDatabase.on("2026-04-01"))
        #expect(throws: ScortaError.refused("the period is already closed up to 2026-03-31")) {
            try t.ledger.closePeriod(until: try CivilDate(parsing: "2026-02-01"), operatorName: "boss")
        }
    }

    @Test(arguments: Engine.tested) func aLotKeepsItsExpiry(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [LineSpec(sku: "IG-SAP", quantity: 1, lot: "X", expiry: try CivilDate(parsing: "2027-01-01"))],
            context: TestDatabase.on("2026-03-01"))
        #expect(throws: ScortaError.invalid("lot 'X' of IG-SAP already exists with expiry 2027-01-01, not 2028-01-01"))
        {
            try t.ledger.receive(
                at: "MAG-A", from: nil,
                lines: [LineSpec(sku: "IG-SAP", quantity: 1, lot: "X", expiry: try CivilDate(parsing: "2028-01-01"))],
                context: TestDatabase.on("2026-03-01"))
        }
    }

    @Test(arguments: Engine.tested) func adjustmentsTakeOutAndAddWithAReason(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-B", from: nil, lines: [LineSpec(sku: "EM-COP", quantity: 10)],
            context: TestDatabase.on("2026-03-01"))
        let out = try t.ledger.adjust(
            at: "MAG-B", reason: .damaged, lines: [LineSpec(sku: "EM-COP", quantity: -3)],
            context: TestDatabase.on("2026-03-02"))
        try t.ledger.adjust(
            at: "MAG-B", reason: .found, lines: [LineSpec(sku: "EM-COP", quantity: 1)],
            context: TestDatabase.on("2026-03-03"))
        #expect(try t.onHand("MAG-B", "EM-COP") == 8)
        #expect(try t.db.scalarText("SELECT reason FROM document WHERE id = ?", [out.id]) == "damaged")
    }

    @Test(arguments: Engine.tested) func reversalMirrorsOnceAndNeverTwice(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let receipt = try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 10)],
            context: TestDatabase.on("2026-03-01"))
        let reversal = try t.ledger.reverse(
            number: receipt.number, reason: "wrong delivery", context: TestDatabase.on("2026-03-02"))
        #expect(reversal.number == "STO-2026-00001")
        #expect(try t.onHand("MAG-A", "IG-SAP") == 0)
        #expect(throws: ScortaError.refused("RIC-2026-00001 was already reversed by STO-2026-00001")) {
            try t.ledger.reverse(number: receipt.number, reason: nil, context: TestDatabase.on("2026-03-02"))
        }
        #expect(
            throws: ScortaError.refused("STO-2026-00001 is itself a reversal; post the correct document again instead")
        ) {
            try t.ledger.reverse(number: reversal.number, reason: nil, context: TestDatabase.on("2026-03-02"))
        }
        #expect(try t.ledger.check().isEmpty)
    }

    @Test(arguments: Engine.tested) func reversingAReceiptWhoseStockMovedOnIsRefused(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let receipt = try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 10)],
            context: TestDatabase.on("2026-03-01"))
        try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 8)],
            context: TestDatabase.on("2026-03-02"))
        #expect(throws: ScortaError.refused("not enough stock of IG-SAP at MAG-A: 2 available, 10 requested")) {
            try t.ledger.reverse(number: receipt.number, reason: nil, context: TestDatabase.on("2026-03-03"))
        }
    }

    @Test(arguments: Engine.tested) func unknownThingsAreNamed(engine: Engine) throws {
        let t = try TestDatabase(engine)
        #expect(throws: ScortaError.invalid("unknown item 'NOPE'")) {
            try t.ledger.receive(
                at: "MAG-A", from: nil, lines: [LineSpec(sku: "NOPE", quantity: 1)],
                context: TestDatabase.on("2026-03-01"))
        }
        #expect(throws: ScortaError.invalid("location 'MAG-Z' does not exist; did you mean MAG-A or MAG-B?")) {
            try t.ledger.receive(
                at: "MAG-Z", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 1)],
                context: TestDatabase.on("2026-03-01"))
        }
        #expect(throws: ScortaError.invalid("document 'RIC-2026-09999' does not exist")) {
            try t.ledger.reverse(number: "RIC-2026-09999", reason: nil, context: TestDatabase.on("2026-03-01"))
        }
    }
}
