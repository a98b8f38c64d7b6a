/// What a database engine spells its own way, gathered so that a second
/// engine (PostgreSQL, issue 14) supplies its own dialect beside this one
/// instead of editing SQL all over the ledger. Everything else Scorta writes
/// is SQL both engines read alike: `INSERT … ON CONFLICT (…) DO UPDATE`,
/// `INSERT … RETURNING id`, `?` parameters (a PostgreSQL engine numbers them
/// when it prepares).
public protocol SQLDialect: Sendable {
    /// Run once on every connection that may write.
    var connectionSetup: String { get }
    /// Starts a transaction of `kind`.
    func begin(_ kind: Database.TransactionKind) -> String
    func savepoint(_ name: String) -> String
    func releaseSavepoint(_ name: String) -> String
    func rollbackToSavepoint(_ name: String) -> String
    /// Statements that make writers take turns, run before BEGIN and after
    /// COMMIT or ROLLBACK; nil when `begin(.immediate)` already does (SQLite).
    /// `take` waits for the turn (for how long: `Database.takeWriterTurn`).
    var writerLock: WriterLock? { get }
    /// A join whose left table the planner must keep as the outer loop:
    /// SQLite's `CROSS JOIN` says so; PostgreSQL plans a plain join well.
    var orderedJoin: String { get }
    /// The operator for a pattern match that ignores case (SQLite's LIKE
    /// ignores ASCII case; PostgreSQL's LIKE does not, its ILIKE does).
    var caseInsensitiveLike: String { get }
    /// A column that orders rows of a table by insertion, for tables without an id of their own:
    /// reliable on SQLite only (see `Schema.dependentOrdinal`), so read nowhere but there.
    var insertionOrder: String { get }
    /// The current UTC time as ISO 8601 text (`2026-11-30T09:15:00Z`), as an SQL expression.
    var nowTimestamp: String { get }
    /// One column `name`: the tables of the schema.
    var tableNamesQuery: String { get }
    /// The migrations table, created when missing.
    var createMigrationTable: String { get }
    /// The schema version kept beside the migrations table (a cheap check at start-up).
    var schemaVersionQuery: String { get }
    func setSchemaVersion(_ version: Int) -> String
    /// Rows of text: "ok" alone when the file is sound.
    var integrityCheck: String { get }
    /// A schema step (written in SQLite's spelling) as this engine reads it.
    func schema(_ sql: String) -> String
}

/// SQLite's spelling (the system library, 3.35 or later for RETURNING).
public struct SQLiteDialect: SQLDialect {
    public init() {}

    /// WAL lets readers go on while one process writes (a warehouse PC and the
    /// market till); FULL makes a committed document survive a power cut;
    /// foreign keys are off by default in SQLite. The log is kept between
    /// commands (`Database.init(path:)`); the size limit empties it when the
    /// last connection closes and, after a big write, cuts it back to about a
    /// checkpoint's worth (1,000 pages) once it has been copied into the file.
    public let connectionSetup = """
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = FULL;
        PRAGMA foreign_keys = ON;
        PRAGMA journal_size_limit = 4194304;
        """

    /// Writers take the write lock up front (IMMEDIATE) and wait for it within
    /// the busy timeout, instead of failing half-way with SQLITE_BUSY when a
    /// read transaction tries to become a write one.
    public func begin(_ kind: Database.TransactionKind) -> String {
        switch kind {
        case .deferred: "BEGIN DEFERRED"
        case .immediate: "BEGIN IMMEDIATE"
        }
    }

    public func savepoint(_ name: String) -> String { "SAVEPOINT \(name)" }
    public func releaseSavepoint(_ name: String) -> String { "RELEASE \(name)" }
    public func rollbackToSavepoint(_ name: String) -> String { "ROLLBACK TO \(name); RELEASE \(name)" }

    public let orderedJoin = "CROSS JOIN"
    /// BEGIN IMMEDIATE takes the write lock.
    public let writerLock: WriterLock? = nil
    public let caseInsensitiveLike = "LIKE"
    public let insertionOrder = "rowid"
    public let nowTimestamp = "strftime('%Y-%m-%dT%H:%M:%SZ','now')"
    public let tableNamesQuery =
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    public let createMigrationTable =
        "CREATE TABLE IF NOT EXISTS schema_migration (identifier TEXT PRIMARY KEY, applied_at TEXT NOT NULL) WITHOUT ROWID"
    public let schemaVersionQuery = "PRAGMA user_version"
    public func setSchemaVersion(_ version: Int) -> String { "PRAGMA user_version = \(version)" }
    public let integrityCheck = "PRAGMA integrity_check"
    /// The schema is written in SQLite's spelling.
    public func schema(_ sql: String) -> String { sql }
}
