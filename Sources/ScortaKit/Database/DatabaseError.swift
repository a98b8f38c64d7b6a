/// An error reported by the database, with the extended result code, the
/// engine's own message and the SQL that failed.
///
///     SQLite error 19: NOT NULL constraint failed: item.sku - while executing `INSERT ...`
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    /// The extended result code; match it by name (`case .busy, .locked:`).
    public let resultCode: ResultCode
    public let message: String
    public let sql: String?

    public init(resultCode: ResultCode, message: String, sql: String? = nil) {
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
    }

    init(code: Int32, message: String, sql: String? = nil) {
        self.init(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }

    public var description: String {
        var text = "SQLite error \(resultCode.primary.rawValue): \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }
}
