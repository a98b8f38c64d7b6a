import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

/// The one posting path on a PostgreSQL database, through the same `Database`.
@Suite(.enabled(if: PostgreSQLCluster.enabled, "\(PostgreSQLCluster.unavailableReason ?? "")"))
struct PostgreSQLLedgerTests {
    func seeded() throws -> Database {
        let db = try Database(postgreSQL: try PostgreSQLCluster.shared().createDatabase())
        try db.migrate()
        try SeedLoader.load(
            into: db, from: SeedFiles(directory: TestDatabase.seedsPath), date: CivilDate(year: 2026, month: 1, day: 1)!
        )
        try Operators(db).add("tester", roles: Set(Role.allCases), by: "tester")
        return db
    }

    /// `check` replays the ledger clean and `verify` recomputes every seal from the rows.
    func expectWhole(_ ledger: Ledger, _ db: Database, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try ledger.check().isEmpty, sourceLocation: sourceLocation)
        let verified = try HashChain.verify(db)
        #expect(verified.firstBroken == nil && verified.problems.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func theDatabaseLayerMigratesAndSeedsAPostgreSQLDatabase() throws {
        let db = try seeded()
        #expect(db.isPostgreSQL)
        #expect(try db.schemaVersion == Schema.migrations.count)
        #expect(try db.scalar("SELECT count(*) FROM location") ?? 0 > 0)
        // Migrating again finds every step applied.
        try db.migrate()
        #expect(try db.schemaVersion == Schema.migrations.count)
    }

    /// The stock of one item at one place, and an item's history there, ask
    /// for the location and the item in one round trip, then read: on a
    /// cold backend each message waits for the server's first plans. A
    /// code in another case is still found.
    @Test func aStockQueryAsksForItsLocationAndItemTogether() throws {
        let db = try seeded()
        try Ledger(db).receive(
            at: "MAG-A", from: "Banco", lines: [LineSpec(sku: "IG-SAP", quantity: 4)],
            context: TestDatabase.on("2026-01-02"))
        guard case .postgreSQL(let connection) = db.engine else { return }
        var before = connection.roundTrips
        var rows: [String] = []
        try Ledger(db).stock(location: "MAG-A", sku: "IG-SAP").forEach { rows.append("\($0.location) \($0.quantity)") }
        #expect(rows == ["MAG-A 4"])
        #expect(connection.roundTrips - before == 2)  // the lookups, then the query (BEGIN with it)
        before = connection.roundTrips
        var moves = 0
        try Ledger(db).history(sku: "IG-SAP", location: "MAG-A", from: nil, to: nil).forEach { _ in moves += 1 }
        #expect(moves == 1)
        #expect(connection.roundTrips - before == 2)
        rows = []
        try Ledger(db).stock(location: "mag-a", sku: "ig-sap").forEach { rows.append("\($0.location) \($0.quantity)") }
        #expect(rows == ["MAG-A 4"])
    }

    /// A one-line transfer costs 5 round trips: the look-ups with the transaction's beginning, the
    /// lots to pick from (the document's number, and the ids of the document and its line, taken
    /// along), the later days, the chain's head (the document, the decrement, judged with its
    /// answers, the stock coming in and the lines with it), the seal with COMMIT. One more fails
    /// here; the numbers, the ids and the chain are as without.
    @Test func aOneLineTransferTakesFiveRoundTrips() throws {
        let db = try seeded()
        let ledger = Ledger(db)
        try ledger.receive(
            at: "MAG-A", from: "Banco", lines: [LineSpec(sku: "IG-SAP", quantity: 10)],
            context: TestDatabase.on("2026-01-02"))
        try ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 1)],
            context: TestDatabase.on("2026-01-03"))
        guard case .postgreSQL(let connection) = db.engine else { return }
        let before = connection.roundTrips
        let posted = try ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 2)],
            context: TestDatabase.on("2026-01-03"))
        #expect(connection.roundTrips - before == 5)
        #expect(posted.number == "TRA-2026-00002")
        // The ids taken ahead are the ones the server would have given: none skipped.
        #expect(try db.scalar("SELECT max(id) FROM document") == posted.id)
        #expect(try db.scalar("SELECT count(*) FROM document") == posted.id)
        #expect(
            try db.scalar("SELECT count(*) FROM document_line") == (try db.scalar("SELECT max(id) FROM document_line")))
        try expectWhole(ledger, db)
    }

    /// A line split among lots is written as more lines than the ids taken ahead for it: the
    /// rest are taken when written, in order, so the lines' ids still follow each other and
    /// `verify` recomputes the same seal from the rows.
    @Test func aLineSplitAmongLotsTakesTheIdsItLacks() throws {
        let db = try seeded()
        let ledger = Ledger(db)
        try ledger.receive(
            at: "MAG-A", from: "Banco",
            lines: [
                LineSpec(sku: "IG-SAP", quantity: 3, lot: "L1", expiry: CivilDate(year: 2027, month: 1, day: 1)),
                LineSpec(sku: "IG-SAP", quantity: 3, lot: "L2", expiry: CivilDate(year: 2027, month: 6, day: 1))
            ],
            context: TestDatabase.on("2026-01-02"))
        let posted = try ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 5)],
            context: TestDatabase.on("2026-01-03"))
        let lots = try db.query(
            "SELECT t.code FROM document_line l JOIN lot t ON t.id = l.lot_id WHERE l.document_id = ? ORDER BY l.id",
            [posted.id]
        ) { $0.text(0) }
        #expect(lots == ["L1", "L2"])
        #expect(try db.scalar("SELECT max(id) - count(*) FROM document_line") == 0)
        try expectWhole(ledger, db)
    }

    @Test func receiptsAndTransfersPostWithTheirNumbersAndStock() throws {
        let db = try seeded()
        let ledger = Ledger(db)
        let first = try ledger.receive(
            at: "MAG-A", from: "Banco", lines: [LineSpec(sku: "IG-SAP", quantity: 10)],
            context: TestDatabase.on("2026-03-01"))
        let second = try ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 5)],
            context: TestDatabase.on("2026-03-02"))
        let transfer = try ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 3)],
            context: TestDatabase.on("2026-03-03"))
        #expect(
            [first.number, second.number, transfer.number] == ["RIC-2026-00001", "RIC-2026-00002", "TRA-2026-00001"])
        #expect(throws: ScortaError.refused("not enough stock of IG-SAP at MAG-A: 12 available, 13 requested")) {
            try ledger.transfer(
                from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 13)],
                context: TestDatabase.on("2026-03-04"))
        }
        #expect(try db.scalar("SELECT count(*) FROM document") == 3)
        #expect(try ledger.check().isEmpty)
        #expect(try HashChain.verify(db).firstBroken == nil)
    }

    /// Two sites post receipts at the same moment to one database: every
    /// document gets its own number, none is skipped, and the stock adds up
    /// (the loser of each collision runs again on the server's new state).
    @Test func twoSitesPostingAtOnceGetGaplessNumbers() throws {
        let uri = try PostgreSQLCluster.shared().createDatabase()
        do {
            let db = try Database(postgreSQL: uri)
            try db.migrate()
            try SeedLoader.load(
                into: db, from: SeedFiles(directory: TestDatabase.seedsPath),
                date: CivilDate(year: 2026, month: 1, day: 1)!)
        }
        let perSite = 15
        let failures = Locked<[String]>([])
        DispatchQueue.concurrentPerform(iterations: 2) { site in
            do {
                let ledger = Ledger(try Database(postgreSQL: uri))
                for _ in 0..<perSite {
                    try ledger.receive(
                        at: site == 0 ? "MAG-A" : "EMP", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 2)],
                        context: TestDatabase.on("2026-03-01"))
                }
            } catch {
                failures.withLock { $0.append("site \(site): \(error)") }
            }
        }
        #expect(failures.withLock { $0 } == [])
        let db = try Database(postgreSQL: uri)
        let numbers = try db.query("SELECT number FROM document ORDER BY number") { $0.text(0) }
        #expect(numbers == (1...(2 * perSite)).map { "RIC-2026-" + $0.zeroPadded(5) })
        #expect(try db.scalar("SELECT sum(quantity) FROM balance") == Int64(4 * perSite))
        #expect(try Ledger(db).check().isEmpty)
        #expect(try HashChain.verify(db).firstBroken == nil)
    }
}

/// A value shared by the threads of a test.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
