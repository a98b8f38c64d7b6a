import CSQLite
import Foundation

/// Backups with SQLite's online backup API, and restores that check the copy
/// first. Neither ever overwrites a file silently.
///
///     try Backup.copy(db, to: "/media/usb/scorta-2026-11-30.sqlite")
///     let report = try Backup.restore(from: "/media/usb/scorta-2026-11-30.sqlite", to: Store.path(explicit: nil),
///                                     replace: true, operatorName: "admin")
public enum Backup {
    /// What a backup or restore copied.
    public struct Summary: Sendable {
        public let documents: Int
        public let head: String
        /// Where the replaced database was kept (restore with `replace`).
        public let keptAs: String?
        /// Staging files of an earlier restore that was killed, removed by this one.
        public var staleRemoved: [String] = []
    }

    /// Copies the live database `db` into a new file at `path` (readable by its
    /// owner only) while other processes go on writing: the backup API reads
    /// one consistent snapshot, and WAL lets writers continue meanwhile.
    @discardableResult
    public static func copy(_ db: Database, to path: String) throws -> Summary {
        try copy(db, to: OutputFile(path))
    }

    /// The same under `OutputFile`'s rules: an existing file only with `force`,
    /// never a SQLite file (another backup) or the live database; the copy is
    /// made in a temporary file, renamed into place when it is complete.
    @discardableResult
    public static func copy(_ db: Database, to output: OutputFile) throws -> Summary {
        if db.isPostgreSQL {
            // A server's ledger has no pages to copy: the same SQLite file is
            // built row by row from one snapshot, ids, numbers and chain head kept.
            let copied = try LedgerCopy.copy(from: db, into: output)
            return Summary(documents: copied.documents, head: copied.head, keptAs: nil)
        }
        return try output.writeLedgerFile { target in
            try pages(from: db, into: target)
            return Summary(
                documents: Int(try target.scalar("SELECT count(*) FROM document") ?? 0),
                head: try HashChain.head(target), keptAs: nil)
        }
    }

    /// The backup at `source` copied into the new file `staging`, brought to
    /// this Scorta's schema and proven by everything `check` and `verify`
    /// prove; a damaged or foreign file is refused with nothing restored.
    static func checkedCopy(of source: String, at staging: String, meter: ProgressMeter) throws -> Database {
        let checked = try Database(path: staging)
        meter.step("copying the backup")
        do {
            try pages(from: try Database(path: source, readOnly: true), into: checked)
            // An empty file is a valid empty SQLite database: migrating it would "restore" nothing over the ledger.
            guard
                try checked.scalar("SELECT count(*) FROM sqlite_master WHERE name IN ('schema_migration', 'document')")
                    == 2
            else {
                throw ScortaError.refused("\(source) is not a Scorta database; nothing was restored")
            }
            try checked.execute("PRAGMA journal_mode = WAL")
            try checked.migrate()
        } catch let error as DatabaseError {
            throw ScortaError.refused(
                "\(source) is not a readable Scorta database (\(error.message)); nothing was restored")
        }
        meter.step("checking the copy")
        let problems = try problems(in: checked)
        guard problems.isEmpty else {
            throw ScortaError.refused(
                "\(source) is damaged, nothing was restored: \(problems[0])\(problems.count > 1 ? " (and \(problems.count - 1) more)" : "")"
            )
        }
        return checked
    }

    /// A backup file restored into a PostgreSQL database: only an empty one
    /// (a server's ledger is never replaced wholesale by one site; make a
    /// new database with createdb and point the sites at it). The copy is
    /// checked as for a file, then moved row by row (`LedgerCopy`), which
    /// proves it again on the server before it commits.
    static func restore(
        from source: String, toServer target: String, operatorName: String,
        authorize: (Database) throws -> Void
    ) throws -> Summary {
        guard FileManager.default.fileExists(atPath: source) else {
            throw ScortaError.invalid("no backup at \(source)")
        }
        let server = try Database(postgreSQL: target)
        guard try !server.hasTables else {
            throw ScortaError.refused(
                """
                the PostgreSQL database \(server.path) already has tables; restore writes a backup only into an empty database \
                (make one with createdb and restore into it)
                """)
        }
        let staging =
            FileManager.default.temporaryDirectory.path
            + "/scorta-restore-\(getpid())-\(UUID().uuidString.prefix(8)).sqlite"
        let stagingFiles = ["", "-wal", "-shm", "-journal"].map { staging + $0 }
        stagingFiles.forEach(TemporaryFiles.register)
        defer { stagingFiles.forEach(TemporaryFiles.remove) }
        guard FileManager.default.createFile(atPath: staging, contents: nil, attributes: [.posixPermissions: 0o600])
        else {
            throw ScortaError.invalid("cannot create \(staging)")
        }
        let meter = SignsOfLife.begin("restore", unit: "steps", total: 3)
        defer { meter.end() }
        let checked = try checkedCopy(of: source, at: staging, meter: meter)
        try authorize(checked)
        try Audit.record(checked, operator: operatorName, action: .restore, subject: "database", detail: source)
        meter.step("copying it to the server")
        let copied = try LedgerCopy.copy(from: checked, into: server)
        return Summary(documents: copied.documents, head: copied.head, keptAs: nil)
    }

