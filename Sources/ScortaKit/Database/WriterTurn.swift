/// The statements of a writers' turn that the engine does not give with its
/// transactions (PostgreSQL's advisory lock, see `PostgreSQLDialect.writerLock`).
public struct WriterLock: Sendable {
    /// Waits for the turn and takes it, for the session (bounded by the session's `lock_timeout`).
    public let take: String
    public let release: String
}

/// A wait for another writer's turn on PostgreSQL, as SQLite's `BusyWait`:
/// silent for a second, then a note, and a give-up after
/// `writerWaitMilliseconds` with the same busy error and nothing written.
///
/// The turn is taken with the transaction's first statement, waiting one
/// second at most (`quietTurn`): free (the usual case), that costs nothing
/// more. Held by another writer (the market till while the warehouse
/// posts), that statement fails (55P03, nothing done), the note is said,
/// `takeWriterTurn` waits for the rest of the time, and the transaction
/// runs with the turn already held. The server does the waiting
/// (`lock_timeout`): the turn goes to whoever asked first, with no polling.
extension Database {
    /// How long a write waits for another writer's turn before it gives up,
    /// as SQLite's busy timeout: a `lock_timeout` set in the URI or the
    /// service file (`options=-c lock_timeout=5s`) wins.
    public static let writerWaitMilliseconds = 15_000

    static let quietMilliseconds = Int(BusyWait.noteAfter * 1000)
    /// Sent just before the lock is taken, in the lock's own short transaction.
    static let quietTurn = "SET LOCAL lock_timeout = \(quietMilliseconds)"

    /// Whether `error` ended a quiet wait for the turn: a lock timeout
    /// while this session does not hold the turn (a lock timeout with the
    /// turn held came from the transaction's own statements).
    func waitedForTurn(_ error: any Error) throws -> Bool {
        guard let error = error as? DatabaseError, error.sqlState == PostgreSQLError.lockNotAvailable else {
            return false
        }
        return try scalar(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted") == 0
    }

    /// Says that the write waits, then waits for the turn the rest of the
    /// time; gives up with the busy error when it runs out.
    func takeWriterTurn(_ lock: WriterLock) throws {
        let setting = try scalarText("SELECT setting FROM pg_settings WHERE name = 'lock_timeout'")
        let chosen = Int(setting ?? "") ?? 0
        let limit = chosen > 0 ? chosen : Database.writerWaitMilliseconds
        let quiet = Database.quietMilliseconds
        if limit > quiet {
            SignsOfLife.note(BusyWait.note(timeout: Double(limit) / 1000))
            if try waitForTurn(lock, milliseconds: limit - quiet, thenRestore: chosen) { return }
        }
        throw DatabaseError(
            resultCode: .busy,
            message:
                "another writer kept its turn for \(Double(limit) / 1000) s (the database is locked); nothing was written"
        )
    }

    /// Waits at most `milliseconds` for the turn, then puts the session's
    /// `lock_timeout` back to `restore`: false when the time ran out.
    private func waitForTurn(_ lock: WriterLock, milliseconds: Int, thenRestore restore: Int) throws -> Bool {
        defer { try? execute("SET lock_timeout = \(restore)") }
        try execute("SET lock_timeout = \(milliseconds)")
        do {
            try execute(lock.take)
            return true
        } catch let error as DatabaseError where error.sqlState == PostgreSQLError.lockNotAvailable {
            return false
        }
    }
}
