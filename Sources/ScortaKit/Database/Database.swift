import CSQLite

/// One connection to a Scorta database file.
///
///     let db = try Database(path: "scorta.sqlite")
///     try db.inTransaction {
///         try db.run("INSERT INTO channel(code, name) VALUES (?, ?)", ["UMN", "Unità mobile notturna"])
///     }
///
/// Statements are cached by SQL text. The connection is used by one thread.
public final class Database {
    let handle: OpaquePointer
    public let path: String
    private var statements: [String: Statement] = [:]
    private var savepointDepth = 0

    /// Opens (or, with `create`, creates) the database at `path`.
    /// A busy timeout makes two processes (a warehouse PC and the market till)
    /// wait for each other instead of failing; WAL lets readers go on meanwhile.
    /// `readOnly` opens a file without changing a byte of it (checking a backup copy).
    public init(path: String, create: Bool = false, readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 15_000) throws {
        var pointer: OpaquePointer?
        let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        let flags = access | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard code == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let pointer { sqlite3_close_v2(pointer) }
            throw DatabaseError(resultCode: code, message: message)
        }
        self.handle = pointer
        self.path = path
        sqlite3_extended_result_codes(handle, 1)
        sqlite3_busy_timeout(handle, busyTimeoutMilliseconds)
        if readOnly { return }
        try execute("""
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = FULL;
            PRAGMA foreign_keys = ON;
            """)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    func error(code: Int32, sql: String?) -> DatabaseError {
        let extended = sqlite3_extended_errcode(handle)
        return DatabaseError(resultCode: extended != 0 ? extended : code,
                             message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    // MARK: - Running SQL

    /// Runs one or more statements with no arguments (schema, pragmas).
    public func execute(_ sql: String) throws {
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "error"
            sqlite3_free(message)
            throw DatabaseError(resultCode: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// The cached prepared statement for `sql`.
    public func prepare(_ sql: String) throws -> Statement {
        if let cached = statements[sql] { return cached }
        let statement = try Statement(database: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Runs a statement that returns no rows.
    public func run(_ sql: String, _ arguments: [any SQLBindable] = []) throws {
        try prepare(sql).run(arguments)
    }

    /// Maps every row of a query.
    public func query<T>(_ sql: String, _ arguments: [any SQLBindable] = [], _ transform: (Row) throws -> T) throws -> [T] {
        try prepare(sql).map(arguments, transform)
    }

    /// The first row of a query, mapped, or nil.
    public func first<T>(_ sql: String, _ arguments: [any SQLBindable] = [], _ transform: (Row) throws -> T) throws -> T? {
        try prepare(sql).first(arguments, transform)
    }

    /// The integer in the first column of the first row, or nil.
    public func scalar(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Int64? {
        try first(sql, arguments) { $0.optionalInt64(0) } ?? nil
    }

    /// The text in the first column of the first row, or nil.
    public func scalarText(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> String? {
        try first(sql, arguments) { $0.optionalText(0) } ?? nil
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }
    public var changes: Int { Int(sqlite3_changes(handle)) }
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    // MARK: - Transactions

    public enum TransactionKind: String { case deferred = "DEFERRED", immediate = "IMMEDIATE" }

    /// Runs `body` in a transaction: commits when it returns, rolls back and
    /// rethrows when it throws. Nested calls become savepoints.
    /// Writers use `.immediate` so they take the write lock up front and wait
    /// for it (busy timeout) instead of failing half-way with SQLITE_BUSY.
    @discardableResult
    public func inTransaction<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        if savepointDepth > 0 || isInTransaction {
            savepointDepth += 1
            let name = "scorta_sp\(savepointDepth)"
            defer { savepointDepth -= 1 }
            try execute("SAVEPOINT \(name)")
            do {
                let result = try body()
                try execute("RELEASE \(name)")
                return result
            } catch {
                try? execute("ROLLBACK TO \(name); RELEASE \(name)")
                throw error
            }
        }
        try execute("BEGIN \(kind.rawValue)")
        do {
            let result = try body()
            try execute("COMMIT")
            return result
        } catch {
            if isInTransaction { try? execute("ROLLBACK") }
            throw error
        }
    }
}
