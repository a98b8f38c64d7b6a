import Foundation

/// An error reported by a PostgreSQL server (or by libpq about the
/// connection), with its SQLSTATE, the server's one-line message and the SQL
/// that failed.
///
///     PostgreSQL error 23505: duplicate key value violates unique constraint "item_sku_key" - while executing `INSERT ...`
public struct PostgreSQLError: Error, CustomStringConvertible, Sendable {
    /// The five-character SQLSTATE (`40001`); `08006` when the connection itself failed.
    public let sqlState: String
    public let message: String
    public let sql: String?

    public init(sqlState: String, message: String, sql: String? = nil) {
        self.sqlState = sqlState
        self.message = PostgreSQLError.oneLine(message)
        self.sql = sql
    }

    /// SQLSTATE class 08: the connection was lost or refused.
    public static let connectionFailure = "08006"
    public static let serializationFailure = "40001"
    public static let deadlockDetected = "40P01"
    public static let uniqueViolation = "23505"
    public static let checkViolation = "23514"
    /// Ours: a write held back that had to change a row changed none (`PostgreSQLConnection+RowCheck`).
    public static let noDataFound = "P0002"
    /// A lock waited for longer than `lock_timeout`.
    public static let lockNotAvailable = "55P03"

    /// A serialization failure or a deadlock: the transaction was rolled
    /// back whole and may simply run again.
    public var isRetryable: Bool { sqlState == Self.serializationFailure || sqlState == Self.deadlockDetected }

    /// The connection to the server is gone (server stopped, network down):
    /// the open transaction, if any, was not committed.
    public var isConnectionLost: Bool { sqlState.hasPrefix("08") || sqlState.hasPrefix("57P") }

    public var description: String {
        var text = "PostgreSQL error \(sqlState): \(message)"
        if let sql { text += " - while executing `\(sql)`" }
        return text
    }

    /// libpq's messages span lines ("connection … failed: Connection refused\n\tIs the server running …");
    /// Scorta's errors are one line.
    static func oneLine(_ message: String) -> String {
        message.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
            .joined(separator: "; ")
    }
}
