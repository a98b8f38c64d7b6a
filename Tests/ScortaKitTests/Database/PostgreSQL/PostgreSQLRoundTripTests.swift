import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

/// What a command costs in round trips to the server, and that saving them
/// changes no answer: statements the engine keeps are prepared once, the
/// start-up questions are one message, the writer's lock travels with BEGIN
/// and COMMIT, and a savepoint's release with the next statement.
@Suite(.enabled(if: PostgreSQLCluster.enabled, "\(PostgreSQLCluster.unavailableReason ?? "")"))
struct PostgreSQLRoundTripTests {
    func connect() throws -> Database {
        let db = try Database(postgreSQL: try PostgreSQLCluster.shared().createDatabase())
        try db.execute("CREATE TABLE stock (sku text PRIMARY KEY, quantity bigint NOT NULL CHECK (quantity >= 0))")
        return db
    }

    func roundTrips(_ db: Database) -> Int {
        guard case .postgreSQL(let connection) = db.engine else { return 0 }
        return connection.roundTrips
    }

    /// One literal, so one kept statement wherever it is called from.
    func insert(_ db: Database, _ sku: String, _ quantity: Int) throws {
        try db.run("INSERT INTO stock(sku, quantity) VALUES (?, ?)", [sku, quantity])
    }

    func prepared(_ db: Database) throws -> [String] {
        try db.makeStatement("SELECT statement FROM pg_prepared_statements ORDER BY name").map { $0.text(0) }
    }

    /// A kept statement is sent as text twice, then prepared once and run by
    /// name: the same rows, the same counts of changed rows, the same errors.
    @Test func aKeptStatementIsPreparedOnItsThirdRunWithTheSameAnswers() throws {
        let db = try connect()
        for (sku, quantity) in [("IG-SAP", 3), ("AL-PAS", 5)] { try insert(db, sku, quantity) }
        #expect(try prepared(db).isEmpty)
        try insert(db, "AL-RIS", 7)
        #expect(try prepared(db) == ["INSERT INTO stock(sku, quantity) VALUES ($1, $2)"])
        let before = roundTrips(db)
        try insert(db, "AL-OLI", 1)
        #expect(roundTrips(db) == before + 1)
        // The error of a prepared run is the server's, as for text.
        let error = try #require(throws: DatabaseError.self) {
            try insert(db, "IG-SAP", 1)
        }
        #expect(error.sqlState == PostgreSQLError.uniqueViolation)
        #expect(error.message.hasPrefix("duplicate key value violates unique constraint \"stock_pkey\""))
        var counts: [Int] = []
        for _ in 0..<4 {
            try db.run("UPDATE stock SET quantity = quantity - 1 WHERE quantity > ?", [2])
            counts.append(db.changes)
        }
        #expect(counts == [3, 2, 2, 1])
        #expect(
            try db.query("SELECT sku, quantity FROM stock ORDER BY sku") { "\($0.text(0))=\($0.int(1))" }
                == ["AL-OLI=1", "AL-PAS=2", "AL-RIS=3", "IG-SAP=2"])
    }

    /// A ledger's connection asks who it is and which schema steps it has
    /// in the one message that sets the session up; opening it asks nothing more.
    @Test func openingALedgerIsOneRoundTrip() throws {
        let uri = try PostgreSQLCluster.shared().createDatabase()
        do {
            let db = try Database(postgreSQL: uri)
            #expect(db.migrationsAtConnect == nil)
            try db.migrate()
            try Operators(db).add("tester", roles: [.admin], by: "tester")
        }
        let db = try Store.open(path: uri)
        #expect(roundTrips(db) == 1)
        #expect(try Operators(db).login() == PostgreSQLCluster.superuser)
        #expect(roundTrips(db) == 1)
        #expect(try db.schemaVersion == Schema.migrations.count)
    }

    /// Posting's savepoints are released with the next statement sent, yet a
    /// savepoint that fails still undoes exactly its own work, whether the
    /// ones inside it were released or not.
    @Test func savepointsReleasedLaterStillUndoExactlyTheirOwnWork() throws {
        let db = try connect()
        var refused: DatabaseError?
        try db.inTransaction {
            try db.inSavepoint { try insert(db, "IG-SAP", 1) }
            do {
                try db.inSavepoint {
                    try db.inSavepoint { try insert(db, "AL-PAS", 1) }
                    try insert(db, "IG-SAP", 2)
                }
            } catch let error as DatabaseError {
                refused = error
            }
            try db.inSavepoint { try insert(db, "AL-RIS", 3) }
        }
        #expect(refused?.sqlState == PostgreSQLError.uniqueViolation)
        #expect(try db.query("SELECT sku FROM stock ORDER BY sku") { $0.text(0) } == ["AL-RIS", "IG-SAP"])
        #expect(!db.isInTransaction)
    }

    /// The writers' lock is held from before the transaction to its end, and
    /// not after: neither after a commit nor after a rollback.
    @Test func theWritersLockLastsExactlyTheTransaction() throws {
        let db = try connect()
        let held = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()"
        let before = roundTrips(db)
        try db.inTransaction {
            #expect(try db.makeStatement(held).scalar() == 1)
            try db.inSavepoint { try insert(db, "IG-SAP", 1) }
        }
        // Lock and BEGIN, the count, SAVEPOINT, the insert, then RELEASE, COMMIT and unlock.
        #expect(roundTrips(db) == before + 5)
        #expect(try db.makeStatement(held).scalar() == 0)
        #expect(throws: DatabaseError.self) {
            try db.inTransaction { try insert(db, "AL-PAS", -1) }
        }
        #expect(try db.makeStatement(held).scalar() == 0)
        #expect(try db.scalar("SELECT count(*) FROM stock") == 1)
    }

    /// The report's facts come as binary values: integers (negative and
    /// null too), booleans, blobs holding zeros and text read as they read
    /// from text, and a blob is read in place.
    @Test func binaryResultsReadAsTextResultsDo() throws {
        let db = try connect()
        try db.execute(
            """
            CREATE TABLE fact (n bigint, small int, flag boolean, bytes bytea, name text);
            INSERT INTO fact VALUES (-5, 7, true, '\\x00ff0010', 'Caffè'), (NULL, NULL, NULL, NULL, NULL),
                (9223372036854775807, -32768, false, '\\x', '')
            """)
        func read(binary: Bool) throws -> [[String]] {
            let statement = try db.makeStatement("SELECT n, small, flag, bytes, name FROM fact ORDER BY n NULLS LAST")
            statement.binaryResults = binary
            return try statement.map { row in
                [
                    row.optionalInt64(0).map { "\($0)" } ?? "null", "\(row.int(1))", "\(row.int64(2))",
                    "\(row.value(3))", row.optionalText(4) ?? "null", "\(row.value(0))"
                ]
            }
        }
        let binary = try read(binary: true)
        #expect(binary == (try read(binary: false)))
        #expect(binary.first == ["-5", "7", "1", "blob([0, 255, 0, 16])", "Caffè", "integer(-5)"])
        let statement = try db.makeStatement("SELECT bytes FROM fact ORDER BY n")
        statement.binaryResults = true
        try statement.bind([])
        defer { statement.reset() }
        #expect(try statement.step())
        #expect(Array(statement.row.blob(0)) == [0, 255, 0, 16])
    }
}
