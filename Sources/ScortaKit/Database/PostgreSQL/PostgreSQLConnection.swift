import Foundation

/// One connection to a PostgreSQL database, through libpq (loaded at run time).
///
///     let connection = try PostgreSQLConnection("postgresql://magazzino@ledger.example.org/scorta?sslmode=require")
///     let rows = try connection.query("SELECT id FROM item WHERE sku = ?", ["IG-SAP"])
///
/// `target` is what the user gave to `--db`: a `postgresql://` URI or a
/// libpq connection string such as `service=scorta`. SQL is written with
/// SQLite's `?` parameters (numbered here) and every value travels as text
/// both ways. Used by one thread, like `Database`.
public final class PostgreSQLConnection {
    let pq: LibPQ
    let handle: OpaquePointer
    /// Named statements made so far on this connection (their names are numbered).
    var preparedCount = 0
    /// The names of statements prepared on the server, or to be with what is
    /// held back; a name whose preparing failed or was dropped is taken out,
    /// and its statement prepared again under a new one.
    var preparedNames: Set<String> = []
    /// Messages sent and answered so far: on a network each is a round trip,
    /// and on a loaded machine each is two context switches even on loopback.
    var roundTrips = 0
    /// Statements held back to go with the next one (`PostgreSQLConnection+Ahead`).
    var ahead: [Held] = []
    /// Whether `ahead` begins a transaction the server has not seen yet.
    var transactionAhead = false
    /// Answers to reads sent ahead, waiting for their statement (`readAhead`).
    var answersAhead: [ReadKey: PostgreSQLResult] = [:]
    /// Writes held back that must change a row, by number (`PostgreSQLConnection+RowCheck`).
    var rowChecks: [Int: RowCheck] = [:]
    var rowCheckCount = 0
    /// A write that had to change a row changed none after its savepoint was released: the
    /// transaction must not commit. Cleared when a transaction begins.
    var changedNoRowAfterRelease = false
    /// Ids taken from tables' sequences ahead of their inserts, in order (`reserveIDs`); dropped
    /// when the transaction ends.
    var idsAhead: [String: [Int64]] = [:]
    /// A cursor's next batch asked for and not read yet (`fetchAhead`): its
    /// answer is read before anything else is sent or asked of libpq.
    var fetchInFlight: FetchAhead?
    /// Batches fetched ahead whose answer was read before their cursor
    /// wanted it (another statement went first): rows, or the FETCH's error.
    var fetchedAhead: [String: Result<PostgreSQLResult, PostgreSQLError>] = [:]
    /// Server-side cursors opened so far (their names are numbered).
    var portalCount = 0
    /// Transactions (and rollbacks to a savepoint) ended so far: a cursor
    /// opened before the last one may be gone, and is not closed by name.
    var transactionEpoch = 0

    /// How long to wait for the server before a clear error (not a hang):
    /// a site PC whose network is down learns it within this time. A
    /// `connect_timeout` in the URI, or `PGCONNECT_TIMEOUT`, wins; one in a
    /// service file does not (libpq reads the file only for what is unset).
    public static let defaultConnectTimeoutSeconds = 10

    /// `target` without its password, for messages (a URI's `user:secret@`, a `password=` setting).
    /// Every server command names its target in messages, so this runs at
    /// each start: read by hand, not with a regular expression (compiling
    /// one set up ICU's tables, 2–3 ms of a transfer's 16 ms of CPU).
    public static func redacted(_ target: String) -> String {
        var text = Array(target.unicodeScalars)
        // A URI's `://user:secret@`: the secret runs to the '@' (no '/' before it).
        if let scheme = firstIndex(of: "://", in: text, from: 0) {
            let user = scheme + 3
            let colon = text[user...].firstIndex { $0 == ":" || $0 == "/" || $0 == "@" }
            if let colon, text[colon] == ":",
                let at = text[(colon + 1)...].firstIndex(where: { $0 == "@" || $0 == "/" }), text[at] == "@"
            {
                text.removeSubrange(colon..<at)
            }
        }
        // Every `password = value` (a quoted value, or one up to a space or '&') becomes `password=…`.
        var start = 0
        while let found = firstIndex(of: "password", in: text, from: start) {
            var index = found + 8
            while index < text.count, text[index].properties.isWhitespace { index += 1 }
            guard index < text.count, text[index] == "=" else {
                start = found + 1
                continue
            }
            index += 1
            while index < text.count, text[index].properties.isWhitespace { index += 1 }
            if index < text.count, text[index] == "'", let close = text[(index + 1)...].firstIndex(of: "'") {
                index = close + 1
            } else {
                while index < text.count, !text[index].properties.isWhitespace, text[index] != "&" { index += 1 }
            }
            let replacement = Array("password=…".unicodeScalars)
            text.replaceSubrange(found..<index, with: replacement)
            start = found + replacement.count
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: text)
        return String(result)
    }

