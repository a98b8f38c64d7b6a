import Foundation

/// Finding, creating and opening the Scorta database file.
public enum Store {
    /// `--db`, else `SCORTA_DB`, else `$XDG_DATA_HOME/scorta/scorta.sqlite`
    /// (`~/.local/share/scorta/scorta.sqlite`).
    public static func path(explicit: String?) -> String {
        if let explicit { return explicit }
        if let fromEnvironment = Environment.value("SCORTA_DB") { return fromEnvironment }
        let dataHome = Environment.value("XDG_DATA_HOME") ?? ((Environment.value("HOME") ?? ".") + "/.local/share")
        return dataHome + "/scorta/scorta.sqlite"
    }

    /// Opens an existing database and brings its schema up to date.
    public static func open(path: String) throws -> Database {
        guard FileManager.default.fileExists(atPath: path) else {
            throw ScortaError.invalid("no database at \(path): create one with 'scorta init' (or give --db PATH / SCORTA_DB)")
        }
        let db = try Database(path: path)
        try db.migrate()
        return db
    }

    /// Creates a new database from the seeds. Refuses to overwrite an existing
    /// file. The file is readable by its owner only (it may hold personal
    /// data), and a failed seed leaves no file behind. `firstOperator` is
    /// registered with every role.
    @discardableResult
    public static func create(path: String, seeds: SeedFiles, date: CivilDate = .today(), firstOperator: String? = nil) throws -> Database {
        let db = try createEmpty(path: path)
        do {
            try db.migrate()
            try SeedLoader.load(into: db, from: seeds, date: date)
            // The one who creates the database can then register everyone else.
            if let firstOperator { try Operators(db).add(firstOperator, roles: Set(Role.allCases), by: firstOperator) }
            return db
        } catch {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            throw error
        }
    }

    /// Creates the folder that will hold `path`, readable by its owner only.
    static func makeFolder(for path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !FileManager.default.fileExists(atPath: folder) {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
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
}
