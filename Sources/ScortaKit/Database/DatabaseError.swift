import CSQLite

/// An error reported by SQLite, with the extended result code, SQLite's own
/// message and the SQL that failed.
///
///     SQLite error 19: NOT NULL constraint failed: item.sku - while executing `INSERT ...`
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public let resultCode: Int32
    public let message: String
    public let sql: String?

    public init(resultCode: Int32, message: String, sql: String? = nil) {
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
    }

    /// The primary result code (SQLITE_BUSY, SQLITE_CONSTRAINT, ...).
    public var primaryCode: Int32 { resultCode & 0xFF }

    public var description: String {
        var text = "SQLite error \(resultCode): \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }
}