    /// Where `word` (ASCII) first occurs in `text` at or after `start`.
    private static func firstIndex(of word: String, in text: [Unicode.Scalar], from start: Int) -> Int? {
        let pattern = Array(word.unicodeScalars)
        guard text.count >= pattern.count, start <= text.count - pattern.count else { return nil }
        return (start...(text.count - pattern.count)).first { offset in
            pattern.indices.allSatisfy { text[offset + $0] == pattern[$0] }
        }
    }

    /// Connects, or throws a one-line error that names the server and why it
    /// could not be reached.
    public convenience init(_ target: String, connectTimeoutSeconds: Int = defaultConnectTimeoutSeconds) throws {
        try self.init(target, connectTimeoutSeconds: connectTimeoutSeconds, library: LibPQ.shared())
    }

    init(_ target: String, connectTimeoutSeconds: Int, library pq: LibPQ) throws {
        // Ours first, then the user's target expanded in place (expand_dbname),
        // so what the URI says overrides them (a service file does not: libpq
        // reads it only for what is still unset); the encoding comes last
        // because Scorta reads and writes UTF-8 only.
        let parameters: [(String, String)] =
            PostgreSQLConnection.timeoutDefault(seconds: connectTimeoutSeconds, environment: Environment.value) + [
                ("application_name", "scorta"),
                // A network that drops mid-command is noticed within about a
                // minute instead of the kernel's two hours: TCP keepalives every
                // 10 s, given up after 3 unanswered, and unacknowledged data
                // given up after 30 s.
                ("keepalives", "1"), ("keepalives_idle", "10"), ("keepalives_interval", "10"),
                ("keepalives_count", "3"),
                ("tcp_user_timeout", "30000")
            ] + PostgreSQLConnection.gssDefault(target: target, environment: Environment.value) + [
                ("dbname", target),
                ("client_encoding", "UTF8")
            ]
        let keywords = parameters.map { UnsafePointer(strdup($0.0)) } + [nil]
        let values = parameters.map { UnsafePointer(strdup($0.1)) } + [nil]
        defer { (keywords + values).forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        let connection = pq.connectdbParams(keywords, values, 1)
        guard let connection, pq.status(connection) == LibPQ.connectionOK else {
            let reason = connection.flatMap { pq.errorMessage($0) }.map { String(cString: $0) } ?? "out of memory"
            pq.finish(connection)
            throw PostgreSQLError(sqlState: "08001", message: "cannot connect to the PostgreSQL database: \(reason)")
        }
        self.pq = pq
        self.handle = connection
    }

    deinit {
        pq.finish(handle)
    }

    /// Our connect timeout, unless `PGCONNECT_TIMEOUT` names one: libpq reads
    /// its environment only for what is still unset, so passing ours would
    /// silently override the user's (a service file's `connect_timeout`
    /// loses the same way, and the README says to set the variable instead).
    static func timeoutDefault(seconds: Int, environment: (String) -> String?) -> [(String, String)] {
        if let named = environment("PGCONNECT_TIMEOUT"), !named.isEmpty { return [] }
        return [("connect_timeout", String(seconds))]
    }

    /// `gssencmode=disable` unless the user's target, `PGGSSENCMODE` or a
    /// service (whose file may say otherwise, and cannot override a value
    /// given here) names a mode. libpq's own default, `prefer`, looks for
    /// Kerberos credentials at every connection over TCP (the GSSAPI library
    /// reads its configuration, a keytab and the credential cache: 0.3 M
    /// instructions and a dozen system calls before the first byte is sent),
    /// and Scorta's sites are set up with TLS and a password or certificate
    /// ("Several sites"). A site on Kerberos writes `gssencmode=prefer` (or
    /// `require`) in its URI or service.
    static func gssDefault(target: String, environment: (String) -> String?) -> [(String, String)] {
        // Keywords are matched by hand, in any case, as `redacted` does (no Foundation search at every start).
        let text = Array(target.lowercased().unicodeScalars)
        let named = firstIndex(of: "gssencmode", in: text, from: 0) != nil
        let service = firstIndex(of: "service", in: text, from: 0) != nil
        guard !named, !service, environment("PGGSSENCMODE") == nil, environment("PGSERVICE") == nil else { return [] }
        return [("gssencmode", "disable")]
    }

    // MARK: - Running SQL

    /// Runs one or more statements with no parameters (schema scripts, BEGIN,
    /// COMMIT) in one round trip, and gives the last one's rows.
    /// What was held back (`sendAhead`) goes first, in the same message; a
    /// rollback drops it instead, and sends nothing when the transaction
    /// itself was still held back (nil then).
    @discardableResult
    public func execute(_ sql: String) throws -> PostgreSQLResult? {
        // A rollback is how a failed transaction ends: a batch fetched ahead
        // that failed is its cursor's error, not the rollback's.
        try settleFetch(throwing: !sql.hasPrefix("ROLLBACK"))
        // Writes that must change a row are judged before a COMMIT is sent (`PostgreSQLConnection+RowCheck`).
        if sql.hasPrefix("COMMIT"), !rowChecks.isEmpty { try flushAhead() }
        answersAhead.removeAll()
        let text: String
        if sql.hasPrefix("COMMIT") || sql.hasPrefix("ROLLBACK") {
            transactionEpoch += 1
            idsAhead.removeAll()
            // The transaction's cursors end with it (a savepoint's rollback keeps those opened before it).
            if !sql.hasPrefix("ROLLBACK TO") { fetchedAhead.removeAll() }
        }
        if sql.hasPrefix("ROLLBACK") {
            defer { withdrawAll() }
            if transactionAhead { return nil }
            text = sql
        } else if holdsWrites {
            // Writes go in a pipeline, and one statement can go last in it;
            // a script is sent after them, in a message of its own.
            guard sql.contains(";") else {
                return try answer(
                    sql: sql, binary: false, run: { nil },
                    send: { self.pq.sendQueryParams(self.handle, sql, 0, nil, nil, nil, nil, 0) })
            }
            try flushAhead()
            text = sql
        } else {
            text = (ahead.compactMap(\.plainText) + [sql])
                .joined(separator: "; ")
            withdrawAll()
        }
        roundTrips += 1
        return try result(of: pq.exec(handle, text), sql: text)
    }

    /// Runs one statement with `arguments` bound to its `?` parameters, in order.
    @discardableResult
    public func query(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> PostgreSQLResult {
        try query(sql, values: arguments.map(\.sqlValue))
    }

    /// Runs one statement (sent with its text, parsed and planned for this
    /// run only); `binary` asks for the rows in PostgreSQL's binary format
    /// (integers as 8 bytes, bytea as its bytes) instead of text.
    func query(_ sql: String, values: [SQLValue], binary: Bool = false) throws -> PostgreSQLResult {
        let numbered = Placeholders.numbered(sql)
        let format: Int32 = binary ? 1 : 0
        return try withParameters(values) { count, pointers in
            try answer(
                sql: sql, binary: binary,
                run: { pq.execParams(handle, numbered, count, nil, pointers, nil, nil, format) },
                send: { pq.sendQueryParams(handle, numbered, count, nil, pointers, nil, nil, format) })
        }
    }

    /// Whether preparing a statement can travel with its first run (pipeline
    /// mode), at no extra round trip; else it costs one of its own.
    var preparesAlong: Bool { pq.pipeline != nil }

    /// Parses `sql` as a named statement of this connection and runs it, in
    /// one round trip where libpq allows (else two); gives the name, which
    /// `query(prepared:)` then runs, so the server neither receives nor
    /// parses the text again (and may keep its plan). An error in the SQL
    /// is the one running it as text would have given, and names nothing.
    func query(preparing sql: String, values: [SQLValue], binary: Bool = false) throws -> (
        name: String, result: PostgreSQLResult
    ) {
        preparedCount += 1
        let name = "scorta_\(preparedCount)"
        let numbered = Placeholders.numbered(sql)
        guard preparesAlong else {
            try flushAhead()
            roundTrips += 1
            _ = try result(of: pq.prepare(handle, name, numbered, 0, nil), sql: sql)
            preparedNames.insert(name)
            return (name, try query(prepared: name, sql: sql, values: values, binary: binary))
        }
        let format: Int32 = binary ? 1 : 0
        let answer = try withParameters(values) { count, pointers in
            try self.answer(
                sql: sql, binary: binary, run: { nil },
                send: { self.pq.sendQueryPrepared(self.handle, name, count, pointers, nil, nil, format) },
                prepare: { self.pq.sendPrepare(self.handle, name, numbered, 0, nil) })
        }
        preparedNames.insert(name)
        return (name, answer)
    }

    /// Runs the statement `prepare` named.
    func query(prepared name: String, sql: String, values: [SQLValue], binary: Bool = false) throws
        -> PostgreSQLResult
    {
        let format: Int32 = binary ? 1 : 0
        return try withParameters(values) { count, pointers in
            try answer(
                sql: sql, binary: binary, run: { pq.execPrepared(handle, name, count, pointers, nil, nil, format) },
                send: { pq.sendQueryPrepared(handle, name, count, pointers, nil, nil, format) })
        }
    }

    /// The values as PostgreSQL's text input, for the length of `body`.
    func withParameters<T>(
        _ values: [SQLValue], _ body: (Int32, [UnsafePointer<CChar>?]) throws -> T
    ) rethrows -> T {
        let pointers = values.map { PostgreSQLConnection.text(of: $0).map { UnsafePointer(strdup($0)) } ?? nil }
        defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
        return try body(Int32(pointers.count), pointers)
    }

    /// Whether a transaction is open (or failed and not yet rolled back), or
    /// held back to begin with the next statement.
    public var isInTransaction: Bool {
        // A cursor's fetch in flight: only a transaction has cursors (and libpq says "active" meanwhile).
        if fetchInFlight != nil { return true }
        let status = pq.transactionStatus(handle)
        return status == 2 || status == 3 || transactionAhead
    }

    /// Whether a transaction is open and not failed, as far as is known
    /// without waiting for a fetch in flight (which is one's).
    var isInOpenTransaction: Bool {
        fetchInFlight != nil || pq.transactionStatus(handle) == 2
    }

    /// The integer in the first column of the first row, or nil.
    public func scalar(_ sql: String, _ arguments: [any SQLBindable] = []) throws -> Int64? {
        let result = try query(sql, arguments)
        return result.rowCount > 0 ? result.int64(0, 0) : nil
    }

    /// A value as PostgreSQL's text input reads it (nil is SQL NULL).
    static func text(of value: SQLValue) -> String? {
        switch value {
        case .null: nil
        case .integer(let integer): String(integer)
        case .real(let real): String(real)
        case .text(let text): text
        case .blob(let bytes): hex(bytes)
        }
    }

    /// bytea's hex input, `\x` and two lowercase digits a byte, written as
    /// the chain writes its digests. Not through `String(format:)`: a
    /// checkout's few hashes and facts cost its client 1.9 M instructions there
    /// (Foundation's formatter and a variadic list a byte).
    static func hex(_ bytes: [UInt8]) -> String {
        "\\x" + SHA256.hexString(bytes)
    }

    /// Wraps libpq's result, or throws the server's error (with its SQLSTATE)
    /// and frees it.
    func result(of raw: OpaquePointer?, sql: String, binary: Bool = false) throws -> PostgreSQLResult {
        guard let raw else {
            // No result at all: libpq could not even send (connection gone, out of memory).
            throw PostgreSQLError(sqlState: PostgreSQLError.connectionFailure, message: connectionMessage, sql: sql)
        }
        let status = pq.resultStatus(raw)
        guard status == LibPQ.commandOK || status == LibPQ.tuplesOK else {
            defer { pq.clear(raw) }
            throw error(of: raw, sql: sql)
        }
        return PostgreSQLResult(pq: pq, handle: raw, binary: binary)
    }

    /// The server's error in a failed result (which the caller frees).
    func error(of raw: OpaquePointer, sql: String) -> PostgreSQLError {
        let state = pq.resultErrorField(raw, LibPQ.diagnosticSQLState).map { String(cString: $0) }
        let primary = pq.resultErrorField(raw, LibPQ.diagnosticMessage).map { String(cString: $0) }
        let message = primary ?? pq.resultErrorMessage(raw).map { String(cString: $0) } ?? connectionMessage
        // A lost connection has no SQLSTATE from the server; libpq's message says why.
        return PostgreSQLError(sqlState: state ?? PostgreSQLError.connectionFailure, message: message, sql: sql)
    }

    var connectionMessage: String {
        pq.errorMessage(handle).map { String(cString: $0) } ?? "the connection to the server failed"
    }
}

/// The rows of one statement, all received (libpq reads the whole answer);
/// values are PostgreSQL's text output, or its binary one when asked. Freed on deinit.
public final class PostgreSQLResult {
    let pq: LibPQ
    let handle: OpaquePointer
    public let rowCount: Int
    public let columnCount: Int
    /// Values in PostgreSQL's binary format (see `PostgreSQLCursor.binaryResults`).
    let binary: Bool

    init(pq: LibPQ, handle: OpaquePointer, binary: Bool = false) {
        self.pq = pq
        self.handle = handle
        self.binary = binary
        self.rowCount = Int(pq.ntuples(handle))
        self.columnCount = Int(pq.nfields(handle))
    }

    deinit {
        pq.clear(handle)
    }

    public func columnName(_ column: Int) -> String {
        pq.fname(handle, Int32(column)).map { String(cString: $0) } ?? ""
    }

    /// The value's text, or nil for SQL NULL: made from its bytes with the
    /// length libpq knows (no scan for the terminating zero).
    public func text(_ row: Int, _ column: Int) -> String? {
        guard !isNull(row, column) else { return nil }
        return String(decoding: bytes(row, column), as: UTF8.self)
    }

    public func isNull(_ row: Int, _ column: Int) -> Bool {
        pq.getisnull(handle, Int32(row), Int32(column)) != 0
    }

    public func int64(_ row: Int, _ column: Int) -> Int64? {
        guard binary else { return text(row, column).flatMap { Int64($0) } }
        return PostgreSQLResult.binaryInteger(pq, handle, row, column)
    }

    /// A binary integer value of `handle` (nil for NULL).
    static func binaryInteger(_ pq: LibPQ, _ handle: OpaquePointer, _ row: Int, _ column: Int) -> Int64? {
        guard pq.getisnull(handle, Int32(row), Int32(column)) == 0 else { return nil }
        let bytes = bytes(pq, handle, row, column)
        // Network byte order, as wide as the column's type (bool is one byte); an int8 loaded whole.
        if bytes.count == 8, let base = bytes.baseAddress {
            return Int64(bigEndian: UnsafeRawPointer(base).loadUnaligned(as: Int64.self))
        }
        guard bytes.count <= 8, let first = bytes.first else { return nil }
        var value = Int64(Int8(bitPattern: first))
        for byte in bytes.dropFirst() { value = value << 8 | Int64(byte) }
        return value
    }

    /// A value's bytes in place, valid while the result lives (binary
    /// results: a bytea's bytes; text results: the text's).
    func bytes(_ row: Int, _ column: Int) -> UnsafeBufferPointer<UInt8> {
        PostgreSQLResult.bytes(pq, handle, row, column)
    }

    /// A value's bytes in place in the libpq result `handle`.
    static func bytes(_ pq: LibPQ, _ handle: OpaquePointer, _ row: Int, _ column: Int) -> UnsafeBufferPointer<UInt8> {
        let length = Int(pq.getlength(handle, Int32(row), Int32(column)))
        guard length > 0, let value = pq.getvalue(handle, Int32(row), Int32(column)) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: UnsafeRawPointer(value).assumingMemoryBound(to: UInt8.self), count: length)
    }

    /// The column's type, as PostgreSQL's Oid.
    func typeOID(_ column: Int) -> UInt32 {
        pq.ftype(handle, Int32(column))
    }

    /// Rows an INSERT, UPDATE or DELETE touched (the conditional decrement reads it).
    public var affectedRows: Int {
        pq.cmdTuples(handle).flatMap { Int(String(cString: $0)) } ?? 0
    }
}
