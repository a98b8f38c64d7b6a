import CSQLite

/// A prepared statement. It owns its SQLite handle and finalizes it on deinit.
/// Statements belong to one connection and one thread: not `Sendable`.
public final class Statement {
    /// SQLite's prepared statement, or the PostgreSQL query and its rows.
    enum Backend {
        case sqlite(OpaquePointer)
        case postgreSQL(PostgreSQLCursor)
    }

    let backend: Backend
    /// The PostgreSQL query, or nil on SQLite: kept beside `backend` so a
    /// row's accessors read a `let` of the statement instead of taking it
    /// out of the enum once a value (a region year's report reads six values
    /// from each of 800,000 rows).
    let cursor: PostgreSQLCursor?
    unowned let database: Database
    public let sql: String
    /// Column positions by name, found once per statement (its columns never change).
    /// Unchecked: only `Row.index(of:)` reaches it, never twice at once (one
    /// thread; it calls nothing back), and the check cost as much as the look-up.
    @exclusivity(unchecked) var columns: Columns?

    /// `reusable`: the database keeps the statement and runs it again (on a
    /// server it is then prepared there once, see `PostgreSQLCursor`).
    init(database: Database, sql: String, reusable: Bool = false) throws {
        self.database = database
        self.sql = sql
        if case .postgreSQL(let connection) = database.engine {
            let cursor = PostgreSQLCursor(connection: connection, sql: sql, reusable: reusable)
            backend = .postgreSQL(cursor)
            self.cursor = cursor
            return
        }
        var pointer: OpaquePointer?
        let code = sqlite3_prepare_v2(database.handle, sql, -1, &pointer, nil)
        guard code == SQLITE_OK, let pointer else {
            throw database.error(code: code, sql: sql)
        }
        backend = .sqlite(pointer)
        cursor = nil
    }

    deinit {
        if case .sqlite(let handle) = backend { sqlite3_finalize(handle) }
    }

    /// SQLite's statement, for readers that only SQLite has (the report's zero-copy columns).
    var handle: OpaquePointer {
        guard case .sqlite(let handle) = backend else {
            preconditionFailure("a SQLite statement asked of a PostgreSQL query")
        }
        return handle
    }

    /// On PostgreSQL, rows come in the server's binary format: integers and
    /// blobs are read in place instead of parsed from text (blobs from hex).
    /// For statements whose columns are integers, blobs and text only (the
    /// indicator report's facts); nothing changes on SQLite.
    public var binaryResults: Bool {
        get { cursor?.binaryResults ?? false }
        set { cursor?.binaryResults = newValue }
    }

    /// Resets the statement and binds `arguments` to its parameters, in order.
    public func bind(_ arguments: [any SQLBindable]) throws {
        if let cursor {
            cursor.bind(arguments.map(\.sqlValue))
            return
        }
        try resetBindings(count: arguments.count)
        for (offset, argument) in arguments.enumerated() { try bind(argument.sqlValue, at: Int32(offset + 1)) }
    }

    /// The same for values already made: no existential box a value. A bulk
    /// receipt binds about twenty values a line, and opening each box was a
    /// tenth of its time.
    func bind(values: ArraySlice<SQLValue>) throws {
        if let cursor {
            cursor.bind(Array(values))
            return
        }
        try resetBindings(count: values.count)
        var index: Int32 = 1
        for value in values {
            try bind(value, at: index)
            index += 1
        }
    }

    /// Every parameter is bound again after this (the count must match), so
    /// the old values need no clearing first.
    private func resetBindings(count: Int) throws {
        sqlite3_reset(handle)
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == count else {
            throw DatabaseError(resultCode: .range, message: "expected \(expected) arguments, got \(count)", sql: sql)
        }
    }

