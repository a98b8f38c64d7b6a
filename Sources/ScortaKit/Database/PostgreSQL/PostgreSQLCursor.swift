/// A `Statement` on PostgreSQL: the query with SQLite's `?` numbered once,
/// the values bound for the next run, and the rows of the last run walked
/// one by one the way `sqlite3_step` walks them.
///
/// A statement the database keeps (`Database.prepare`, `cachedStatement`:
/// `reusable`) becomes a named prepared statement of the connection on its
/// first run, prepared in the same round trip (pipeline mode), and runs by
/// name from then on: the posting path runs the same few dozen statements
/// for every document, and the server then neither parses them again nor,
/// once its plan cache judges a generic plan good, plans them. Without
/// pipeline mode preparing costs a round trip of its own, and a statement
/// is prepared on its third run (most statements of a short command run
/// once or twice); one-off statements send their text with their values
/// (PQexecParams). A one-off SELECT inside a transaction is read through a
/// server-side cursor, `fetchSize` rows at a time
/// (`PostgreSQLConnection+Portal`), so its rows never all sit in memory.
final class PostgreSQLCursor {
    let connection: PostgreSQLConnection
    let sql: String
    private let reusable: Bool
    /// Rows in PostgreSQL's binary format: integers as their bytes and a
    /// bytea as itself, read in place, instead of text parsed (and bytes
    /// decoded from hex) value by value. Only integer, boolean, bytea and
    /// text columns read this way; a statement asks for it (the indicator
    /// report's walk over a year of facts).
    var binaryResults = false
    /// Runs so far, and the server's name for the statement once prepared.
    private var runs = 0
    private var preparedName: String?
    private var arguments: [SQLValue] = []
    private var result: PostgreSQLResult? {
        didSet {
            // Per batch, not per value: which columns hold binary integers (read from their bytes).
            integerColumns = 0
            if let result, result.binary {
                for column in 0..<min(result.columnCount, 64)
                where PostgreSQLCursor.integerTypes.contains(result.typeOID(column)) {
                    integerColumns |= 1 << column
                }
            }
            rows = result.map { (handle: $0.handle, count: $0.rowCount, binary: $0.binary) }
        }
    }
    /// Which of the current batch's first 64 columns hold binary integers
    /// (`integerTypes`), a bit each (a mask, not an array: nothing to retain
    /// to read it); none for text results (a column past 64 reads as text).
    private var integerColumns: UInt64 = 0
    /// The current batch as libpq holds it (`result` owns it): the hot
    /// accessors (a region year's report reads six values from each of
    /// 800,000 rows) read it without retaining and releasing `result` a value.
    private var rows: (handle: OpaquePointer, count: Int, binary: Bool)?
    private let pq: LibPQ
    private var row = -1
    /// The server-side cursor the rows come from, while it has more, and
    /// the transaction it was opened in.
    private var portal: (name: String, epoch: Int)?
    /// Rows fetched at a time: a few MiB of the widest rows (a lot, a
    /// register line), and one fetch for most queries.
    static let fetchSize = 10_000
    /// Blobs of the current row decoded from hex, kept until the cursor
    /// moves, as SQLite keeps a column's bytes until the next step.
    private var blobs: [Int: UnsafeMutableBufferPointer<UInt8>] = [:]

    init(connection: PostgreSQLConnection, sql: String, reusable: Bool) {
        self.connection = connection
        self.pq = connection.pq
        self.sql = sql
        self.reusable = reusable
    }

    deinit {
        releaseBlobs()
        closePortal()
    }

    private func releaseBlobs() {
        for buffer in blobs.values { buffer.deallocate() }
        blobs.removeAll()
    }

    func bind(_ values: [SQLValue]) {
        arguments = values
        reset()
    }

