import CSQLite
import CSQLiteMemory
import Glibc

/// One connection to a Scorta database file.
///
///     let db = try Database(path: "scorta.sqlite")
///     try db.inTransaction {
///         try db.run("INSERT INTO channel(code, name) VALUES (?, ?)", ["UMN", "Unità mobile notturna"])
///     }
///
/// SQL written as a literal (`run`, `query`, `first`, `scalar`, `prepare`)
/// is prepared once and cached: those are the hot paths. SQL built at run
/// time cannot be passed there (the parameter is a `StaticString`); it goes
/// through `makeStatement` (prepared, used, finalized) or, when the caller
/// knows the text comes from a small fixed set, `cachedStatement`.
/// The connection is used by one thread. Everything SQLite spells its own
/// way is in `dialect`.
/// SQLite configured once per process, before the first connection (see `scorta_configure_sqlite`),
/// with an allocator that keeps its freed small blocks for reuse (`scorta_sqlite_use_block_cache`).
private let sqliteConfigured: Int32 = scorta_sqlite_use_block_cache() | scorta_configure_sqlite()

public final class Database {
    /// The file on this computer, or the server every site shares (issue 14).
    enum Engine {
        case sqlite(OpaquePointer)
        case postgreSQL(PostgreSQLConnection)
    }

    let engine: Engine
    /// The file's path, or the server's URI without its password.
    public let path: String
    public let dialect: any SQLDialect
    /// Rows the last statement on PostgreSQL touched (SQLite counts them itself).
    var postgreSQLChanges = 0
    /// Statements of literal SQL, keyed by the literal's address (no hashing of the text).
    private var literalStatements: [UnsafeRawPointer: Statement] = [:]
    private var cachedStatements: [String: Statement] = [:]
    /// Batched statements by their texts' identity; the texts are held, so no other can take it.
    private var batchedStatements: [ObjectIdentifier: (texts: BatchedSQL.Texts, statements: [Statement?])] = [:]
    /// Literal `INSERT … RETURNING id` prepared without RETURNING (SQLite; see `rowidInsert`).
    private var rowidInserts: [UnsafeRawPointer: Statement?] = [:]
    private var savepointDepth = 0
    /// Counters the open PostgreSQL transaction writes when it commits
    /// (`Database+HeldCounters`); nil outside one opened by `inTransaction`.
    var heldCounters: [String: HeldCounter]?
    /// On SQLite, `SAVEPOINT` and `RELEASE` of each depth, prepared once: every posted
    /// document opens two or three, and `execute` parsed each one anew.
    private var savepointStatements: [(open: Statement, release: Statement)] = []
    /// On SQLite, inside a transaction opened `.allOrNothing`: units of work open no savepoint
    /// (see `TransactionUnits`); `poisonedBy` says which unit failed after writing, if one did.
    var unitsAllOrNothing = false
    var poisonedBy: String?
    /// On SQLite, inside `withoutStatementJournal`: batched inserts fail instead of aborting
    /// (`BatchedSQL.failing`), so SQLite keeps no copy of the pages each one changes.
    var batchedInsertsFail = false
    /// On PostgreSQL, the login the server authenticated (it cannot change
    /// during a session), asked once at connection.
    private(set) var serverLogin: String?
    /// On PostgreSQL, the schema steps the database had when this connection
    /// was made; nil when it has no ledger yet (or it was not asked).
    /// `migrate` reads it once instead of asking again.
    var migrationsAtConnect: Set<String>?
    /// On PostgreSQL, the login's operator row (roles, active) as the
    /// connection found it, `.some(nil)` when it has none; nil when not asked.
    /// Given once (`takeLoginOperator`): later questions read the table.
    private var loginOperatorAtConnect: (roles: String, active: Bool)??
    /// Waits for another writer's lock, saying so after a second (SQLite only).
    private var busyWait: BusyWait?

