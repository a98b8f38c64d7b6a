import Foundation
import Testing
@testable import ScortaKit

@Suite struct DatabaseTests {
    func scratch() throws -> (Database, URL) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("db-\(UUID().uuidString).sqlite")
        return (try Database(path: url.path, create: true), url)
    }

    @Test func errorsCarryCodeMessageAndSQL() throws {
        let (db, _) = try scratch()
        try db.execute("CREATE TABLE t (x TEXT NOT NULL)")
        let error = #expect(throws: DatabaseError.self) { try db.run("INSERT INTO t(x) VALUES (?)", [String?.none]) }
        #expect(error?.primaryCode == 19)
        #expect(error?.resultCode == 1299)  // SQLITE_CONSTRAINT_NOTNULL
        #expect(error?.description.contains("NOT NULL constraint failed: t.x") == true)
        #expect(error?.description.contains("while executing `INSERT INTO t(x) VALUES (?)`") == true)
    }

    @Test func transactionRollsBackAndRethrows() throws {
        let (db, _) = try scratch()
        try db.execute("CREATE TABLE t (x INTEGER)")
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try db.inTransaction {
                try db.run("INSERT INTO t VALUES (1)")
                throw Boom()
            }
        }
        #expect(try db.scalar("SELECT count(*) FROM t") == 0)
        #expect(!db.isInTransaction)
    }

    @Test func nestedTransactionsAreSavepoints() throws {
        let (db, _) = try scratch()
        try db.execute("CREATE TABLE t (x INTEGER)")
        try db.inTransaction {
            try db.run("INSERT INTO t VALUES (1)")
            try? db.inTransaction {
                try db.run("INSERT INTO t VALUES (2)")
                throw ScortaError.invalid("inner fails")
            }
            try db.run("INSERT INTO t VALUES (3)")
        }
        #expect(try db.query("SELECT x FROM t ORDER BY x") { $0.int(0) } == [1, 3])
    }

    @Test func statementsAreCachedBySQL() throws {
        let (db, _) = try scratch()
        let first = try db.prepare("SELECT 1")
        let second = try db.prepare("SELECT 1")
        #expect(first === second)
    }

    @Test func bindsEveryValueKind() throws {
        let (db, _) = try scratch()
        let row = try db.first("SELECT ?, ?, ?, ?, ?", [42, "è€", String?.none, true, [UInt8]([1, 2])]) { row in
            (row.int(0), row.text(1), row.isNull(2), row.int(3), row.value(4))
        }
        #expect(row?.0 == 42)
        #expect(row?.1 == "è€")
        #expect(row?.2 == true)
        #expect(row?.3 == 1)
        #expect(row?.4 == .blob([1, 2]))
    }

    @Test func wrongArgumentCountIsAnError() throws {
        let (db, _) = try scratch()
        #expect(throws: DatabaseError.self) { try db.run("SELECT ?", []) }
    }

    @Test func migrationsApplyOnceInOrderAndRecordTheVersion() throws {
        let (db, _) = try scratch()
        let migrations = [Migration("0001-a", sql: "CREATE TABLE a (x INTEGER)"),
                          Migration("0002-b", sql: "ALTER TABLE a ADD COLUMN y INTEGER")]
        try db.migrate(migrations)
        try db.migrate(migrations)
        #expect(try db.schemaVersion == 2)
        #expect(try db.scalar("SELECT count(*) FROM schema_migration") == 2)
        try db.run("INSERT INTO a(x, y) VALUES (1, 2)")
    }

    /// Features merged in parallel: a database may already have "0005-trust"
    /// when "0003-market" arrives. Missing ones are applied, in list order.
    @Test func anyAppliedSubsetMigratesInListOrder() throws {
        let (db, _) = try scratch()
        let core = Migration("0001-core", sql: "CREATE TABLE log (step TEXT)")
        let trust = Migration("0005-trust", sql: "INSERT INTO log VALUES ('trust')")
        try db.migrate([core, trust])
        let market = Migration("0003-market", sql: "INSERT INTO log VALUES ('market')")
        let reports = Migration("0004-reports", sql: "INSERT INTO log VALUES ('reports')")
        try db.migrate([core, market, reports, trust])
        #expect(try db.query("SELECT step FROM log ORDER BY rowid") { $0.text(0) } == ["trust", "market", "reports"])
        #expect(try db.schemaVersion == 4)
        // List order, not name order, decides when both are new.
        let (fresh, _) = try scratch()
        try fresh.migrate([Migration("0002-b", sql: "CREATE TABLE a (x INTEGER)"), Migration("0001-a", sql: "ALTER TABLE a ADD COLUMN y INTEGER")])
        #expect(try fresh.schemaVersion == 2)
    }

    @Test func aFailingMigrationLeavesNoTrace() throws {
        let (db, _) = try scratch()
        #expect(throws: DatabaseError.self) {
            try db.migrate([Migration("0001-bad", sql: "CREATE TABLE a (x INTEGER); CREATE TABLE a (y INTEGER);")])
        }
        #expect(try db.schemaVersion == 0)
        #expect(try db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'a'") == 0)
    }

    @Test func walModeAndBusyTimeoutLetTwoConnectionsShareTheFile() throws {
        let (db, url) = try scratch()
        #expect(try db.scalarText("PRAGMA journal_mode") == "wal")
        try db.execute("CREATE TABLE t (x INTEGER)")
        let other = try Database(path: url.path, busyTimeoutMilliseconds: 2000)
        try db.inTransaction { try db.run("INSERT INTO t VALUES (1)") }
        #expect(try other.scalar("SELECT count(*) FROM t") == 1)
    }

    @Test func createdDatabaseIsReadableByItsOwnerOnly() throws {
        let test = try TestDatabase()
        let attributes = try FileManager.default.attributesOfItem(atPath: test.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