    /// Runs the query on the first step; then moves to the next row. `changes`
    /// gets the count of rows an INSERT, UPDATE or DELETE touched.
    func step(changes: (Int) -> Void) throws -> Bool {
        if result == nil {
            let answer = try run()
            changes(answer.affectedRows)
            result = answer
            row = -1
        }
        releaseBlobs()
        row += 1
        if let portal, let current = result, row >= current.rowCount {
            // This batch is walked (and freed before the next is read): the
            // next one, fetched ahead while this one was walked, or now.
            result = nil
            let next =
                try connection.takeFetchedAhead(portal: portal.name)
                ?? connection.fetch(
                    portal: portal.name, sql: sql, binary: binaryResults, count: PostgreSQLCursor.fetchSize)
            result = next
            row = 0
            batchArrived(next)
        }
        return row < result?.rowCount ?? 0
    }

    /// A batch short of `fetchSize` is the last: the cursor is closed. A full
    /// one may have more after it, asked for now (`fetchAhead`) so the server
    /// computes them while the client walks this one.
    private func batchArrived(_ batch: PostgreSQLResult) {
        guard let portal else { return }
        guard batch.rowCount == PostgreSQLCursor.fetchSize else { return closePortal() }
        connection.fetchAhead(portal: portal.name, sql: sql, binary: binaryResults, count: PostgreSQLCursor.fetchSize)
    }

    /// Ends the server-side cursor (with the next statement sent).
    private func closePortal() {
        guard let portal else { return }
        connection.close(portal: portal.name, epoch: portal.epoch)
        self.portal = nil
    }

    /// Without pipeline mode (libpq before 14) preparing costs a round trip,
    /// paid from a statement's third run.
    static let runsBeforePreparing = 2

    /// The statement's name on the server, while it is (or is about to be) prepared there.
    private var usableName: String? {
        preparedName.flatMap { connection.preparedNames.contains($0) ? $0 : nil }
    }

    /// Whether this run prepares the statement (see `runsBeforePreparing`).
    private var preparesNow: Bool {
        reusable && (connection.preparesAlong || runs > PostgreSQLCursor.runsBeforePreparing)
    }

    /// Runs a write whose answer nobody reads: held back to go with the next
    /// statement whose answer is needed (see `PostgreSQLConnection+Ahead`).
    /// `ifNoRow`: the write must change a row (see `PostgreSQLConnection+RowCheck`).
    func write(ifNoRow: PostgreSQLConnection.RowCheck? = nil) throws {
        runs += 1
        reset()
        let name = usableName
        preparedName = try connection.write(
            sql, values: arguments, name: name, prepare: name == nil && preparesNow, ifNoRow: ifNoRow)
    }

    private func run() throws -> PostgreSQLResult {
        runs += 1
        if !binaryResults, let answer = connection.takeAnswerAhead(sql: sql, values: arguments) { return answer }
        if !reusable, connection.isInTransaction, PostgreSQLConnection.isPlainQuery(sql) {
            let name = connection.nextPortalName()
            let answer = try connection.open(
                portal: name, sql: sql, values: arguments, binary: binaryResults, count: PostgreSQLCursor.fetchSize)
            portal = (name, connection.transactionEpoch)
            batchArrived(answer)
            return answer
        }
        if let preparedName = usableName {
            return try connection.query(prepared: preparedName, sql: sql, values: arguments, binary: binaryResults)
        }
        guard preparesNow else {
            return try connection.query(sql, values: arguments, binary: binaryResults)
        }
        let (name, answer) = try connection.query(preparing: sql, values: arguments, binary: binaryResults)
        preparedName = name
        return answer
    }

    func reset() {
        releaseBlobs()
        closePortal()
        result = nil
        row = -1
    }

    var columnCount: Int { result?.columnCount ?? 0 }

    /// Rows held in memory now (one batch at most when read through a cursor).
    var rowsHeld: Int { result?.rowCount ?? 0 }

    func columnName(_ column: Int) -> String { result?.columnName(column) ?? "" }