    @inline(__always)
    private func bind(_ value: SQLValue, at index: Int32) throws {
        let code: Int32
        switch value {
        case .null: code = sqlite3_bind_null(handle, index)
        case .integer(let value): code = sqlite3_bind_int64(handle, index, value)
        case .real(let value): code = sqlite3_bind_double(handle, index, value)
        case .text(var value):
            // With its length, from the string's own bytes: no C string made.
            code = value.withUTF8 { bytes in
                guard let base = bytes.baseAddress else { return scorta_bind_text(handle, index, "", 0) }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    scorta_bind_text(handle, index, $0, Int32(bytes.count))
                }
            }
        case .blob(let bytes):
            code = bytes.withUnsafeBytes { scorta_bind_blob(handle, index, $0.baseAddress, Int32($0.count)) }
        }
        guard code == SQLITE_OK else { throw database.error(code: code, sql: sql) }
    }

    /// Runs the statement to completion over `values`, ignoring rows.
    func run(values: ArraySlice<SQLValue>) throws {
        try bind(values: values)
        while try step() {}
        reset()
    }

    /// Advances to the next row; false when the statement is done.
    public func step() throws -> Bool {
        if let cursor {
            do {
                return try cursor.step { database.postgreSQLChanges = $0 }
            } catch let error as PostgreSQLError {
                throw DatabaseError(postgreSQL: error)
            }
        }
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = database.error(code: code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Ends a walk driven by `bind` and `step`, releasing the statement's read.
    public func reset() {
        switch backend {
        case .sqlite(let handle): sqlite3_reset(handle)
        case .postgreSQL(let cursor): cursor.reset()
        }
    }

    /// The current row after `step` returned true (for walks that step two statements in turn).
    public var row: Row { Row(statement: self) }

    /// Runs the statement to completion, ignoring rows.
    public func run(_ arguments: [any SQLBindable] = []) throws {
        try bind(arguments)
        while try step() {}
        reset()
    }

    /// Runs a write whose answer nobody reads (no rows, no count of changed
    /// rows): on PostgreSQL, inside a transaction, it is held back and goes
    /// to the server with the next statement whose answer is needed, at the
    /// latest with COMMIT, so it costs no round trip of its own. Its error
    /// (a constraint it breaks) is then thrown by that next statement, and
    /// the command ends with it, nothing written: use it only where such an
    /// error ends the command (not where a caller catches it to go on).
    /// On SQLite it runs at once, as `run`.
    public func write(_ arguments: [any SQLBindable] = []) throws {
        guard let cursor else { return try run(arguments) }
        cursor.bind(arguments.map(\.sqlValue))
        do { try cursor.write() } catch let error as PostgreSQLError { throw DatabaseError(postgreSQL: error) }
    }

    /// `write` for values already made (see `bind(values:)`).
    func write(values: ArraySlice<SQLValue>) throws {
        guard let cursor else { return try run(values: values) }
        cursor.bind(Array(values))
        do { try cursor.write() } catch let error as PostgreSQLError { throw DatabaseError(postgreSQL: error) }
    }

    /// Calls `body` with each row.
    public func forEach(_ arguments: [any SQLBindable] = [], _ body: (Row) throws -> Void) throws {
        try bind(arguments)
        defer { reset() }
        let row = Row(statement: self)
        while try step() { try body(row) }
    }

    /// Maps every row.
    public func map<T>(_ arguments: [any SQLBindable] = [], _ transform: (Row) throws -> T) throws -> [T] {
        var result: [T] = []
        try forEach(arguments) { result.append(try transform($0)) }
        return result
    }

    /// The first row mapped, or nil.
    public func first<T>(_ arguments: [any SQLBindable] = [], _ transform: (Row) throws -> T) throws -> T? {
        try bind(arguments)
        defer { reset() }
        guard try step() else { return nil }
        return try transform(Row(statement: self))
    }

    /// The integer in the first column of the first row, or nil.
    public func scalar(_ arguments: [any SQLBindable] = []) throws -> Int64? {
        try first(arguments) { $0.optionalInt64(0) } ?? nil
    }

    /// The text in the first column of the first row, or nil.
    public func scalarText(_ arguments: [any SQLBindable] = []) throws -> String? {
        try first(arguments) { $0.optionalText(0) } ?? nil
    }
}

/// The current row of a statement; valid only inside the closure it is passed to.
public struct Row {
    let statement: Statement

    public var columnCount: Int {
        if let cursor = statement.cursor { return cursor.columnCount }
        return Int(sqlite3_column_count(statement.handle))
    }

    public func columnName(_ index: Int) -> String {
        if let cursor = statement.cursor { return cursor.columnName(index) }
        return String(cString: sqlite3_column_name(statement.handle, Int32(index)))
    }

    public func isNull(_ index: Int) -> Bool {
        if let cursor = statement.cursor { return cursor.isNull(index) }
        return sqlite3_column_type(statement.handle, Int32(index)) == SQLITE_NULL
    }

    public func int(_ index: Int) -> Int {
        Int(int64(index))
    }

    public func int64(_ index: Int) -> Int64 {
        if let cursor = statement.cursor { return cursor.int64(index) }
        return sqlite3_column_int64(statement.handle, Int32(index))
    }

    public func optionalInt(_ index: Int) -> Int? {
        isNull(index) ? nil : int(index)
    }

    public func optionalInt64(_ index: Int) -> Int64? {
        isNull(index) ? nil : int64(index)
    }

    public func text(_ index: Int) -> String {
        if let cursor = statement.cursor { return cursor.text(index) ?? "" }
        guard let pointer = sqlite3_column_text(statement.handle, Int32(index)) else { return "" }
        // With the length SQLite knows: no scan for the terminating zero (Scorta refuses text holding one).
        let count = Int(sqlite3_column_bytes(statement.handle, Int32(index)))
        return String(decoding: UnsafeBufferPointer(start: pointer, count: count), as: UTF8.self)
    }

    public func optionalText(_ index: Int) -> String? {
        isNull(index) ? nil : text(index)
    }

    public func double(_ index: Int) -> Double {
        if let cursor = statement.cursor { return cursor.text(index).flatMap(Double.init) ?? 0 }
        return sqlite3_column_double(statement.handle, Int32(index))
    }

    public func value(_ index: Int) -> SQLValue {
        if let cursor = statement.cursor { return cursor.value(index) }
        switch sqlite3_column_type(statement.handle, Int32(index)) {
        case SQLITE_NULL: return .null
        case SQLITE_INTEGER: return .integer(int64(index))
        case SQLITE_FLOAT: return .real(double(index))
        case SQLITE_BLOB:
            let count = Int(sqlite3_column_bytes(statement.handle, Int32(index)))
            guard count > 0, let base = sqlite3_column_blob(statement.handle, Int32(index)) else { return .blob([]) }
            return .blob(Array(UnsafeRawBufferPointer(start: base, count: count)))
        default: return .text(text(index))
        }
    }
}
