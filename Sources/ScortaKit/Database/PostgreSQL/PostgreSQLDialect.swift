import Foundation

/// PostgreSQL's spelling of what `SQLDialect` gathers (PostgreSQL 12 or later).
public struct PostgreSQLDialect: SQLDialect {
    public init() {}

    /// Every value Scorta reads and writes is UTF-8 text or an integer; the
    /// server's notices (an index that already exists) are not the user's business.
    /// A query read through a cursor (`PostgreSQLConnection+Portal`) is read
    /// to its end: planned for all its rows, not the first tenth.
    public let connectionSetup = "SET client_min_messages TO warning; SET cursor_tuple_fraction TO 1"

    /// A writer runs SERIALIZABLE: two sites that read the same stock or the
    /// same document number cannot both act on it; the server refuses one
    /// (40001) and `PostgreSQLConnection.inTransaction` runs it again. A
    /// reader (a report) needs one snapshot and never conflicts: REPEATABLE
    /// READ gives exactly that.
    public func begin(_ kind: Database.TransactionKind) -> String {
        switch kind {
        case .deferred: "BEGIN ISOLATION LEVEL REPEATABLE READ"
        case .immediate: "BEGIN ISOLATION LEVEL SERIALIZABLE"
        }
    }

    /// Sent after a writer's BEGIN (`Database.oneTransaction`). A writer
    /// holds the writers' turn, so what it can still wait for is a
    /// lock taken outside Scorta (a `LOCK TABLE` typed in psql, a schema
    /// step): for as long as a wait for the turn (`Database.writerWaitMilliseconds`),
    /// unless the session's own `lock_timeout` says otherwise, then the
    /// command ends with the busy error (55P03) and nothing written,
    /// instead of hanging.
    static let boundedLockWaits =
        "SELECT set_config('lock_timeout', CASE current_setting('lock_timeout') WHEN '0' THEN '\(Database.writerWaitMilliseconds)ms' ELSE current_setting('lock_timeout') END, true)"

    public func savepoint(_ name: String) -> String { "SAVEPOINT \(name)" }
    public func releaseSavepoint(_ name: String) -> String { "RELEASE SAVEPOINT \(name)" }
    public func rollbackToSavepoint(_ name: String) -> String {
        "ROLLBACK TO SAVEPOINT \(name); RELEASE SAVEPOINT \(name)"
    }

    /// The row's physical position: insertion order for a table nobody updates
    /// (distribution_recipient is append-only), which is where it is used.
    public let insertionOrder = "ctid"
    /// PostgreSQL's `CROSS JOIN` takes no ON; its planner needs no hint.
    public let orderedJoin = "JOIN"
    /// Scorta's writers take turns, as on SQLite: a session-level advisory
    /// lock (key: "Scorta" in ASCII) held from before BEGIN to after COMMIT.
    /// Without it four sites checking out the same goods at once collided
    /// so often under SERIALIZABLE (a checkout reads stock, points and
    /// limits) that some exhausted their retries (the concurrency trial on
    /// PostgreSQL). Taken before BEGIN so the snapshot follows the previous
    /// writer's commit; released by the server if the site's connection
    /// drops. SERIALIZABLE stays for anything else writing to the database.
    public let writerLock: WriterLock? = WriterLock(
        take: "SELECT pg_advisory_lock(91686536639585)", release: "SELECT pg_advisory_unlock(91686536639585)")
    public let caseInsensitiveLike = "ILIKE"
    public let nowTimestamp = "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')"
    public let tableNamesQuery =
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY name"
    /// With the migrations table comes SQLite's `NOCASE` collation, which
    /// codes are looked up with (`mag-a` finds MAG-A): an ICU collation that
    /// ignores case (level 2) but not accents, as NOCASE does.
    public let createMigrationTable = """
        CREATE COLLATION IF NOT EXISTS nocase (provider = icu, locale = 'und-u-ks-level2', deterministic = false);
        CREATE TABLE IF NOT EXISTS schema_migration (identifier TEXT PRIMARY KEY, applied_at TEXT NOT NULL)
        """
    /// PostgreSQL has no `user_version`; the count of applied steps is the same figure.
    public let schemaVersionQuery = "SELECT count(*) FROM schema_migration"
    public func setSchemaVersion(_ version: Int) -> String { "SELECT \(version)" }
    /// The server keeps its own files sound (WAL, checksums if enabled); what
    /// is left to check is that the database answers.
    public let integrityCheck = "SELECT 'ok'"

    /// The schema's steps are written once, in SQLite's spelling; this turns
    /// the few words PostgreSQL spells otherwise:
    /// - `INTEGER PRIMARY KEY` is SQLite's rowid, numbered on insert: an
    ///   identity column here (BY DEFAULT, so a ledger copied from SQLite keeps its ids);
    /// - `INTEGER` is 64 bits in SQLite: `BIGINT` (PostgreSQL's `integer` is 32);
    /// - `BLOB` is `BYTEA`; `WITHOUT ROWID` has no meaning (every table is a heap);
    /// - `a IS NOT b` (SQLite's null-safe comparison) is `IS DISTINCT FROM`.
    public func schema(_ sql: String) -> String {
        var text = sql
        for (pattern, replacement) in Self.schemaRewrites {
            text = text.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        return text
    }

    private static let schemaRewrites: [(String, String)] = [
        (#"\)\s*WITHOUT ROWID"#, ")"),
        (#"\bINTEGER PRIMARY KEY\b"#, "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"),
        (#"\bINTEGER\b"#, "BIGINT"),
        (#"\bBLOB\b"#, "BYTEA"),
        (#"\bIS NOT (?!NULL\b)"#, "IS DISTINCT FROM ")
    ]
}