    /// Whether the current row's value is NULL (asked of libpq: no text made).
    func isNull(_ column: Int) -> Bool {
        guard let rows, row >= 0, row < rows.count else { return true }
        return pq.getisnull(rows.handle, Int32(row), Int32(column)) != 0
    }

    /// The current row's value as text, nil for NULL.
    func text(_ column: Int) -> String? {
        guard let result, row >= 0, row < result.rowCount else { return nil }
        if isBinaryInteger(column) { return result.int64(row, column).map { String($0) } }
        return result.text(row, column)
    }

    /// bool, int8, int2, int4.
    static let integerTypes: Set<UInt32> = [16, 20, 21, 23]

    private func isBinaryInteger(_ column: Int) -> Bool {
        column >= 0 && column < 64 && integerColumns & (1 << column) != 0
    }

    /// An integer column; PostgreSQL's booleans (`t`, `f`) read as SQLite's 1 and 0,
    /// and a `numeric` total (what `sum` of bigints gives) as its integer.
    func int64(_ column: Int) -> Int64 {
        if isBinaryInteger(column), let rows, row >= 0, row < rows.count {
            return PostgreSQLResult.binaryInteger(pq, rows.handle, row, column) ?? 0
        }
        if let result, !result.binary, row >= 0, row < result.rowCount, !result.isNull(row, column),
            let integer = PostgreSQLCursor.integer(result.bytes(row, column))
        {
            return integer
        }
        guard let text = text(column) else { return 0 }
        if let integer = Int64(text) { return integer }
        switch text {
        case "t": return 1
        case "f": return 0
        default: return Double(text).map { Int64($0) } ?? 0
        }
    }

    /// The value typed as SQLite would give it, from the column's type Oid.
    func value(_ column: Int) -> SQLValue {
        guard let text = text(column), let result else { return .null }
        if result.binary, result.typeOID(column) == 17 { return .blob(Array(result.bytes(row, column))) }
        switch result.typeOID(column) {
        case 16, 20, 21, 23:  // bool, int8, int2, int4
            return .integer(int64(column))
        case 700, 701, 1700:  // float4, float8, numeric: an integral total stays an integer, as in SQLite
            if let integer = Int64(text) { return .integer(integer) }
            return .real(Double(text) ?? 0)
        case 17:  // bytea, in hex output: \x00ff…
            return .blob(PostgreSQLCursor.bytes(hex: text.dropFirst(2)))
        default:
            return .text(text)
        }
    }

    /// A bytea column's bytes in place, valid until the cursor moves (the
    /// report's zero-copy walk of a year of facts reads them this way).
    func blob(_ column: Int) -> UnsafeBufferPointer<UInt8> {
        if let rows, rows.binary, row >= 0, row < rows.count {
            return PostgreSQLResult.bytes(pq, rows.handle, row, column)
        }
        if let decoded = blobs[column] { return UnsafeBufferPointer(decoded) }
        guard case .blob(let bytes) = value(column), !bytes.isEmpty else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
        _ = buffer.initialize(from: bytes)
        blobs[column] = buffer
        return UnsafeBufferPointer(buffer)
    }

    /// An integer's text output (`-12`) read from its bytes in place, as
    /// `Int64(text)` reads it, without making the text first; nil for anything
    /// else (a boolean, a fraction, too many digits: then read as text).
    static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard !bytes.isEmpty, bytes.count <= 18 else { return nil }
        let negative = bytes[0] == UInt8(ascii: "-")
        let digits = negative || bytes[0] == UInt8(ascii: "+") ? bytes.dropFirst() : bytes[...]
        guard !digits.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return negative ? -value : value
    }

    static func bytes(hex: Substring) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(hex.utf8.count / 2)
        var high: UInt8?
        for character in hex.utf8 {
            let nibble: UInt8 =
                switch character {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
                default: character &- UInt8(ascii: "A") &+ 10
                }
            if let first = high {
                bytes.append(first << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }
}
