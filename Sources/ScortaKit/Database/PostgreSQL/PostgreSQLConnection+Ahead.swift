/// Statements held back to travel with the next one.
///
/// BEGIN, a savepoint and its release have no parameters and no rows, and
/// what follows them needs nothing from their answer: sent on their own,
/// each costs a round trip (two context switches even on loopback, more on
/// a loaded machine or a network). Held back, they go in the same round
/// trip as the next statement: joined to it when that is text
/// (`execute`), or ahead of it in libpq's pipeline mode (libpq 14 or later;
/// before, in a message of their own). The server runs them in order, so
/// nothing changes but the count of round trips; an error in one of them
/// is reported by the statement that carried it, as the server's own error.
extension PostgreSQLConnection {
    /// Holds `statements` (one statement each) back until the next one is sent.
    /// `opensTransaction`: they begin a transaction, which `isInTransaction` counts from now.
    func sendAhead(_ statements: [String], opensTransaction: Bool = false) {
        ahead += statements
        if opensTransaction { transactionAhead = true }
    }

    /// Drops `statement` (its last occurrence) and everything held back
    /// after it, when it has not been sent yet; false when it has.
    func withdraw(from statement: String) -> Bool {
        guard let index = ahead.lastIndex(of: statement) else { return false }
        ahead.removeSubrange(index...)
        if ahead.isEmpty { transactionAhead = false }
        return true
    }

    /// Drops everything held back; true when that included the beginning of
    /// the transaction (so the server never saw it, and there is nothing to end).
    @discardableResult
    func withdrawAll() -> Bool {
        defer {
            ahead.removeAll()
            transactionAhead = false
        }
        return transactionAhead
    }

    /// Sends what is held back, alone (before a statement that cannot carry it).
    func flushAhead() throws {
        guard !ahead.isEmpty else { return }
        let text = ahead.joined(separator: "; ")
        withdrawAll()
        roundTrips += 1
        _ = try result(of: pq.exec(handle, text), sql: text)
    }

    /// Runs one statement with what is held back ahead of it: `run` sends it
    /// and waits (nothing held back), `send` only sends it (pipeline mode),
    /// after `prepare` when given (which only pipeline mode sends).
    func answer(
        sql: String, binary: Bool, run: () -> OpaquePointer?, send: () -> Int32, prepare: (() -> Int32)? = nil
    ) throws -> PostgreSQLResult {
        guard !ahead.isEmpty || prepare != nil, let pipeline = pq.pipeline else {
            try flushAhead()
            roundTrips += 1
            return try result(of: run(), sql: sql, binary: binary)
        }
        let statements = ahead
        // What each answer is about, in order: for the error that names it.
        let texts = statements + (prepare == nil ? [sql] : [sql, sql])
        withdrawAll()
        roundTrips += 1
        guard pipeline.enter(handle) == 1 else {
            throw PostgreSQLError(sqlState: PostgreSQLError.connectionFailure, message: connectionMessage, sql: sql)
        }
        defer { _ = pipeline.exit(handle) }
        let sent =
            statements.allSatisfy { pq.sendQueryParams(handle, $0, 0, nil, nil, nil, nil, 0) == 1 }
            && (prepare?() ?? 1) == 1 && send() == 1 && pipeline.sync(handle) == 1
        guard sent else {
            throw PostgreSQLError(sqlState: PostgreSQLError.connectionFailure, message: connectionMessage, sql: sql)
        }
        // Each statement's results end with nil; after an error the rest are
        // "aborted" (not run), and the first error is the one to report.
        var failure: PostgreSQLError?
        var answer: OpaquePointer?
        for (index, text) in texts.enumerated() {
            while let raw = pq.getResult(handle) {
                let status = pq.resultStatus(raw)
                if status == LibPQ.commandOK || status == LibPQ.tuplesOK {
                    if index == texts.count - 1, answer == nil {
                        answer = raw
                        continue
                    }
                } else if status != LibPQ.pipelineAborted, failure == nil {
                    failure = error(of: raw, sql: text)
                }
                pq.clear(raw)
            }
        }
        // Then the sync's own answer; the connection leaves pipeline mode.
        while let raw = pq.getResult(handle) {
            let status = pq.resultStatus(raw)
            pq.clear(raw)
            if status == LibPQ.pipelineSync { break }
        }
        if let failure {
            if let answer { pq.clear(answer) }
            throw failure
        }
        guard let answer else {
            throw PostgreSQLError(sqlState: PostgreSQLError.connectionFailure, message: connectionMessage, sql: sql)
        }
        return PostgreSQLResult(pq: pq, handle: answer, binary: binary)
    }
}
