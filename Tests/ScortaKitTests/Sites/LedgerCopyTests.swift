import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

/// A ledger moved between engines keeps its documents, numbers and chain
/// head; the copy is whole or absent, and only goes into an empty database.
@Suite(.enabled(if: PostgreSQLCluster.enabled, "\(PostgreSQLCluster.unavailableReason ?? "")"))
struct LedgerCopyTests {
    /// A week of work (every kind of document the demo posts, a household
    /// with a checkout), a reversal and an erasure: rows in most tables.
    func office() throws -> TestDatabase {
        let office = try TestDatabase()
        try DemoScenario.post(into: office.db)
        let outreach = try #require(
            try office.db.scalarText("SELECT number FROM document WHERE type = 'distribution' AND household_id IS NULL")
        )
        try office.ledger.reverse(
            number: outreach, reason: "typed twice", context: PostingContext(date: .today(), operatorName: "tester"))
        let household = try #require(try office.db.scalarText("SELECT code FROM household"))
        try Households(office.db).erase(code: household)
        return office
    }

    /// Every row of every table but the schema's own bookkeeping (applied_at
    /// is the moment each side was built), in the order rows were written.
    func rows(_ db: Database) throws -> [String: [String]] {
        var rows: [String: [String]] = [:]
        for table in try LedgerCopy.copyOrder(db) where table != "schema_migration" {
            var lines: [String] = []
            try LedgerCopy.forEachRow(of: table, in: db) { row in
                lines.append(
                    (0..<row.columnCount).map { "\(row.columnName($0))=\(row.value($0))" }.joined(separator: "|"))
            }
            rows[table] = lines
        }
        return rows
    }

    @Test func anOfficeLedgerMovesToTheServerAndBackWithTheSameRowsAndHead() throws {
        let office = try office()
        let head = try HashChain.head(office.db)
        let server = try Database(postgreSQL: try PostgreSQLCluster.shared().createDatabase())

        let there: LedgerCopy.Summary? = try LedgerCopy.copy(from: office.db, into: server)
        #expect(there?.head == head)
        #expect(there?.documents == Int(try office.db.scalar("SELECT count(*) FROM document") ?? 0))
        let onServer = try HashChain.verify(server, expect: head)
        #expect(onServer.intact && onServer.expectedFound && onServer.head == head)
        #expect(try Consistency.problems(in: server) == [])
        #expect(try rows(server) == rows(office.db))

        // And back, into a new file: the same rows again.
        let file = office.folder.appendingPathComponent("back.sqlite").path
        let back = try Database(path: file, create: true)
        let returned = try LedgerCopy.copy(from: server, into: back)
        #expect(returned.head == head && returned.rows == there?.rows)
        #expect(try rows(back) == rows(office.db))
        #expect(try HashChain.verify(back, expect: head).expectedFound)

        // Postings go on where the office left off: the next ids and numbers.
        let receiptsBefore = try #require(try office.db.scalar("SELECT count(*) FROM document WHERE type = 'receipt'"))
        let posted = try Ledger(server).receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 5)],
            context: PostingContext(date: .today(), operatorName: "tester"))
        #expect(posted.number.hasSuffix("-" + Int(receiptsBefore + 1).zeroPadded(5)))
        #expect(posted.id == (try office.db.scalar("SELECT max(id) FROM document") ?? 0) + 1)
        #expect(try HashChain.verify(server, expect: head).intact)
        #expect(try Ledger(server).check() == [])
    }

    /// The copy leaves the server statistics of every table it filled, and
    /// none of those it left empty: analyzed empty, a table's look-ups were
    /// planned as sequential scans until 50 rows had changed in it.
    @Test func theCopyAnalyzesTheTablesItFilledAndOnlyThose() throws {
        let office = try office()
        let server = try Database(postgreSQL: try PostgreSQLCluster.shared().createDatabase())
        try LedgerCopy.copy(from: office.db, into: server)
        var analyzed: [String: Bool] = [:]
        for table in try LedgerCopy.copyOrder(office.db) where table != "schema_migration" {
            let count = try #require(try office.db.cachedStatement("SELECT count(*) FROM \(table)").scalar())
            // reltuples is -1 until a table is first analyzed (or vacuumed).
            let tuples = try #require(
                try server.query(
                    "SELECT reltuples::bigint FROM pg_class WHERE relname = ? AND relkind = 'r'", [table]
                ) { $0.int64(0) }.first)
            analyzed[table] = tuples >= 0
            #expect((tuples >= 0) == (count > 0), "\(table): \(count) rows copied, reltuples \(tuples)")
        }
        #expect(analyzed.values.contains(true) && analyzed.values.contains(false))
    }

    @Test func aDatabaseThatHoldsTablesIsRefusedAndKeptAsItWas() throws {
        let office = try office()
        let server = try Database(postgreSQL: try PostgreSQLCluster.shared().createDatabase())
        try server.execute(
            "CREATE TABLE notes (id BIGINT PRIMARY KEY, text TEXT); INSERT INTO notes VALUES (1, 'mine')")
        #expect {
            try LedgerCopy.copy(from: office.db, into: server)
        } throws: { error in
            "\(error)".contains("is not empty (it has 1 table: notes)")
        }
        #expect(try server.makeStatement(server.dialect.tableNamesQuery).map([]) { $0.text(0) } == ["notes"])

        // A ledger already copied is not copied over again either.
        let second = try Database(postgreSQL: try PostgreSQLCluster.shared().createDatabase())
        try LedgerCopy.copy(from: office.db, into: second)
        let documents = try second.scalar("SELECT count(*) FROM document")
        #expect(throws: ScortaError.self) { try LedgerCopy.copy(from: office.db, into: second) }
        #expect(try second.scalar("SELECT count(*) FROM document") == documents)
    }

    /// A row the server refuses (SQLite keeps text in an INTEGER column)
    /// stops the copy with one line naming the table, not the statement of
    /// hundreds of rows it was in, and nothing is kept.
    @Test func aRowTheServerRefusesStopsTheCopyWithOneLineNamingTheTable() throws {
        let office = try office()
        try office.db.execute("UPDATE document_line SET quantity = 'twelve' WHERE id = 1")
        let server = try Database(postgreSQL: try PostgreSQLCluster.shared().createDatabase())
        let message =
            (try? LedgerCopy.copy(from: office.db, into: server)).map { "copied: \($0)" }
            ?? {
                do {
                    try LedgerCopy.copy(from: office.db, into: server)
                    return ""
                } catch { return "\(error)" }
            }()
        #expect(message.hasPrefix("the copy stopped at table document_line: PostgreSQL error 22P02: "), "\(message)")
        #expect(
            message.hasSuffix("nothing was copied") && !message.contains("INSERT") && !message.contains("\n"),
            "\(message)")
        #expect(try server.makeStatement(server.dialect.tableNamesQuery).map([]) { $0.text(0) } == [])
    }

    /// A source changed outside Scorta does not become a server's ledger:
    /// the copy fails `verify` before it commits, and the server has not a
    /// single table afterwards (the schema was built in the same transaction).
    @Test func aTamperedLedgerIsNotCopiedAndLeavesNothingBehind() throws {
        let office = try office()
        try office.db.execute("UPDATE document_line SET quantity = quantity + 1 WHERE id = 1")
        let server = try Database(postgreSQL: try PostgreSQLCluster.shared().createDatabase())
        #expect {
            try LedgerCopy.copy(from: office.db, into: server)
        } throws: { error in
            "\(error)".contains("does not pass check and verify, nothing was copied")
        }
        #expect(try server.makeStatement(server.dialect.tableNamesQuery).map([]) { $0.text(0) } == [])
    }
}
