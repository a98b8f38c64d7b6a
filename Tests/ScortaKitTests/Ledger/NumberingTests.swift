import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct NumberingTests {
    /// Many documents in one transaction (a household import, a month of the
    /// benchmark's build): the numbers follow on, a document refused in
    /// between gives its number back, and on the server the sequence row is
    /// written once, when the transaction commits (each write of it left a
    /// version every later look-up walked: see `Database+HeldCounters`).
    @Test(arguments: Engine.tested) func manyDocumentsInOneTransactionNumberOnAndWriteTheSequenceOnce(
        engine: Engine
    ) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [LineSpec(sku: "IG-SAP", quantity: 4, lot: "L1", expiry: try CivilDate(parsing: "2027-01-01"))],
            context: TestDatabase.on("2026-03-01"))
        var numbers: [String] = []
        var sequenceWritesBeforeCommit: Int64?
        // The server's counts of this session's writes not yet reported (earlier transactions' too).
        func sequenceWrites() throws -> Int64? {
            try t.db.scalar(
                "SELECT n_tup_ins + n_tup_upd FROM pg_stat_xact_user_tables WHERE relname = 'document_sequence'")
        }
        try t.db.inTransaction {
            let before = engine == .postgreSQL ? try sequenceWrites() : nil
            for day in 2...4 {
                numbers.append(
                    try t.ledger.transfer(
                        from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 1)],
                        context: TestDatabase.on("2026-03-0\(day)")
                    ).number)
                // Refused once numbered (a named lot's stock is taken out line by line):
                // its savepoint is undone, and its number with it.
                #expect(throws: ScortaError.self) {
                    try t.ledger.transfer(
                        from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 4, lot: "L1")],
                        context: TestDatabase.on("2026-03-0\(day)"))
                }
            }
            if let before { sequenceWritesBeforeCommit = try sequenceWrites().map { $0 - before } }
        }
        #expect(numbers == ["TRA-2026-00001", "TRA-2026-00002", "TRA-2026-00003"])
        #expect(try t.db.scalar("SELECT last FROM document_sequence WHERE prefix = 'TRA' AND year = 2026") == 3)
        if engine == .postgreSQL { #expect(sequenceWritesBeforeCommit == 0) }
        let next = try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 1)],
            context: TestDatabase.on("2026-03-05"))
        #expect(next.number == "TRA-2026-00004")
    }

    /// A transaction that fails after numbering writes nothing, held or not.
    @Test(arguments: Engine.tested) func aRolledBackTransactionGivesItsNumbersBack(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 4)],
            context: TestDatabase.on("2026-03-01"))
        struct Abandoned: Error {}
        #expect(throws: Abandoned.self) {
            try t.db.inTransaction {
                try t.ledger.transfer(
                    from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 1)],
                    context: TestDatabase.on("2026-03-02"))
                throw Abandoned()
            }
        }
        #expect(try t.db.scalar("SELECT count(*) FROM document_sequence WHERE prefix = 'TRA'") == 0)
        let first = try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 1)],
            context: TestDatabase.on("2026-03-02"))
        #expect(first.number == "TRA-2026-00001")
    }
}
