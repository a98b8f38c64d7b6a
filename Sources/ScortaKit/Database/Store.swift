import Foundation

/// Finding, creating and opening the Scorta database: a file on this
/// computer (SQLite), or a PostgreSQL database that several sites share.
public enum Store {
    /// `--db`, else `SCORTA_DB`, else `$XDG_DATA_HOME/scorta/scorta.sqlite`
    /// (`~/.local/share/scorta/scorta.sqlite`).
    public static func path(explicit: String?) -> String {
        if let explicit { return explicit }
        if let fromEnvironment = Environment.value("SCORTA_DB") { return fromEnvironment }
        let dataHome = Environment.value("XDG_DATA_HOME") ?? ((Environment.value("HOME") ?? ".") + "/.local/share")
        return dataHome + "/scorta/scorta.sqlite"
    }

    /// Whether `location` names a PostgreSQL database rather than a file: a
    /// `postgresql://` or `postgres://` URI, or a `service=NAME` from
    /// pg_service.conf. Anything else is a file path, so a file that happens
    /// to be called `service=x` needs a `./` before it.
    public static func isPostgreSQL(_ location: String) -> Bool {
        let lowered = location.lowercased()
        return lowered.hasPrefix("postgresql://") || lowered.hasPrefix("postgres://") || lowered.hasPrefix("service=")
    }

    /// How `location` is named in messages: a file's path, a server's URI without its password.
    public static func displayName(_ location: String) -> String {
        isPostgreSQL(location) ? PostgreSQLConnection.redacted(location) : location
    }

    /// Whether a ledger is at `location`: the file exists, or the PostgreSQL
    /// database has tables (connecting to it to ask).
    public static func exists(_ location: String) throws -> Bool {
        guard isPostgreSQL(location) else { return FileManager.default.fileExists(atPath: location) }
        return try Database(postgreSQL: location).hasTables
    }

    /// Opens an existing database and brings its schema up to date.
    public static func open(path: String) throws -> Database {
        if isPostgreSQL(path) {
            let db = try Database(postgreSQL: path)
            // A database with schema steps has tables; only one without is asked.
            guard try db.migrationsAtConnect != nil || db.hasTables else {
                // The ledger is there but this login may read none of it: not (or no longer) an operator's.
                if try db.scalar("SELECT count(*) FROM pg_class WHERE oid = to_regclass('schema_migration')") == 1 {
                    let login = try db.scalarText("SELECT session_user") ?? "?"
                    throw ScortaError.refused(
                        """
                        login '\(login)' may not use the ledger at \(db.path): it is not the login of an active operator \
                        (an admin adds it with 'scorta operator add', or makes it active again with 'scorta operator edit')
                        """)
                }
                throw ScortaError.invalid(
                    "the PostgreSQL database \(db.path) is empty: create the ledger there with 'scorta init --db \(db.path)'"
                )
            }
            try db.migrate()
            return db
        }
        guard FileManager.default.fileExists(atPath: path) else {
            throw ScortaError.invalid(
                "no database at \(path): create one with 'scorta init' (or give --db PATH / SCORTA_DB)")
        }
        let db = try Database(path: path)
        try db.migrate()
        return db
    }

    /// Creates a new database from the seeds. Refuses to overwrite an existing
    /// file, or to write into a PostgreSQL database that already has tables.
    /// The file is readable by its owner only (it may hold personal data),
    /// and a failed seed leaves no file (no table) behind. `firstOperator` is
    /// registered with every role.
    @discardableResult
    public static func create(path: String, seeds: SeedFiles, date: CivilDate = .today(), firstOperator: String? = nil)
        throws -> Database
    {
        let db = try isPostgreSQL(path) ? createEmpty(postgreSQL: path) : createEmpty(path: path)
        do {
            try db.migrate()
            try SeedLoader.load(into: db, from: seeds, date: date)
            // The one who creates the database can then register everyone else.
            if let firstOperator { try Operators(db).add(firstOperator, roles: Set(Role.allCases), by: firstOperator) }
            // On a server: the groups, and history append-only for every login but this owner.
            try ServerRoles.secure(db)
            return db
        } catch {
            if db.isPostgreSQL {
                try? db.dropEverything()
            } else {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
            throw error
        }
    }

    /// Removes an earlier demo database at `location` (a file, or the tables
    /// of a PostgreSQL database) so a new demo can take its place; refuses
    /// anything that is not a demo (no `demo` setting): real data is never replaced.
    public static func removeDemo(at location: String) throws {
        let postgreSQL = isPostgreSQL(location)
        guard postgreSQL || FileManager.default.fileExists(atPath: location) else { return }
        let existing = try postgreSQL ? Database(postgreSQL: location) : Database(path: location)
        guard try existing.hasTables else { return }
        let isDemo = (try? existing.scalarText("SELECT value FROM setting WHERE key = 'demo'")) == "1"
        guard isDemo else {
            throw ScortaError.refused(
                "\(existing.path) exists and is not a demo database; demo never overwrites real data")
        }
        if postgreSQL {
            try existing.dropEverything()
        } else {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: location + suffix) }
        }
    }

    /// Creates the folder that will hold `path`, readable by its owner only.
    static func makeFolder(for path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(
                atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
    }

    /// A new empty database file readable by its owner only (0600, in a 0700
    /// folder when the folder is new). Refuses to overwrite an existing file.
    static func createEmpty(path: String) throws -> Database {
        let manager = FileManager.default
        guard !manager.fileExists(atPath: path) else {
            throw ScortaError.refused("a database already exists at \(path); init never overwrites one")
        }
        try makeFolder(for: path)
        guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw ScortaError.invalid("cannot create \(path)")
        }
        do {
            return try Database(path: path)
        } catch {
            try? manager.removeItem(atPath: path)
            throw error
        }
    }

    /// A connection to an empty PostgreSQL database. The database itself is
    /// made by whoever runs the server (`createdb`), with its owner; a
    /// database that already has tables is refused as an existing file is.
    static func createEmpty(postgreSQL target: String) throws -> Database {
        let db = try Database(postgreSQL: target)
        guard try !db.hasTables else {
            throw ScortaError.refused(
                "the PostgreSQL database \(db.path) already has tables; init writes only into an empty database")
        }
        return db
    }
}

extension Database {
    /// Whether the database holds any table (a new file or a new PostgreSQL database holds none).
    var hasTables: Bool {
        get throws { try makeStatement(dialect.tableNamesQuery).first { _ in true } ?? false }
    }

    /// Drops every table of a PostgreSQL database that `Store.create` found
    /// empty and failed to fill, so the next `init` finds it empty again.
    func dropEverything() throws {
        if isInTransaction { try execute("ROLLBACK") }
        let tables = try makeStatement(dialect.tableNamesQuery).map { $0.text(0) }
        guard !tables.isEmpty else { return }
        try execute("DROP TABLE IF EXISTS " + tables.map { "\"\($0)\"" }.joined(separator: ", ") + " CASCADE")
    }
}
