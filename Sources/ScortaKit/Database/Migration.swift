/// One step of the schema, identified by a name that sorts in order of application.
/// A step that adds a cache may fill it for existing rows with `backfill`,
/// in the same transaction as its SQL.
public struct Migration: Sendable {
    public let identifier: String
    public let sql: String
    /// Work SQL cannot do (hashing or encoding existing rows), run after `sql` in the same transaction.
    public let backfill: (@Sendable (Database) throws -> Void)?

    public init(_ identifier: String, sql: String, backfill: (@Sendable (Database) throws -> Void)? = nil) {
        self.identifier = identifier
        self.sql = sql
        self.backfill = backfill
    }
}

extension Database {
    /// Applies, in list order, the migrations not applied yet; each in its own
    /// immediate transaction, recorded in `schema_migration` and counted in
    /// `PRAGMA user_version` (the schema version). List order, not name
    /// order, because features merged in parallel may apply to a database
    /// that already has a later-numbered one; any applied subset is fine.
    public func migrate(_ migrations: [Migration] = Schema.migrations) throws {
        try execute("CREATE TABLE IF NOT EXISTS schema_migration (identifier TEXT PRIMARY KEY, applied_at TEXT NOT NULL) WITHOUT ROWID")
        let applied = Set(try query("SELECT identifier FROM schema_migration") { $0.text(0) })
        for migration in migrations where !applied.contains(migration.identifier) {
            try inTransaction(.immediate) {
                try execute(migration.sql)
                try migration.backfill?(self)
                try run("INSERT INTO schema_migration(identifier, applied_at) VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))",
                        [migration.identifier])
                let version = try scalar("SELECT count(*) FROM schema_migration") ?? 0
                try execute("PRAGMA user_version = \(version)")
            }
        }
    }

    /// The number of migrations applied.
    public var schemaVersion: Int {
        get throws { Int(try scalar("PRAGMA user_version") ?? 0) }
    }
}
