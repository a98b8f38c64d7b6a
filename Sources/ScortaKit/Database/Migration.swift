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
    /// the schema version. List order, not name order, because features
    /// merged in parallel may apply to a database that already has a
    /// later-numbered one; any applied subset is fine.
    ///
    /// A database that holds a migration this list does not know was
    /// migrated by a newer Scorta, and is refused: this binary would write
    /// rows that miss what the newer schema requires (a new table kept in
    /// step, a new column in the hash seal) and nobody would notice.
    public func migrate(_ migrations: [Migration] = Schema.migrations) throws {
        // A site's login may not create anything in the owner's schema, not
        // even "if not exists": on a server the table is looked for first.
        // What the server said at connection, read once (a later call asks again).
        let known = migrationsAtConnect
        migrationsAtConnect = nil
        if try known == nil
            && (!isPostgreSQL || scalarText("SELECT to_regclass('schema_migration')::text") == nil)
        {
            try execute(dialect.createMigrationTable)
        }
        let applied = try known ?? Set(query("SELECT identifier FROM schema_migration") { $0.text(0) })
        let unknown = applied.subtracting(migrations.map(\.identifier))
        guard unknown.isEmpty else {
            throw ScortaError.refused(
                """
                the database at \(path) was updated by a newer version of Scorta (schema steps \(unknown.sorted().joined(separator: ", ")) \
                are unknown to this one, \(Scorta.version)); nothing was written: use the newer scorta
                """)
        }
        let pending = migrations.filter { !applied.contains($0.identifier) }
        for migration in pending {
            // A savepoint inside a caller's transaction (a ledger copied into a
            // new database builds its schema and rows in one), else its own.
            try inSavepoint(.immediate) {
                try execute(dialect.schema(migration.sql))
                try migration.backfill?(self)
                try makeStatement(
                    "INSERT INTO schema_migration(identifier, applied_at) VALUES (?, \(dialect.nowTimestamp))"
                )
                .run([migration.identifier])
                let version = try scalar("SELECT count(*) FROM schema_migration") ?? 0
                try execute(dialect.setSchemaVersion(Int(version)))
            }
        }
        // New tables of a server's ledger get their grants (a new ledger gets them from init or copy).
        if isPostgreSQL, !pending.isEmpty, !applied.isEmpty { try ServerRoles.secure(self) }
    }

    /// The number of migrations applied.
    public var schemaVersion: Int {
        get throws { Int(try makeStatement(dialect.schemaVersionQuery).scalar() ?? 0) }
    }
}