    /// Runs the online backup from `source` into `target` in one step, so the
    /// copy is one snapshot of the source.
    static func pages(from source: Database, into target: Database) throws {
        guard let backup = sqlite3_backup_init(target.handle, "main", source.handle, "main") else {
            throw target.error(code: sqlite3_errcode(target.handle), sql: nil)
        }
        var code: Int32
        repeat {
            code = sqlite3_backup_step(backup, -1)
            if code == SQLITE_BUSY || code == SQLITE_LOCKED { sqlite3_sleep(50) }
        } while code == SQLITE_OK || code == SQLITE_BUSY || code == SQLITE_LOCKED
        let finish = sqlite3_backup_finish(backup)
        guard code == SQLITE_DONE, finish == SQLITE_OK else {
            throw target.error(code: code == SQLITE_DONE ? finish : code, sql: nil)
        }
    }

    /// Every reason the database at `db` cannot be trusted: SQLite's integrity
    /// check, everything `check` proves (ledger replay, points ledger, report
    /// facts: `Consistency`) and everything `verify` proves (the hash chain,
    /// every sealed row, the numbering).
    public static func problems(in db: Database) throws -> [String] {
        let integrity = try db.makeStatement(db.dialect.integrityCheck).map { $0.text(0) }
        guard integrity == ["ok"] else { return integrity.map { "integrity check: \($0)" } }
        var problems = try Consistency.problems(in: db)
        let chain = try HashChain.verify(db)
        if let broken = chain.firstBroken {
            problems.append(
                "hash chain: \(chain.firstBrokenIsRecord ? "record" : "document") \(broken) no longer matches its recorded hash"
            )
        }
        return problems + chain.problems.map { "hash chain: " + $0 }
    }

    /// Checks the copy at `source` and only then puts it in place at `target`.
    /// An existing target is replaced only with `replace`, and is first backed
    /// up next to itself (`…before-restore-TIMESTAMP`). `authorize` is asked
    /// with the checked copy (who is an admin there) when no target exists yet.
    /// `live` is the caller's open connection to `target`, if it has one: the
    /// copy is written through it rather than through a second connection.
    @discardableResult
    public static func restore(
        from source: String, to target: String, replace: Bool, operatorName: String,
        live open: Database? = nil, authorize: (Database) throws -> Void = { _ in }
    ) throws -> Summary {
        if Store.isPostgreSQL(target) {
            return try restore(from: source, toServer: target, operatorName: operatorName, authorize: authorize)
        }
        let manager = FileManager.default
        guard manager.fileExists(atPath: source) else { throw ScortaError.invalid("no backup at \(source)") }
        // A region's copy takes a while to check: its steps (and check's and verify's inside) are signs of life.
        let meter = SignsOfLife.begin("restore", unit: "steps", total: 3)
        defer { meter.end() }
        let targetExists = manager.fileExists(atPath: target)
        if targetExists, !replace {
            throw ScortaError.refused(
                "a database exists at \(target); give --replace to replace it (it is kept as a backup first)")
        }
        try Store.makeFolder(for: target)
        let targetURL = URL(fileURLWithPath: target)
        let stale = TemporaryFiles.removeStale(
            in: targetURL.deletingLastPathComponent().path,
            prefix: targetURL.lastPathComponent + ".restoring-", suffix: "")
        let staging = target + ".restoring-\(getpid())"
        // Removed on every way out, a SIGINT or SIGTERM included.
        let stagingFiles = ["", "-wal", "-shm", "-journal"].map { staging + $0 }
        stagingFiles.forEach(TemporaryFiles.register)
        defer { stagingFiles.forEach(TemporaryFiles.remove) }
        guard manager.createFile(atPath: staging, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw ScortaError.invalid("cannot create \(staging)")
        }
        let checked = try checkedCopy(of: source, at: staging, meter: meter)
        if !targetExists { try authorize(checked) }
        try Audit.record(checked, operator: operatorName, action: .restore, subject: "database", detail: source)
        var keptAs: String?
        meter.step("putting the copy in place")
        if targetExists {
            let live = try open.flatMap { $0.path == target ? $0 : nil } ?? Database(path: target)
            let kept = target + ".before-restore-" + Clock.timestamp().replacingOccurrences(of: ":", with: "")
            try copy(live, to: kept)
            keptAs = kept
            try pages(from: checked, into: live)
            try live.execute("PRAGMA journal_mode = WAL")
        } else {
            let live = try Store.createEmpty(path: target)
            try pages(from: checked, into: live)
            try live.execute("PRAGMA journal_mode = WAL")
        }
        return Summary(
            documents: Int(try checked.scalar("SELECT count(*) FROM document") ?? 0), head: try HashChain.head(checked),
            keptAs: keptAs,
            staleRemoved: stale)
    }
}
