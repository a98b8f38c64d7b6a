import CSQLite
import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

@Suite final class DatabaseTests {
    /// This test's files (a new instance a test), removed when it ends: a file a scratch
    /// database, 15 a run, had been left in the temporary directory.
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorta-db-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }

    deinit { try? FileManager.default.removeItem(at: folder) }

    func scratch() throws -> (Database, URL) {
        let url = folder.appendingPathComponent("db-\(UUID().uuidString).sqlite")
        return (try Database(path: url.path, create: true), url)
    }

    /// An empty database: a new file, or a new database on the test cluster,
    /// and its location (to open a second connection).
    func scratch(_ engine: Engine) throws -> (Database, String) {
        switch engine {
        case .sqlite:
            let (db, url) = try scratch()
            return (db, url.path)
        case .postgreSQL:
            let uri = try PostgreSQLCluster.shared().createDatabase()
            return (try Database(postgreSQL: uri), uri)
        }
    }

    @Test(arguments: Engine.tested) func errorsCarryCodeMessageAndSQL(engine: Engine) throws {
        let (db, _) = try scratch(engine)
        try db.execute("CREATE TABLE t (x TEXT NOT NULL)")
        let error = #expect(throws: DatabaseError.self) { try db.run("INSERT INTO t(x) VALUES (?)", [String?.none]) }
        #expect(error?.resultCode == .constraintNotNull)
        #expect(error?.resultCode.primary == .constraint)
        #expect(
            error?.description.contains(
                engine == .sqlite
                    ? "NOT NULL constraint failed: t.x"
                    : "null value in column \"x\" of relation \"t\" violates not-null constraint"
            ) == true, "\(String(describing: error))")
        #expect(error?.description.contains("while executing `INSERT INTO t(x) VALUES (?)`") == true)
    }

    /// SQLite's freed small blocks are kept by the thread for reuse: the allocator was installed before
    /// SQLite started (after, `sqlite3_config` is refused and malloc serves every cursor and value).
    @Test func sqliteKeepsItsFreedSmallBlocksForReuse() throws {
        let (db, _) = try scratch()
        try db.execute("CREATE TABLE t (x INTEGER)")
        for value in 0..<10 { try db.run("INSERT INTO t VALUES (?)", [value]) }
        #expect(try db.scalar("SELECT sum(x) FROM t") == 45)
        let before = Database.sqliteBlockCache
        #expect(before.blocks > 0)
        // Two blocks of a size class (100 bytes: 112 usable), handed back: both kept.
        let blocks = [sqlite3_malloc(100), sqlite3_malloc(100)]
        #expect(blocks.allSatisfy { sqlite3_msize($0) == 112 })
        let held = Database.sqliteBlockCache
        for block in blocks { sqlite3_free(block) }
        let after = Database.sqliteBlockCache
        #expect(after.blocks == held.blocks + 2)
        #expect(after.bytes == held.bytes + 224)
    }

    @Test(arguments: Engine.tested) func transactionRollsBackAndRethrows(engine: Engine) throws {
        let (db, _) = try scratch(engine)
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

    @Test func resultCodesMatchByName() {
        func kind(_ code: ResultCode) -> String {
            switch code {
            case .constraintUnique: "unique"
            case .constraint: "other constraint"
            case .busy, .locked: "busy"
            default: "other"
            }
        }
        #expect(kind(.constraintUnique) == "unique")
        #expect(kind(.constraintNotNull) == "other constraint")
        #expect(kind(ResultCode(rawValue: 5 | (1 << 8))) == "busy")  // SQLITE_BUSY_RECOVERY
        #expect(kind(.locked) == "busy")
        #expect(kind(.corrupt) == "other")
        #expect(!ResultCode.constraintNotNull.isBusy && ResultCode.busySnapshot.isBusy)
    }

    @Test(arguments: Engine.tested) func savepointsNestAndUndoOnlyTheirOwnWork(engine: Engine) throws {
        let (db, _) = try scratch(engine)
        try db.execute("CREATE TABLE t (x INTEGER)")
        try db.inTransaction {
            try db.run("INSERT INTO t VALUES (1)")
            try? db.inSavepoint {
                try db.run("INSERT INTO t VALUES (2)")
                throw ScortaError.invalid("inner fails")
            }
            try db.run("INSERT INTO t VALUES (3)")
        }
        #expect(try db.query("SELECT x FROM t ORDER BY x") { $0.int(0) } == [1, 3])
        // Alone, a savepoint is a transaction of its own.
        try db.inSavepoint { try db.run("INSERT INTO t VALUES (4)") }
        #expect(!db.isInTransaction)
        #expect(try db.scalar("SELECT count(*) FROM t") == 3)
    }

    /// The benchmark's dataset posts a month of documents in one transaction opened all-or-nothing:
    /// on SQLite its units open no savepoint. A unit that fails before writing (a refused checkout),
    /// or whose only write was a statement SQLite undid itself, leaves the transaction going on.
    @Test(arguments: Engine.tested) func anAllOrNothingTransactionGoesOnAfterAUnitThatWroteNothing(engine: Engine)
        throws
    {
        let (db, _) = try scratch(engine)
        try db.execute("CREATE TABLE t (x INTEGER NOT NULL CHECK (x > 0))")
        struct Refused: Error {}
        try db.inTransaction(units: .allOrNothing) {
            try db.run("INSERT INTO t VALUES (1)")
            do {
                try db.inSavepoint {
                    _ = try db.scalar("SELECT count(*) FROM t")
                    throw Refused()
                }
                Issue.record("the unit was not refused")
            } catch is Refused {}
            // The second row fails its check: the statement's first row is undone with it.
            do {
                try db.inSavepoint { try db.run("INSERT INTO t VALUES (2), (0)") }
                Issue.record("a row that fails its check was written")
            } catch let error as DatabaseError {
                #expect(error.resultCode.primary == .constraint)
            }
            try db.inSavepoint { try db.run("INSERT INTO t VALUES (3)") }
        }
        #expect(try db.query("SELECT x FROM t ORDER BY x") { $0.int(0) } == [1, 3])
        #expect(!db.isInTransaction)
    }

    /// A unit that fails after writing cannot be undone alone without a savepoint: on SQLite the
    /// all-or-nothing transaction then only rolls back (later units and the commit say why).
    /// PostgreSQL keeps its savepoints there. A transaction opened after it has its savepoints again.
    @Test(arguments: Engine.tested) func aUnitThatFailsAfterWritingTakesTheAllOrNothingTransactionWithIt(
        engine: Engine
    ) throws {
        let (db, _) = try scratch(engine)
        try db.execute("CREATE TABLE t (x INTEGER)")
        var third: Result<Void, any Error> = .success(())
        let outcome = Result {
            try db.inTransaction(units: .allOrNothing) {
                try db.run("INSERT INTO t VALUES (1)")
                #expect(throws: ScortaError.self) {
                    try db.inSavepoint {
                        try db.run("INSERT INTO t VALUES (2)")
                        throw ScortaError.refused("refused after writing")
                    }
                }
                third = Result { try db.inSavepoint { try db.run("INSERT INTO t VALUES (3)") } }
            }
        }
        #expect(!db.isInTransaction)
        switch engine {
        case .sqlite:
            for result in [third, outcome] {
                guard case .failure(let error as DatabaseError) = result else {
                    Issue.record("expected the poisoned transaction to refuse, got \(result)")
                    continue
                }
                #expect(error.resultCode == .abort)
                #expect(error.message.contains("refused after writing"), "\(error)")
                #expect(error.message.contains("nothing was written"), "\(error)")
            }
            #expect(try db.scalar("SELECT count(*) FROM t") == 0)
        case .postgreSQL:
            #expect(throws: Never.self) { try third.get() }
            #expect(throws: Never.self) { try outcome.get() }
            #expect(try db.query("SELECT x FROM t ORDER BY x") { $0.int(0) } == [1, 3])
            try db.execute("DELETE FROM t")
        }
        try db.inTransaction {
            try db.run("INSERT INTO t VALUES (4)")
            try? db.inSavepoint {
                try db.run("INSERT INTO t VALUES (5)")
                throw ScortaError.refused("undone alone")
            }
        }
        #expect(try db.query("SELECT x FROM t ORDER BY x") { $0.int(0) } == [4])
    }

    /// A statement of many rows inside a savepoint keeps the original of every page it changes in
    /// SQLite's savepoint journal, which moves to a temporary file past the size kept in memory.
    /// With that size raised to 1 MiB (`SQLITE_CONFIG_STMTJRNL_SPILL`), SQLite 3.40 failed the move
    /// with "database or disk is full" once the journal had been cut back and grown again: a bulk
    /// receipt of 50,000 lines was refused. Here 150,000 rows into an index in random order do that.
    @Test func aSavepointWhoseJournalOutgrowsMemoryStillCommits() throws {
        let (db, _) = try scratch()
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a INTEGER NOT NULL, b INTEGER NOT NULL CHECK (b > 0))")
        try db.execute("CREATE INDEX t_a ON t(a, b)")
        let rows = 256
        let insert = try db.makeStatement(
            "INSERT INTO t(a, b) VALUES " + Array(repeating: "(?, ?)", count: rows).joined(separator: ", "))
        var random = SeededRandom(seed: 1)
        try db.inTransaction {
            try db.inSavepoint {
                for _ in 0..<(150_000 / rows) {
                    var values: [SQLValue] = []
                    for _ in 0..<rows {
                        values += [.integer(Int64(random.int(0..<300))), .integer(Int64(random.int(1..<1_000_000_000)))]
                    }
                    try insert.run(values: values[...])
                }
            }
        }
        #expect(try db.scalar("SELECT count(*) FROM t") == Int64(150_000 / rows * rows))
        #expect(try db.scalarText("PRAGMA integrity_check") == "ok")
    }

    /// A nested inTransaction used to become a savepoint without a word: the
    /// caller believed it committed. Now it is refused, and nesting is said.
    @Test(arguments: Engine.tested) func aTransactionInsideATransactionIsRefused(engine: Engine) throws {
        let (db, _) = try scratch(engine)
        try db.execute("CREATE TABLE t (x INTEGER)")
        let error = #expect(throws: DatabaseError.self) {
            try db.inTransaction {
                try db.run("INSERT INTO t VALUES (1)")
                try db.inTransaction { try db.run("INSERT INTO t VALUES (2)") }
            }
        }
        #expect(error?.resultCode == .misuse)
        #expect(error?.message.contains("inSavepoint") == true)
        #expect(try db.scalar("SELECT count(*) FROM t") == 0)
    }

    @Test(arguments: Engine.tested) func literalSQLIsCachedAndOneOffSQLIsNot(engine: Engine) throws {
        let (db, _) = try scratch(engine)
        let first = try db.prepare("SELECT 1")
        let second = try db.prepare("SELECT 1")
        #expect(first === second)
        let before = db.cachedStatementCount
        for n in 0..<20 { _ = try db.makeStatement("SELECT \(n)").scalar() }
        #expect(db.cachedStatementCount == before)
        #expect(try db.cachedStatement("SELECT 2") === db.cachedStatement("SELECT 2"))
        #expect(db.cachedStatementCount == before + 1)
    }

    @Test(arguments: Engine.tested) func insertGivesTheNewRowsID(engine: Engine) throws {
        let (db, _) = try scratch(engine)
        try db.execute(db.dialect.schema("CREATE TABLE t (id INTEGER PRIMARY KEY, x INTEGER)"))
        #expect(try db.insert("INSERT INTO t(x) VALUES (?) RETURNING id", [7]) == 1)
        #expect(try db.insert("INSERT INTO t(x) VALUES (?) RETURNING id", [8]) == 2)
    }

    /// SQLite only: a parameter's kind is SQLite's to keep; on a server every
    /// value travels as text and takes its column's type
    /// (PostgreSQLConnectionTests.valuesTravelAsTextBothWays).
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

    @Test(arguments: Engine.tested) func wrongArgumentCountIsAnError(engine: Engine) throws {
        let (db, _) = try scratch(engine)
        #expect(throws: DatabaseError.self) { try db.run("SELECT ?", []) }
    }

    @Test(arguments: Engine.tested) func migrationsApplyOnceInOrderAndRecordTheVersion(engine: Engine) throws {
        let (db, _) = try scratch(engine)
        let migrations = [
            Migration("0001-a", sql: "CREATE TABLE a (x INTEGER)"),
            Migration("0002-b", sql: "ALTER TABLE a ADD COLUMN y INTEGER")
        ]
        try db.migrate(migrations)
        try db.migrate(migrations)
        #expect(try db.schemaVersion == 2)
        #expect(try db.scalar("SELECT count(*) FROM schema_migration") == 2)
        try db.run("INSERT INTO a(x, y) VALUES (1, 2)")
    }

    /// Features merged in parallel: a database may already have "0005-trust"
    /// when "0003-market" arrives. Missing ones are applied, in list order.
    @Test(arguments: Engine.tested) func anyAppliedSubsetMigratesInListOrder(engine: Engine) throws {
        let (db, _) = try scratch(engine)
        let core = Migration("0001-core", sql: "CREATE TABLE log (step TEXT)")
        let trust = Migration("0005-trust", sql: "INSERT INTO log VALUES ('trust')")
        try db.migrate([core, trust])
        let market = Migration("0003-market", sql: "INSERT INTO log VALUES ('market')")
        let reports = Migration("0004-reports", sql: "INSERT INTO log VALUES ('reports')")
        try db.migrate([core, market, reports, trust])
        #expect(
            try db.makeStatement("SELECT step FROM log ORDER BY \(db.dialect.insertionOrder)").map { $0.text(0) } == [
                "trust", "market", "reports"
            ])
        #expect(try db.schemaVersion == 4)
        // List order, not name order, decides when both are new.
        let (fresh, _) = try scratch(engine)
        try fresh.migrate([
            Migration("0002-b", sql: "CREATE TABLE a (x INTEGER)"),
            Migration("0001-a", sql: "ALTER TABLE a ADD COLUMN y INTEGER")
        ])
        #expect(try fresh.schemaVersion == 2)
    }

    /// An older binary used to skip the migrations it did not know and write
    /// to the newer schema; it now refuses the database and writes nothing.
    @Test(arguments: Engine.tested) func aSchemaNewerThanTheBinaryIsRefused(engine: Engine) throws {
        let (db, location) = try scratch(engine)
        let known = [Migration("0001-a", sql: "CREATE TABLE a (x INTEGER)")]
        try db.migrate(known)
        try db.run(
            "INSERT INTO schema_migration(identifier, applied_at) VALUES ('0099-from-the-future', '2027-01-01T00:00:00Z')"
        )
        let error = #expect(throws: ScortaError.self) {
            try db.migrate(known + [Migration("0002-b", sql: "CREATE TABLE b (x INTEGER)")])
        }
        #expect(error?.description.contains("newer version of Scorta") == true)
        #expect(error?.description.contains("0099-from-the-future") == true)
        #expect(try !db.tableNames().contains("b"))
        // The same through Store.open, as every command opens the file.
        let test = try TestDatabase(engine)
        try test.db.run(
            "INSERT INTO schema_migration(identifier, applied_at) VALUES ('0099-from-the-future', '2027-01-01T00:00:00Z')"
        )
        #expect(throws: ScortaError.self) { try Store.open(path: test.path) }
        _ = location
    }

    @Test(arguments: Engine.tested) func aFailingMigrationLeavesNoTrace(engine: Engine) throws {
        let (db, _) = try scratch(engine)
        #expect(throws: DatabaseError.self) {
            try db.migrate([Migration("0001-bad", sql: "CREATE TABLE a (x INTEGER); CREATE TABLE a (y INTEGER);")])
        }
        #expect(try db.schemaVersion == 0)
        #expect(try !db.tableNames().contains("a"))
    }

    @Test(arguments: Engine.tested) func walLetsAReaderGoOnWhileAnotherConnectionWrites(engine: Engine) throws {
        let (db, location) = try scratch(engine)
        if engine == .sqlite { #expect(try db.scalarText("PRAGMA journal_mode") == "wal") }
        try db.execute("CREATE TABLE t (x INTEGER)")
        let other = try Store.isPostgreSQL(location) ? Database(postgreSQL: location) : Database(path: location)
        try db.inTransaction {
            try db.run("INSERT INTO t VALUES (1)")
            #expect(try other.scalar("SELECT count(*) FROM t") == 0)
        }
        #expect(try other.scalar("SELECT count(*) FROM t") == 1)
    }

    /// SQLite only: its busy handler (on a server the writers' turn waits,
    /// SignsOfLifeTests.aWriteWaitingForAnotherSitesTurnSaysSo).
    /// A writer that finds the write lock taken waits for it (the default
    /// busy timeout of every connection) instead of failing: another thread
    /// holds the lock for 300 ms and our write must still go through, having
    /// waited. With no timeout it fails at once with SQLITE_BUSY, as the
    /// second half shows.
    @Test func aWriterWaitsForTheLockWithinTheBusyTimeout() throws {
        let (db, url) = try scratch()
        try db.execute("CREATE TABLE t (x INTEGER)")
        let path = url.path
        let held = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        func holdTheLock(milliseconds: UInt32) {
            Thread.detachNewThread {
                do {
                    let holder = try Database(path: path)
                    try holder.inTransaction {
                        try holder.run("INSERT INTO t VALUES (0)")
                        held.signal()
                        usleep(milliseconds * 1000)
                    }
                } catch {
                    Issue.record("the holder failed: \(error)")
                    held.signal()
                }
                done.signal()
            }
            held.wait()
        }

        holdTheLock(milliseconds: 300)
        let started = Date()
        try db.inTransaction { try db.run("INSERT INTO t VALUES (1)") }
        #expect(Date().timeIntervalSince(started) > 0.2)
        done.wait()
        #expect(try db.scalar("SELECT count(*) FROM t") == 2)

        let impatient = try Database(path: path, busyTimeoutMilliseconds: 0)
        holdTheLock(milliseconds: 300)
        let error = #expect(throws: DatabaseError.self) {
            try impatient.inTransaction { try impatient.run("INSERT INTO t VALUES (2)") }
        }
        #expect(error?.resultCode.isBusy == true)
        done.wait()
    }

    /// SQLite only: the last connection to close copies the log into the file,
    /// so the file alone is the whole ledger (a copy of it carries every
    /// document), and leaves the log beside it, empty: the next command writes
    /// into it instead of creating it, syncing the folder and removing it again.
    @Test func closingLeavesTheFileWholeAndItsLogKeptEmpty() throws {
        let url = folder.appendingPathComponent("kept.sqlite")
        do {
            let db = try Database(path: url.path, create: true)
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT)")
            try db.inTransaction { try db.run("INSERT INTO t(a) VALUES ('posted')") }
        }
        let log = try FileManager.default.attributesOfItem(atPath: url.path + "-wal")
        #expect((log[.size] as? NSNumber)?.intValue == 0)
        let alone = folder.appendingPathComponent("alone.sqlite")
        try FileManager.default.copyItem(at: url, to: alone)
        #expect(try Database(path: alone.path).scalarText("SELECT a FROM t") == "posted")
    }

    /// SQLite only: a file's mode (on a server, access is the grants: ServerRolesTests).
    @Test func createdDatabaseIsReadableByItsOwnerOnly() throws {
        let test = try TestDatabase()
        let attributes = try FileManager.default.attributesOfItem(atPath: test.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
    }
}