    /// Opens (or, with `create`, creates) the database at `path`.
    /// A busy timeout makes two processes (a warehouse PC and the market till)
    /// wait for each other instead of failing.
    /// `readOnly` opens a file without changing a byte of it (checking a backup copy).
    public init(path: String, create: Bool = false, readOnly: Bool = false, busyTimeoutMilliseconds: Int32 = 15_000)
        throws
    {
        _ = sqliteConfigured
        var pointer: OpaquePointer?
        let access = readOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0)
        let flags = access | SQLITE_OPEN_NOMUTEX
        let code = sqlite3_open_v2(path, &pointer, flags, nil)
        guard code == SQLITE_OK, let pointer else {
            let message = pointer.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let pointer { sqlite3_close_v2(pointer) }
            throw DatabaseError(code: code, message: message)
        }
        self.engine = .sqlite(pointer)
        self.path = path
        self.dialect = SQLiteDialect()
        // No report or label may ever be written onto it (or its -wal/-shm).
        OutputFile.protect(database: path)
        sqlite3_extended_result_codes(handle, 1)
        let busyWait = BusyWait(timeoutMilliseconds: busyTimeoutMilliseconds)
        busyWait.install(on: pointer)
        self.busyWait = busyWait
        if readOnly { return }
        // The write-ahead log stays when the last connection closes (emptied,
        // its pages copied into the file first, so the file alone is still the
        // whole ledger): made anew at every command, it was created, its folder
        // synced and the file removed again each time (the gain is in a quiet
        // disk's moments; when every sync is slow, the syncs left dominate).
        var keepLog: Int32 = 1
        sqlite3_file_control(pointer, "main", SQLITE_FCNTL_PERSIST_WAL, &keepLog)
        try execute(dialect.connectionSetup)
    }

    /// Connects to a PostgreSQL database (a `postgresql://` URI or a
    /// `service=` name); libpq is loaded on first use.
    public init(
        postgreSQL target: String, connectTimeoutSeconds: Int = PostgreSQLConnection.defaultConnectTimeoutSeconds
    ) throws {
        let connection = try PostgreSQLConnection(target, connectTimeoutSeconds: connectTimeoutSeconds)
        self.engine = .postgreSQL(connection)
        self.path = PostgreSQLConnection.redacted(target)
        self.dialect = PostgreSQLDialect()
        // Every command asks the server who it is, which schema steps it has
        // and what the login may do (the access check every command makes
        // first): with the setup, one round trip instead of five at each start. `active::text`: text
        // `||` a bigint is the SQL function `anytextcat`, which a new connection parsed and inlined.
        do {
            let answer = try connection.execute(
                dialect.connectionSetup
                    + "; SELECT session_user, (SELECT string_agg(identifier, ' ') FROM schema_migration),"
                    + " (SELECT roles || '|' || active::text FROM operator WHERE name = session_user)")
            serverLogin = answer?.text(0, 0)
            migrationsAtConnect = Set((answer?.text(0, 1) ?? "").split(separator: " ").map(String.init))
            let row = answer?.text(0, 2).map { $0.split(separator: "|", omittingEmptySubsequences: false) }
            loginOperatorAtConnect = .some(row.map { (String($0.first ?? ""), $0.last == "1") })
        } catch let error as PostgreSQLError where !error.isConnectionLost {
            // No ledger here yet (or not readable by this login): the setup alone, and the usual questions later.
            try execute(dialect.connectionSetup)
        }
    }

    /// The operator row of `name` read with the connection's setup, when
    /// `name` is the login and nothing was written since: `.some(nil)` when
    /// it has none, nil when the table must be asked. Given once.
    func takeLoginOperator(_ name: String) -> (roles: String, active: Bool)?? {
        guard name == serverLogin, !isInTransaction, let found = loginOperatorAtConnect else { return nil }
        loginOperatorAtConnect = nil
        return found
    }

    deinit {
        literalStatements.removeAll()
        cachedStatements.removeAll()
        batchedStatements.removeAll()
        savepointStatements.removeAll()
        rowidInserts.removeAll()
        if case .sqlite(let handle) = engine { sqlite3_close_v2(handle) }
    }

    /// SQLite's connection, for what only SQLite does (its online backup, the
    /// report's zero-copy readers); never asked of a PostgreSQL database.
    var handle: OpaquePointer {
        guard case .sqlite(let handle) = engine else {
            preconditionFailure("a SQLite handle asked of a PostgreSQL database")
        }
        return handle
    }

    public var isPostgreSQL: Bool {
        if case .postgreSQL = engine { return true }
        return false
    }

    func error(code: Int32, sql: String?) -> DatabaseError {
        let extended = sqlite3_extended_errcode(handle)
        return DatabaseError(
            code: extended != 0 ? extended : code, message: String(cString: sqlite3_errmsg(handle)), sql: sql)
    }

    // MARK: - Statements

    /// Runs one or more statements with no arguments (schema, pragmas); never cached.
    public func execute(_ sql: String) throws {
        if case .postgreSQL(let connection) = engine {
            do { _ = try connection.execute(sql) } catch let error as PostgreSQLError {
                throw DatabaseError(postgreSQL: error)
            }
            return
        }
        var message: UnsafeMutablePointer<CChar>?
        let code = sqlite3_exec(handle, sql, nil, nil, &message)
        guard code == SQLITE_OK else {
            let text = message.map { String(cString: $0) } ?? "error"
            sqlite3_free(message)
            throw DatabaseError(code: sqlite3_extended_errcode(handle), message: text, sql: sql)
        }
    }

    /// The cached prepared statement for literal SQL.
    public func prepare(_ sql: StaticString) throws -> Statement {
        guard sql.hasPointerRepresentation else { return try cachedStatement(sql.description) }
        let key = UnsafeRawPointer(sql.utf8Start)
        if let cached = literalStatements[key] { return cached }
        let statement = try Statement(database: self, sql: sql.description, reusable: true)
        literalStatements[key] = statement
        return statement
    }

    /// The cached prepared statement for SQL built at run time from a small
    /// fixed set of texts (a table or column name chosen from a list), on a
    /// hot path. Anything else goes through `makeStatement`.
    public func cachedStatement(_ sql: String) throws -> Statement {
        if let cached = cachedStatements[sql] { return cached }
        let statement = try Statement(database: self, sql: sql, reusable: true)
        cachedStatements[sql] = statement
        return statement
    }

    /// The prepared statement of a batched write for 2^`power` rows (see `BatchedSQL`).
    func batchedStatement(_ sql: BatchedSQL, power: Int) throws -> Statement {
        let texts = batchedInsertsFail ? sql.failing : sql.storage
        let key = ObjectIdentifier(texts)
        if let statement = batchedStatements[key]?.statements[power] { return statement }
        let statement = try Statement(
            database: self, sql: sql.text(power: power, failing: batchedInsertsFail), reusable: true)
        batchedStatements[key, default: (texts, Array(repeating: nil, count: BatchedSQL.powers))]
            .statements[power] = statement
        return statement
    }

    /// A new statement for one-off SQL, finalized when the caller drops it.
    public func makeStatement(_ sql: String) throws -> Statement {
        try Statement(database: self, sql: sql)
    }

    /// Blocks of SQLite's that this thread keeps for reuse, and their bytes (`scorta_sqlite_use_block_cache`).
    static var sqliteBlockCache: (blocks: Int, bytes: Int) {
        var blocks: Int32 = 0
        var bytes = 0
        scorta_sqlite_block_cache_usage(&blocks, &bytes)
        return (Int(blocks), bytes)
    }

    /// How many statements are kept prepared (literal and cached).
    var cachedStatementCount: Int {
        literalStatements.count + cachedStatements.count + rowidInserts.values.count { $0 != nil }
            + batchedStatements.values.reduce(0) { $0 + $1.statements.count { $0 != nil } }
    }

    // MARK: - Running literal SQL

    /// Runs a statement that returns no rows.
    public func run(_ sql: StaticString, _ arguments: [any SQLBindable] = []) throws {
        try prepare(sql).run(arguments)
    }

    /// Runs a write whose answer nobody reads; on PostgreSQL it travels with
    /// the next statement whose answer is needed (see `Statement.write`).
    public func write(_ sql: StaticString, _ arguments: [any SQLBindable] = []) throws {
        try prepare(sql).write(arguments)
    }

    /// Lookups about to be made one after the other (each `sql` exactly as
    /// the statement that will run it, with its values), none needing
    /// another's answer: on PostgreSQL they go to the server in one round
    /// trip, and each statement's run with the same values then takes its
    /// answer, unless another statement was sent in between. Nothing on
    /// SQLite, where a read costs no round trip.
    public func readAhead(_ reads: [(sql: String, values: [any SQLBindable])]) throws {
        guard case .postgreSQL(let connection) = engine else { return }
        do {
            try connection.readAhead(reads.map { ($0.sql, $0.values.map(\.sqlValue)) })
        } catch let error as PostgreSQLError {
            throw DatabaseError(postgreSQL: error)
        }
    }

    /// Lookups held back to go with the next statement sent to the server, whatever it is (a
    /// round trip the command makes anyway), their answers kept for their own statements as
    /// `readAhead`'s are. Each runs before the statement it goes with: only for answers that
    /// nothing sent with them changes (the chain's head before the document is sealed, the
    /// document numbers, written when the transaction commits). Nothing on SQLite.
    func readAlong(_ reads: [(sql: String, values: [any SQLBindable])]) {
        guard case .postgreSQL(let connection) = engine else { return }
        connection.readAlong(reads.map { ($0.sql, $0.values.map(\.sqlValue)) })
    }

    /// Maps every row of a query.
    public func query<T>(_ sql: StaticString, _ arguments: [any SQLBindable] = [], _ transform: (Row) throws -> T)
        throws -> [T]
    {
        try prepare(sql).map(arguments, transform)
    }

    /// The first row of a query, mapped, or nil.
    public func first<T>(_ sql: StaticString, _ arguments: [any SQLBindable] = [], _ transform: (Row) throws -> T)
        throws -> T?
    {
        try prepare(sql).first(arguments, transform)
    }

    /// The integer in the first column of the first row, or nil.
    public func scalar(_ sql: StaticString, _ arguments: [any SQLBindable] = []) throws -> Int64? {
        try prepare(sql).scalar(arguments)
    }

    /// The text in the first column of the first row, or nil.
    public func scalarText(_ sql: StaticString, _ arguments: [any SQLBindable] = []) throws -> String? {
        try prepare(sql).scalarText(arguments)
    }

    /// Runs an `INSERT … RETURNING id` (both engines read it; SQLite's
    /// last-insert rowid has no PostgreSQL twin) and gives the new row's id.
    public func insert(_ sql: StaticString, _ arguments: [any SQLBindable] = []) throws -> Int64 {
        if case .sqlite(let handle) = engine, let statement = try rowidInsert(sql) {
            try statement.run(arguments)
            guard sqlite3_changes(handle) == 1 else {
                throw DatabaseError(resultCode: .misuse, message: "the insert wrote no row", sql: sql.description)
            }
            return sqlite3_last_insert_rowid(handle)
        }
        guard let id = try prepare(sql).scalar(arguments) else {
            throw DatabaseError(
                resultCode: .misuse, message: "the insert returned no id (RETURNING id missing?)", sql: sql.description)
        }
        return id
    }

    public var changes: Int {
        switch engine {
        case .sqlite(let handle): Int(sqlite3_changes(handle))
        case .postgreSQL: postgreSQLChanges
        }
    }

    public var isInTransaction: Bool {
        switch engine {
        case .sqlite(let handle): sqlite3_get_autocommit(handle) == 0
        case .postgreSQL(let connection): connection.isInTransaction
        }
    }

    // MARK: - Transactions

    public enum TransactionKind: String, Sendable {
        case deferred = "DEFERRED"
        case immediate = "IMMEDIATE"
    }

    /// On SQLite, a plain `INSERT … RETURNING id` into a rowid table without
    /// its RETURNING clause: SQLite gathers returned rows in a temporary
    /// table made and dropped on every run (about a fifth of posting a
    /// document), while the new row's id is the connection's last insert
    /// rowid. Nil for any other insert (an upsert's id is not the last
    /// insert rowid), which keeps RETURNING.
    private func rowidInsert(_ sql: StaticString) throws -> Statement? {
        guard sql.hasPointerRepresentation else { return nil }
        let key = UnsafeRawPointer(sql.utf8Start)
        if let cached = rowidInserts[key] { return cached }
        var text = sql.description
        while text.last?.isWhitespace == true { text.removeLast() }
        let suffix = " RETURNING id"
        let plain = text.hasPrefix("INSERT INTO ") && text.hasSuffix(suffix) && !text.contains("ON CONFLICT")
        let statement = plain ? try Statement(database: self, sql: String(text.dropLast(suffix.count))) : nil
        rowidInserts[key] = .some(statement)
        return statement
    }

    /// Runs `body` in a transaction: commits when it returns, rolls back and
    /// rethrows when it throws. Refuses to start inside another transaction
    /// (a commit there would not be one): a unit of work that may run inside
    /// a bigger one says so with `inSavepoint`.
    /// Writers use `.immediate` so they take the write lock up front and wait
    /// for it (busy timeout) instead of failing half-way with SQLITE_BUSY.
    /// On PostgreSQL a writer is SERIALIZABLE instead: when another site's
    /// transaction overtook it (40001, or a deadlock) the server rolled it
    /// back whole and `body` runs again on a fresh snapshot, a few times,
    /// so `body` must only touch the database.
    ///
    /// `units` says how a unit of work inside it (`inSavepoint`) that fails
    /// is undone: alone (`.savepoints`, the default) or, on SQLite, only with
    /// the whole transaction (`.allOrNothing`, see `TransactionUnits`).
    @discardableResult
    public func inTransaction<T>(
        _ kind: TransactionKind = .immediate, units: TransactionUnits = .savepoints, _ body: () throws -> T
    ) throws -> T {
        guard !isInTransaction else {
            throw DatabaseError(
                resultCode: .misuse,
                message: "a transaction is already open: a unit of work that nests must use inSavepoint")
        }
        // What the operator row said at connection no longer holds once anything may be written.
        if kind == .immediate { loginOperatorAtConnect = nil }
        var attempt = 1
        while true {
            do {
                return try oneTransaction(kind, units: units, body)
            } catch let error as DatabaseError where error.isRetryable {
                guard attempt < PostgreSQLConnection.defaultAttempts else {
                    // A clear error, not the server's words alone (the sites trial met it).
                    throw ScortaError.refused(
                        """
                        other sites were writing the same rows at the same time and the database refused this command \
                        \(attempt) times (\(error.sqlState ?? ""): \(error.message)); nothing was written: run it again
                        """)
                }
                // A short random pause, growing, so colliding sites do not collide again in step.
                usleep(UInt32.random(in: 0...UInt32(5_000 << min(attempt, 6))))
                attempt += 1
            }
        }
    }

    /// `turnTaken`: the writers' lock is already held (`takeWriterTurn` waited for it).
    private func oneTransaction<T>(
        _ kind: TransactionKind, units: TransactionUnits = .savepoints, turnTaken: Bool = false,
        _ body: () throws -> T
    ) throws -> T {
        guard case .postgreSQL(let connection) = engine else {
            try execute(dialect.begin(kind))
            unitsAllOrNothing = units == .allOrNothing
            poisonedBy = nil
            defer {
                unitsAllOrNothing = false
                poisonedBy = nil
            }
            do {
                let result = try body()
                try refuseCommitIfPoisoned()
                try execute("COMMIT")
                return result
            } catch {
                if isInTransaction { try? execute("ROLLBACK") }
                throw error
            }
        }
        // The writers' lock is taken before BEGIN, so the transaction's
        // snapshot is made once the writer before it has committed (see
        // `SQLDialect.writerLock`): in a transaction of its own, committed at
        // once (the session keeps the lock). All of it travels with the
        // body's first statement, and the release with the COMMIT.
        let writerLock = kind == .immediate ? dialect.writerLock : nil
        var holdsLock = writerLock != nil
        defer { if holdsLock, let writerLock { try? execute(writerLock.release) } }
        // Waited for a second at most here; longer is `takeWriterTurn`'s, which says so.
        let turn = turnTaken ? nil : writerLock.map { ["BEGIN", Database.quietTurn, $0.take, "COMMIT"] }
        let bounded = kind == .immediate ? [PostgreSQLDialect.boundedLockWaits] : []
        connection.sendAhead((turn ?? []) + [dialect.begin(kind)] + bounded, opensTransaction: true)
        heldCounters = [:]
        connection.idsAhead.removeAll()
        connection.changedNoRowAfterRelease = false
        defer { heldCounters = nil }
        do {
            let result = try body()
            try writeHeldCounters()
            try judgeRowChecks(connection)
            if connection.transactionAhead, !connection.holdsWrites {
                // The body sent nothing: the server never saw the transaction, nor the lock.
                connection.withdrawAll()
                holdsLock = turnTaken
            } else {
                // When the commit fails the release after it is not run, and `defer` does it.
                // One statement each: after writes held back they all go in one pipeline.
                if let writerLock {
                    connection.sendAhead(["COMMIT"])
                    try execute(writerLock.release)
                } else {
                    try execute("COMMIT")
                }
                holdsLock = false
            }
            return result
        } catch {
            if connection.withdrawAll() {
                holdsLock = turnTaken
            } else if isInTransaction {
                try? execute("ROLLBACK")
            }
            if turn != nil, let writerLock, try waitedForTurn(error) {
                holdsLock = false
                try takeWriterTurn(writerLock)
                return try oneTransaction(kind, turnTaken: true, body)
            }
            throw error
        }
    }

    /// The prepared `SAVEPOINT` and `RELEASE` of a depth (SQLite), made on first use.
    private func sqliteSavepoint(depth: Int) throws -> (open: Statement, release: Statement) {
        while savepointStatements.count < depth {
            let name = "scorta_sp\(savepointStatements.count + 1)"
            savepointStatements.append(
                (
                    try Statement(database: self, sql: dialect.savepoint(name)),
                    try Statement(database: self, sql: dialect.releaseSavepoint(name))
                ))
        }
        return savepointStatements[depth - 1]
    }

    /// Runs `body` as a savepoint inside the open transaction: what it wrote
    /// is undone when it throws, and the transaction goes on. Outside a
    /// transaction it is one, of `kind` (a unit of work called alone).
    @discardableResult
    public func inSavepoint<T>(_ kind: TransactionKind = .immediate, _ body: () throws -> T) throws -> T {
        guard isInTransaction else { return try inTransaction(kind, body) }
        savepointDepth += 1
        defer { savepointDepth -= 1 }
        let name = "scorta_sp\(savepointDepth)"
        guard case .postgreSQL(let connection) = engine else {
            if unitsAllOrNothing { return try unitWithoutSavepoint(body) }
            let statements = try sqliteSavepoint(depth: savepointDepth)
            try statements.open.run()
            do {
                let result = try body()
                try statements.release.run()
                return result
            } catch {
                try? execute(dialect.rollbackToSavepoint(name))
                throw error
            }
        }
        // On a server the savepoint and its release travel with the next
        // statement (a round trip less for each, once per posted document).
        let savepoint = dialect.savepoint(name)
        connection.sendAhead([savepoint])
        // What the savepoint undoes, the counters held in memory forget too.
        let countersBefore = heldCounters
        do {
            let result = try body()
            connection.sendReleaseAhead(dialect.releaseSavepoint(name))
            return result
        } catch {
            heldCounters = countersBefore
            // Not sent yet: nothing to undo. Else what is held back was made
            // inside this savepoint (after it was sent), and goes with it.
            if !connection.withdraw(from: savepoint) {
                connection.withdrawAll()
                try? execute(dialect.rollbackToSavepoint(name))
            }
            throw error
        }
    }
}
