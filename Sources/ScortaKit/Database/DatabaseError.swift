/// An error reported by the database, with the extended result code, the
/// engine's own message and the SQL that failed.
///
///     SQLite error 19: NOT NULL constraint failed: item.sku - while executing `INSERT ...`
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    /// The extended result code; match it by name (`case .busy, .locked:`).
    public let resultCode: ResultCode
    public let message: String
    public let sql: String?
    /// PostgreSQL's five-character SQLSTATE (`40001`), nil on SQLite.
    public let sqlState: String?

    public init(resultCode: ResultCode, message: String, sql: String? = nil) {
        self.resultCode = resultCode
        self.message = message
        self.sql = sql
        self.sqlState = nil
    }

    /// A PostgreSQL error, with the result code the ledger matches on
    /// SQLite (a unique violation is `.constraintUnique` on both engines).
    init(postgreSQL error: PostgreSQLError) {
        resultCode = ResultCode(sqlState: error.sqlState)
        message = error.message
        sql = error.sql
        sqlState = error.sqlState
    }

    /// A serialization failure or a deadlock on PostgreSQL: the transaction
    /// was rolled back whole and runs again.
    var isRetryable: Bool { sqlState.map { PostgreSQLError(sqlState: $0, message: "").isRetryable } ?? false }

    init(code: Int32, message: String, sql: String? = nil) {
        self.init(resultCode: ResultCode(rawValue: code), message: message, sql: sql)
    }

    public var description: String {
        var text =
            sqlState.map { "PostgreSQL error \($0): \(message)" }
            ?? "SQLite error \(resultCode.primary.rawValue): \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }
}
