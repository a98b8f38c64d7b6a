import Foundation

extension PostgreSQLConnection {
    /// How many times a command runs when other sites keep overtaking it
    /// (serialization failures, deadlocks) before it gives up with a clear error.
    /// Two sites posting 60-line documents on the same items, on a loaded
    /// 2-core machine, once needed more than 8 (the sites trial).
    public static let defaultAttempts = 12

    /// Runs `body` in one SERIALIZABLE transaction: commits when it returns,
    /// rolls back and rethrows when it throws.
    ///
    /// SERIALIZABLE is PostgreSQL's answer to SQLite's `BEGIN IMMEDIATE`: two
    /// sites posting at once cannot both read the same stock and both take
    /// it; the server refuses one of them (40001, or 40P01 for a deadlock)
    /// and that one runs `body` again from the start on a fresh snapshot, so
    /// `body` must only touch the database. After `attempts` it gives up with
    /// an error saying nothing was written.
    @discardableResult
    public func inTransaction<T>(attempts: Int = defaultAttempts, _ body: () throws -> T) throws -> T {
        var attempt = 1
        while true {
            do {
                return try inOneTransaction(body)
            } catch let error as PostgreSQLError where error.isRetryable {
                guard attempt < attempts else {
                    throw ScortaError.refused(
                        """
                        other sites were writing the same rows at the same time and the database refused this command \
                        \(attempts) times (\(error.sqlState): \(error.message)); nothing was written: run it again
                        """)
                }
                // A short random pause, growing with each attempt, so the
                // sites that collided do not collide again in lock step.
                usleep(UInt32.random(in: 0...UInt32(5_000 << min(attempt, 6))))
                attempt += 1
            }
        }
    }

    private func inOneTransaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN ISOLATION LEVEL SERIALIZABLE")
        let result: T
        do {
            result = try body()
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
        do {
            try execute("COMMIT")
        } catch let error as PostgreSQLError where error.isConnectionLost {
            // The server may have committed before the connection went: only
            // the ledger can tell, and running the command again blindly could
            // post the same delivery twice.
            throw ScortaError.invalid(
                """
                the connection to the PostgreSQL server was lost while committing (\(error.message)): \
                whether this command was recorded is unknown; look at the ledger before running it again
                """)
        }
        return result
    }
}
