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

    /// A kept statement is prepared on the server with its first run, in the
    /// same round trip, and runs by name afterwards: the same rows, the same
    /// counts of changed rows, the same errors. A one-off statement is not kept.
    @Test func aKeptStatementIsPreparedWithItsFirstRunAndAnswersAlike() throws {
        let db = try connect()
        #expect(try prepared(db).isEmpty)
        var before = roundTrips(db)
        try insert(db, "IG-SAP", 3)
        #expect(roundTrips(db) == before + 1)
        #expect(try prepared(db) == ["INSERT INTO stock(sku, quantity) VALUES ($1, $2)"])
        before = roundTrips(db)
        for (sku, quantity) in [("AL-PAS", 5), ("AL-RIS", 7), ("AL-OLI", 1)] { try insert(db, sku, quantity) }
        #expect(roundTrips(db) == before + 3)
        #expect(try prepared(db).count == 1)
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
        // SQL the server refuses: the same error kept or not, and nothing named.
        let kept = try #require(throws: DatabaseError.self) { try db.run("SELECT sku FROM nowhere WHERE 1 = ?", [1]) }
        let oneOff = try #require(throws: DatabaseError.self) {
            try db.makeStatement("SELECT sku FROM nowhere WHERE 1 = ?").run([1])
        }
        #expect(kept.sqlState == "42P01")
        #expect(kept.description == oneOff.description)
        #expect(try prepared(db).count == 2)
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
        // The access check every command makes first: the login's row came along.
        let found = try Operators(db).find(PostgreSQLCluster.superuser)
        #expect(found == Operators.Operator(name: PostgreSQLCluster.superuser, roles: [.admin], active: true))
        #expect(roundTrips(db) == 1)
        // Asked again (it may have changed since), the table answers, and says the same.
        #expect(try Operators(db).find(PostgreSQLCluster.superuser) == found)
        #expect(roundTrips(db) == 2)
        #expect(try Operators(db).find("nobody") == nil)
        #expect(roundTrips(db) == 3)
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

    /// One literal, so one kept statement wherever it is called from.
    func remove(_ db: Database, _ sku: String) throws {
        try db.write("DELETE FROM stock WHERE sku = ?", [sku])
    }

    func skus(_ db: Database) throws -> [String] {
        try db.query("SELECT sku || '=' || quantity FROM stock ORDER BY sku") { $0.text(0) }
    }

    /// Writes whose answer nobody reads travel with the next statement whose
    /// answer is needed, or with COMMIT, and are seen by it; one that breaks
    /// a constraint ends the transaction with its own error, naming its SQL,
    /// and nothing of the transaction stays.
    @Test func heldWritesTravelWithTheNextAnswerAndTheirErrorEndsTheTransaction() throws {
        let db = try connect()
        var before = roundTrips(db)
        try db.inTransaction {
            for (sku, quantity) in [("IG-SAP", 1), ("AL-PAS", 2), ("AL-RIS", 3)] {
                try db.write("INSERT INTO stock(sku, quantity) VALUES (?, ?)", [sku, quantity])
            }
            #expect(try db.scalar("SELECT sum(quantity) FROM stock") == 6)
            try db.write("UPDATE stock SET quantity = quantity + 1 WHERE sku = ?", ["AL-RIS"])
        }
        // The lock, BEGIN, three inserts and the sum; then the update, COMMIT and the release.
        #expect(roundTrips(db) == before + 2)
        #expect(try skus(db) == ["AL-PAS=2", "AL-RIS=4", "IG-SAP=1"])
        before = roundTrips(db)
        let error = try #require(throws: DatabaseError.self) {
            try db.inTransaction {
                try db.write("INSERT INTO stock(sku, quantity) VALUES (?, ?)", ["AL-OLI", 1])
                try db.write("UPDATE stock SET quantity = quantity - ? WHERE sku = ?", [5, "AL-PAS"])
                try db.write("INSERT INTO stock(sku, quantity) VALUES (?, ?)", ["AL-ZUC", 1])
            }
        }
        #expect(roundTrips(db) == before + 3)  // the pipeline that failed, ROLLBACK, the lock released
        #expect(error.sqlState == PostgreSQLError.checkViolation)
        #expect(error.description.contains("`UPDATE stock SET quantity = quantity - ? WHERE sku = ?`"))
        #expect(!error.description.contains("\n"))
        #expect(!db.isInTransaction)
        #expect(try skus(db) == ["AL-PAS=2", "AL-RIS=4", "IG-SAP=1"])
        // A write prepared on its way whose savepoint was dropped unsent is prepared again when next run.
        try db.inTransaction {
            _ = try? db.inSavepoint {
                try remove(db, "IG-SAP")
                throw ScortaError.refused("changed my mind")
            }
            try remove(db, "AL-PAS")
        }
        #expect(try skus(db) == ["AL-RIS=4", "IG-SAP=1"])
        try db.inTransaction { try remove(db, "AL-RIS") }
        #expect(try skus(db) == ["IG-SAP=1"])
        // Outside a transaction a write runs at once.
        before = roundTrips(db)
        try remove(db, "IG-SAP")
        #expect(roundTrips(db) == before + 1)
        #expect(try skus(db).isEmpty)
    }

    struct Short: Error, Equatable {
        let left: Int64?
    }

    /// A write that must change a row (the conditional decrement) is held back like any other and
    /// judged with the answers of the round trip that carries it: when it changed none, the
    /// caller's error comes out of that statement, reading the row as the write found it; its
    /// savepoint then undoes it with the rest of its work. Once that savepoint was released, or at
    /// COMMIT, the whole transaction is refused instead: nothing is ever committed unjudged.
    @Test func aWriteThatMustChangeARowIsJudgedWithTheNextAnswer() throws {
        let db = try connect()
        try db.inTransaction { try insert(db, "IG-SAP", 3) }
        let decrement: StaticString = "UPDATE stock SET quantity = quantity - ?1 WHERE sku = ?2 AND quantity >= ?1"
        func take(_ quantity: Int) throws {
            try db.writeChangingRow(decrement, [quantity, "IG-SAP"], row: ["IG-SAP"]) {
                throw Short(left: try db.scalar("SELECT quantity FROM stock WHERE sku = ?", ["IG-SAP"]))
            }
        }
        var before = roundTrips(db)
        try db.inTransaction {
            try take(2)
            #expect(try db.scalar("SELECT quantity FROM stock WHERE sku = ?", ["IG-SAP"]) == 1)
        }
        // The lock, BEGIN, the decrement and the read; then COMMIT and the release.
        #expect(roundTrips(db) == before + 2)
        try db.inTransaction {
            let short = try #require(throws: Short.self) {
                try db.inSavepoint {
                    try insert(db, "AL-PAS", 1)
                    try take(5)
                    _ = try db.scalar("SELECT count(*) FROM stock")
                }
            }
            #expect(short == Short(left: 1))
            try insert(db, "AL-RIS", 2)
        }
        #expect(try skus(db) == ["AL-RIS=2", "IG-SAP=1"])
        before = roundTrips(db)
        let refused = try #require(throws: DatabaseError.self) {
            try db.inTransaction {
                try db.inSavepoint {
                    try insert(db, "AL-OLI", 1)
                    try take(5)
                }
                // The caller catches what came out after the savepoint's release, and goes on.
                #expect(throws: Short(left: 1)) { try db.scalar("SELECT count(*) FROM stock") }
                try insert(db, "AL-ZUC", 1)
            }
        }
        #expect(refused.message.contains("rolled back"))
        #expect(!refused.description.contains("\n"))
        #expect(try skus(db) == ["AL-RIS=2", "IG-SAP=1"])
        #expect(throws: Short(left: 1)) {
            try db.inTransaction {
                try insert(db, "AL-ZUC", 1)
                try take(5)
            }
        }
        #expect(try skus(db) == ["AL-RIS=2", "IG-SAP=1"])
        #expect(!db.isInTransaction)
    }

    /// Lookups sent ahead go in one round trip, and each statement then takes
    /// its answer once, with the same rows; a statement run with other
    /// values, run a second time, or run after anything else was sent or
    /// held back asks the server, so an answer is never older than a write.
    @Test func readsSentAheadAnswerTheirStatementOnceInOneRoundTrip() throws {
        let db = try connect()
        let quantity = "SELECT quantity FROM stock WHERE sku = ?"
        func read(_ sku: String) throws -> Int64? { try db.cachedStatement(quantity).scalar([sku]) }
        try db.inTransaction {
            for (sku, quantity) in [("IG-SAP", 1), ("AL-PAS", 2)] {
                try db.write("INSERT INTO stock(sku, quantity) VALUES (?, ?)", [sku, quantity])
            }
        }
        let before = roundTrips(db)
        try db.inTransaction {
            try db.readAhead([(quantity, ["IG-SAP"]), (quantity, ["AL-PAS"]), (quantity, ["AL-RIS"])])
            #expect(roundTrips(db) == before + 1)  // the lock and BEGIN, and the three reads
            #expect(try read("AL-PAS") == 2)
            #expect(try read("AL-RIS") == nil)
            #expect(try read("IG-SAP") == 1)
            #expect(roundTrips(db) == before + 1)
            #expect(try read("IG-SAP") == 1)  // taken once: asked again
            #expect(roundTrips(db) == before + 2)
            try db.readAhead([(quantity, ["IG-SAP"]), (quantity, ["AL-PAS"])])
            #expect(try read("IG-SAP") == 1)
            try db.write("UPDATE stock SET quantity = 9 WHERE sku = ?", ["AL-PAS"])
            #expect(try read("AL-PAS") == 9)  // the write came after the answer: asked again
        }
        #expect(try skus(db) == ["AL-PAS=9", "IG-SAP=1"])
        // On SQLite nothing is sent ahead, and the reads answer the same.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scorta-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try Database(path: path, create: true)
        try file.execute("CREATE TABLE stock (sku text PRIMARY KEY, quantity integer NOT NULL)")
        try file.execute("INSERT INTO stock VALUES ('IG-SAP', 1)")
        try file.readAhead([(quantity, ["IG-SAP"])])
        #expect(try file.cachedStatement(quantity).scalar(["IG-SAP"]) == 1)
    }

    /// A read held back to go along (`readAlong`) travels with the next statement, whatever it is,
    /// and answers its own statement afterwards with no round trip; answers waiting outlive a
    /// round trip that only reads, and none that writes. On SQLite nothing is held.
    @Test func readsAlongTravelWithTheNextStatementAndOutliveOnlyReads() throws {
        let db = try connect()
        let quantity = "SELECT quantity FROM stock WHERE sku = ?"
        func read(_ sku: String) throws -> Int64? { try db.cachedStatement(quantity).scalar([sku]) }
        try db.inTransaction {
            for (sku, quantity) in [("IG-SAP", 1), ("AL-PAS", 2), ("AL-RIS", 3)] {
                try db.write("INSERT INTO stock(sku, quantity) VALUES (?, ?)", [sku, quantity])
            }
        }
        var before = roundTrips(db)
        try db.inTransaction {
            db.readAlong([(quantity, ["IG-SAP"])])
            #expect(roundTrips(db) == before)  // held, not sent
            #expect(try read("AL-PAS") == 2)
            #expect(roundTrips(db) == before + 1)  // the lock, BEGIN, the read along and this one
            #expect(try db.scalar("SELECT count(*) FROM stock") == 3)
            #expect(roundTrips(db) == before + 2)
            #expect(try read("IG-SAP") == 1)  // its answer outlived a round trip that only read
            #expect(roundTrips(db) == before + 2)
            // Held before a write that changes its answer: run before it, so not kept.
            db.readAlong([(quantity, ["AL-RIS"])])
            try db.write("UPDATE stock SET quantity = 7 WHERE sku = ?", ["AL-RIS"])
            #expect(try read("AL-PAS") == 2)
            before = roundTrips(db)
            #expect(try read("AL-RIS") == 7)
            #expect(roundTrips(db) == before + 1)
            // A statement that writes drops the answers still waiting.
            try db.readAhead([(quantity, ["IG-SAP"]), (quantity, ["AL-PAS"])])
            #expect(try read("IG-SAP") == 1)
            try db.run("UPDATE stock SET quantity = 8 WHERE sku = ?", ["AL-PAS"])
            #expect(try read("AL-PAS") == 8)
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scorta-\(UUID()).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let file = try Database(path: path, create: true)
        try file.execute("CREATE TABLE stock (sku text PRIMARY KEY, quantity integer NOT NULL)")
        try file.execute("INSERT INTO stock VALUES ('IG-SAP', 1)")
        file.readAlong([(quantity, ["IG-SAP"])])
        #expect(try file.cachedStatement(quantity).scalar(["IG-SAP"]) == 1)
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
        // The lock and BEGIN with the count, SAVEPOINT with the insert, then RELEASE, COMMIT and unlock.
        #expect(roundTrips(db) == before + 3)
        #expect(try db.makeStatement(held).scalar() == 0)
        #expect(throws: DatabaseError.self) {
            try db.inTransaction { try insert(db, "AL-PAS", -1) }
        }
        #expect(try db.makeStatement(held).scalar() == 0)
        #expect(try db.scalar("SELECT count(*) FROM stock") == 1)
    }

    /// A transaction or savepoint whose body fails before it sends anything
    /// never reaches the server: no round trip, no lock, nothing to roll back.
    @Test func workRefusedBeforeAnyStatementCostsNoRoundTrip() throws {
        let db = try connect()
        struct Refused: Error {}
        let before = roundTrips(db)
        #expect(throws: Refused.self) { try db.inTransaction { throw Refused() } }
        try db.inTransaction(.deferred) {}
        #expect(roundTrips(db) == before)
        #expect(!db.isInTransaction)
        try db.inTransaction {
            try insert(db, "IG-SAP", 1)
            #expect(throws: Refused.self) { try db.inSavepoint { throw Refused() } }
            try insert(db, "AL-PAS", 2)
        }
        #expect(roundTrips(db) == before + 3)
        #expect(try db.query("SELECT sku FROM stock ORDER BY sku") { $0.text(0) } == ["AL-PAS", "IG-SAP"])
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
