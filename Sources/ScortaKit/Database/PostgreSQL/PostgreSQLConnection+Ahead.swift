import Foundation

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
///
/// Writes whose answer nobody reads (`Database.write`: a document's lines,
/// stock, chain record) are held back the same way, with their values, in
/// pipeline mode: they go with the next statement whose answer is needed,
/// at the latest with COMMIT. A write that fails aborts what follows it
/// (the server runs nothing after an error in a pipeline), and its error,
/// naming its own SQL, is what that next statement throws: the command ends
/// with it and nothing written, as if the write had failed when it was made.
extension PostgreSQLConnection {
    /// What is held back: a statement without parameters, or a write with its values.
    enum Held: Equatable {
        case text(String)
        /// A savepoint's release, as text: a write held back before it that changes no row can no
        /// longer be undone with its savepoint, so its error ends the transaction (`RowCheck`).
        case release(String)
        case write(HeldWrite)
        /// A read sent ahead (`readAhead`), whose answer is kept.
        case read(ReadKey)
        /// Ids of tables taken from their sequences ahead of their inserts (`reserveIDs`), in one statement.
        case reserve([Reservation])

        /// A statement sent as plain text (a transaction's or savepoint's own), nil for the others.
        var plainText: String? {
            switch self {
            case .text(let text), .release(let text): text
            default: nil
            }
        }
    }

    /// A write held back with its values as PostgreSQL's text input. `name`:
    /// the prepared statement that runs it; `prepares`: made on the way (its first run).
    struct HeldWrite: Equatable {
        let sql: String
        let numbered: String
        let values: [String?]
        let name: String?
        let prepares: Bool
        /// For a write that must change a row, its check's number (`rowChecks`).
        var check: Int? = nil
    }

    /// Writes held back at most before they are sent on their own: a bulk
    /// write holds no more than this many statements' values in memory.
    static let heldWritesLimit = 64

    /// Holds `statements` (one statement each) back until the next one is sent.
    /// `opensTransaction`: they begin a transaction, which `isInTransaction` counts from now.
    func sendAhead(_ statements: [String], opensTransaction: Bool = false) {
        ahead += statements.map { .text($0) }
        if opensTransaction { transactionAhead = true }
    }

    /// Holds the release of a savepoint back until the next statement is sent.
    func sendReleaseAhead(_ statement: String) {
        ahead.append(.release(statement))
    }

    /// Whether writes are held back (so the transaction is no longer empty).
    var holdsWrites: Bool {
        ahead.contains { if case .write = $0 { true } else { false } }
    }

    /// Holds a write back until the next statement whose answer is needed.
    /// Runs it now when libpq has no pipeline mode, or outside a transaction
    /// (nothing would end it). `name`: its prepared statement, else it is
    /// sent as text, or prepared on the way when `prepare` (the name is given back).
    /// `ifNoRow`: the write must change a row of the table, `row` naming which; when it changes
    /// none, `ifNoRow` runs (and throws) once its answer is read (see `RowCheck`).
    func write(
        _ sql: String, values: [SQLValue], name: String?, prepare: Bool, ifNoRow: RowCheck? = nil
    ) throws -> String? {
        answersAhead.removeAll()
        let inTransaction = isInOpenTransaction || transactionAhead
        guard pq.pipeline != nil, inTransaction else {
            let result: PostgreSQLResult
            var prepared: String?
            if let name {
                result = try query(prepared: name, sql: sql, values: values)
                prepared = name
            } else if prepare {
                (prepared, result) = try query(preparing: sql, values: values)
            } else {
                result = try query(sql, values: values)
            }
            if let ifNoRow, result.affectedRows == 0 { try ifNoRow.otherwise() }
            return prepared
        }
        // Another write held back for the same row: its answer is read first, so that what
        // `ifNoRow` then reads is the row as this write found it.
        if let ifNoRow, rowChecks.values.contains(where: { $0.row == ifNoRow.row }) { try flushAhead() }
        // A read held back before a write is never kept (its answer may be older than the write):
        // not sent at all.
        ahead.removeAll { if case .read = $0 { true } else { false } }
        var prepared = name
        if prepare, name == nil {
            preparedCount += 1
            prepared = "scorta_\(preparedCount)"
            preparedNames.insert(prepared!)
        }
        ahead.append(
            .write(
                HeldWrite(
                    sql: sql, numbered: Placeholders.numbered(sql), values: values.map(PostgreSQLConnection.text(of:)),
                    name: prepared, prepares: prepare && name == nil, check: ifNoRow.map(keep))))
        if ahead.count(where: { if case .write = $0 { true } else { false } }) >= Self.heldWritesLimit {
            try flushAhead()
        }
        return prepared
    }

    /// Drops `statement` (its last occurrence) and everything held back
    /// after it, when it has not been sent yet; false when it has.
    func withdraw(from statement: String) -> Bool {
        guard let index = ahead.lastIndex(of: .text(statement)) else { return false }
        forget(ahead[index...])
        ahead.removeSubrange(index...)
        if ahead.isEmpty { transactionAhead = false }
        return true
    }

    /// Drops everything held back; true when that included the beginning of
    /// the transaction (so the server never saw it, and there is nothing to end).
    @discardableResult
    func withdrawAll() -> Bool {
        defer {
            forget(ahead[...])
            ahead.removeAll()
            transactionAhead = false
        }
        return transactionAhead
    }

    /// Statements that were to be prepared on the way and never will be.
    private func forget(_ dropped: ArraySlice<Held>) {
        for case .write(let write) in dropped {
            if write.prepares, let name = write.name { preparedNames.remove(name) }
            if let check = write.check { rowChecks[check] = nil }
        }
    }

    /// Sends what is held back, alone (before a statement that cannot carry it).
    func flushAhead() throws {
        try settleFetch()
        guard !ahead.isEmpty else { return }
        guard holdsWrites || holdsReservations else {
            let text = ahead.compactMap(\.plainText).joined(separator: "; ")
            withdrawAll()
            guard !text.isEmpty else { return }  // only reads held to go along (`readAlong`): dropped
            roundTrips += 1
            _ = try result(of: pq.exec(handle, text), sql: text)
            return
        }
        _ = try pipelined(last: nil)
    }

    /// Sends what is held back, reads sent ahead among it, and gives their answers in order.
    func pipelinedReads() throws -> [PostgreSQLResult] {
        try pipelined(last: nil).kept
    }

    /// Runs one statement with what is held back ahead of it: `run` sends it
    /// and waits (nothing held back), `send` only sends it (pipeline mode),
    /// after `prepare` when given (which only pipeline mode sends).
    func answer(
        sql: String, binary: Bool, run: () -> OpaquePointer?, send: () -> Int32, prepare: (() -> Int32)? = nil
    ) throws -> PostgreSQLResult {
        try settleFetch()
        if !keepsAnswers(sending: sql) { answersAhead.removeAll() }
        guard !ahead.isEmpty || prepare != nil, pq.pipeline != nil else {
            try flushAhead()
            roundTrips += 1
            return try result(of: run(), sql: sql, binary: binary)
        }
        let answer = try withoutActuallyEscaping(send) { send in
            try pipelined(last: Last(sql: sql, binary: binary, send: send, prepare: prepare)).last
        }
        guard let answer else {
            throw PostgreSQLError(sqlState: PostgreSQLError.connectionFailure, message: connectionMessage, sql: sql)
        }
        return answer
    }

    /// Whether answers still waiting stay good across a round trip that sends `sql` with what is
    /// held back: it writes nothing (a SELECT, no write held back), so they are no older than the
    /// last write. A transaction's document number read along with the first of a posting's reads
    /// is then still there after the next one.
    private func keepsAnswers(sending sql: String?) -> Bool {
        !answersAhead.isEmpty && !holdsWrites && (sql.map(PostgreSQLConnection.isPlainQuery) ?? false)
    }

    /// The statement whose answer is wanted, sent after what is held back.
    struct Last {
        let sql: String
        let binary: Bool
        let send: () -> Int32
        let prepare: (() -> Int32)?
    }

    /// Sends what is held back, then `last` when given, in one pipeline and
    /// one round trip; gives `last`'s answer and those of reads sent ahead,
    /// or throws the first error.
    private func pipelined(last: Last?) throws -> (last: PostgreSQLResult?, kept: [PostgreSQLResult]) {
        // The writes that must change a row are judged with this pipeline's answers, and then forgotten.
        let checks = ahead.compactMap { if case .write(let write) = $0 { write.check } else { nil } }
        defer { for check in checks { rowChecks[check] = nil } }
        do {
            return try pipelinedOnce(last: last)
        } catch let unchanged as Unchanged {
            if unchanged.released { changedNoRowAfterRelease = true }
            try rowChecks[unchanged.check]?.otherwise()
            throw PostgreSQLError(
                sqlState: PostgreSQLError.noDataFound, message: "a write that had to change a row changed none",
                sql: rowChecks[unchanged.check]?.sql ?? "")
        }
    }

    private func pipelinedOnce(last: Last?) throws -> (last: PostgreSQLResult?, kept: [PostgreSQLResult]) {
        guard let pipeline = pq.pipeline else { return (nil, []) }
        try settleFetch()
        if !keepsAnswers(sending: last?.sql) { answersAhead.removeAll() }
        let held = ahead
        // What each answer is about, in order: the SQL for the error that names
        // it, the statement prepared by it (forgotten if it was not), and
        // whether its rows are kept (reads sent ahead).
        var answers: [(sql: String, prepared: String?, kept: Bool, check: Int?)] = []
        for statement in held {
            switch statement {
            case .text(let text), .release(let text): answers.append((text, nil, false, nil))
            case .write(let write):
                if write.prepares { answers.append((write.sql, write.name, false, nil)) }
                answers.append((write.sql, nil, false, write.check))
            case .read(let read): answers.append((read.sql, nil, true, nil))
            case .reserve(let reservations): answers.append((Self.reserveSQL(reservations), nil, true, nil))
            }
        }
        if let last {
            if last.prepare != nil { answers.append((last.sql, nil, false, nil)) }
            answers.append((last.sql, nil, false, nil))
        }
        let failedSQL = last?.sql ?? answers.last?.sql ?? ""
        ahead.removeAll()
        transactionAhead = false
        roundTrips += 1
        guard pipeline.enter(handle) == 1 else {
            throw PostgreSQLError(
                sqlState: PostgreSQLError.connectionFailure, message: connectionMessage, sql: failedSQL)
        }
        defer { _ = pipeline.exit(handle) }
        let sent =
            held.allSatisfy(send) && (last.map { ($0.prepare?() ?? 1) == 1 && $0.send() == 1 } ?? true)
            && pipeline.sync(handle) == 1
        guard sent else {
            throw PostgreSQLError(
                sqlState: PostgreSQLError.connectionFailure, message: connectionMessage, sql: failedSQL)
        }
        // Each statement's results end with nil; after an error the rest are
        // "aborted" (not run), and the first error is the one to report.
        var failure: PostgreSQLError?
        // The first write held back that had to change a row and changed none.
        var unchanged: Int?
        var answer: OpaquePointer?
        var kept: [PostgreSQLResult] = []
        for (index, about) in answers.enumerated() {
            var succeeded = false
            while let raw = pq.getResult(handle) {
                let status = pq.resultStatus(raw)
                if status == LibPQ.commandOK || status == LibPQ.tuplesOK {
                    succeeded = true
                    if let check = about.check, unchanged == nil,
                        pq.cmdTuples(raw).map({ String(cString: $0) }) == "0"
                    {
                        unchanged = check
                    }
                    if last != nil, index == answers.count - 1, answer == nil {
                        answer = raw
                        continue
                    }
                    if about.kept {  // one result a read; after an error none is used
                        kept.append(PostgreSQLResult(pq: pq, handle: raw))
                        continue
                    }
                } else if status != LibPQ.pipelineAborted, failure == nil {
                    failure = error(of: raw, sql: about.sql)
                }
                pq.clear(raw)
            }
            if !succeeded, let name = about.prepared { preparedNames.remove(name) }
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
        if let unchanged {
            if let answer { pq.clear(answer) }
            throw Unchanged(check: unchanged, released: releasedAfter(check: unchanged, in: held))
        }
        // Reads held back keep their answers for their own statements (`readAhead`, `readAlong`),
        // unless a write held back after one ran after it (its answer may be older than that write).
        // Ids reserved are good whatever ran after them (a sequence's values are never given twice).
        let readsKept = held.indices.filter {
            switch held[$0] {
            case .read, .reserve: true
            default: false
            }
        }
        let lastWrite = held.lastIndex { if case .write = $0 { true } else { false } } ?? -1
        for (index, result) in zip(readsKept, kept) {
            switch held[index] {
            case .reserve(let reservations): keepReserved(reservations, result)
            case .read(let key) where index > lastWrite && answersAhead[key] == nil: answersAhead[key] = result
            default: break
            }
        }
        guard last != nil else { return (nil, kept) }
        guard let answer else {
            throw PostgreSQLError(
                sqlState: PostgreSQLError.connectionFailure, message: connectionMessage, sql: failedSQL)
        }
        return (PostgreSQLResult(pq: pq, handle: answer, binary: last?.binary ?? false), kept)
    }

    /// Sends one held statement in pipeline mode (its values copied by libpq as it is sent).
    private func send(_ held: Held) -> Bool {
        switch held {
        case .text(let text), .release(let text):
            return pq.sendQueryParams(handle, text, 0, nil, nil, nil, nil, 0) == 1
        case .write(let write):
            if write.prepares, pq.sendPrepare(handle, write.name, write.numbered, 0, nil) != 1 { return false }
            let pointers = write.values.map { $0.map { UnsafePointer(strdup($0)) } ?? nil }
            defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
            let count = Int32(pointers.count)
            if let name = write.name {
                return pq.sendQueryPrepared(handle, name, count, pointers, nil, nil, 0) == 1
            }
            return pq.sendQueryParams(handle, write.numbered, count, nil, pointers, nil, nil, 0) == 1
        case .read(let read):
            let pointers = read.values.map { $0.map { UnsafePointer(strdup($0)) } ?? nil }
            defer { pointers.forEach { free(UnsafeMutablePointer(mutating: $0)) } }
            return pq.sendQueryParams(
                handle, Placeholders.numbered(read.sql), Int32(pointers.count), nil, pointers, nil, nil, 0) == 1
        case .reserve(let reservations):
            return pq.sendQueryParams(handle, Self.reserveSQL(reservations), 0, nil, nil, nil, nil, 0) == 1
        }
    }
}

/// Reads sent ahead: lookups a command is about to make one after the other
/// (the locations and items a transfer names, a scanned code as barcode,
/// GTIN and SKU), which need nothing from each other's answer, go to the
/// server in one round trip with what is held back; each answer then waits
/// for the first run of the same statement with the same values. Any other
/// statement sent but a SELECT, or write held back, in between drops the
/// answers not yet taken: an answer is never older than the last write.
extension PostgreSQLConnection {
    struct ReadKey: Hashable {
        let sql: String
        let values: [String?]
    }

    /// Sends `reads` (text with `?` parameters, values) in one round trip;
    /// throws the first error among them (or among what was held back).
    func readAhead(_ reads: [(sql: String, values: [SQLValue])]) throws {
        guard pq.pipeline != nil, !reads.isEmpty else { return }
        let keys = reads.map { ReadKey(sql: $0.sql, values: $0.values.map(PostgreSQLConnection.text(of:))) }
        // Every one already sent ahead by a caller (with more reads), nothing sent since: their answers wait.
        if keys.allSatisfy({ answersAhead[$0] != nil }) { return }
        answersAhead.removeAll()
        for key in keys { ahead.append(.read(key)) }
        _ = try pipelinedReads()
    }

    /// Holds `reads` back to go with the next statement sent, whatever it is, in the same round
    /// trip; their answers then wait for their own statements as a `readAhead`'s do. Each runs
    /// before what is sent with it: for answers that nothing sent with them changes.
    func readAlong(_ reads: [(sql: String, values: [SQLValue])]) {
        guard pq.pipeline != nil else { return }
        for read in reads {
            ahead.append(.read(ReadKey(sql: read.sql, values: read.values.map(PostgreSQLConnection.text(of:)))))
        }
    }

    /// The answer sent ahead for `sql` run with `values`, once.
    func takeAnswerAhead(sql: String, values: [SQLValue]) -> PostgreSQLResult? {
        guard !answersAhead.isEmpty else { return nil }
        return answersAhead.removeValue(
            forKey: ReadKey(sql: sql, values: values.map(PostgreSQLConnection.text(of:))))
    }
}

/// A cursor's next batch fetched ahead: when a batch arrives full (more rows
/// may follow), its cursor asks for the next one at once and reads the
/// answer only when it has walked the batch it holds, so the server computes
/// the next rows while the client works through these (a region year's
/// report facts: 200 batches, the server's half of each no longer waited
/// for). One answer at most is in flight, sent outside pipeline mode (every
/// libpq has `PQsendQueryParams`). Before anything else is sent, or a
/// transaction's state asked of libpq, the answer in flight is read: kept
/// for its cursor (dropped if the cursor was closed meanwhile), and its
/// error, if the FETCH failed, thrown by the statement that came first
/// (the transaction is failed then; a rollback does not throw it). No
/// other caller ever reads a cursor's answer.
extension PostgreSQLConnection {
    struct FetchAhead {
        let portal: String
        let sql: String
        let binary: Bool
        /// False once the cursor is closed: its answer is read and dropped.
        var wanted = true
    }

    /// Sends the next FETCH of the cursor `portal` without waiting for its
    /// answer. Not when statements are held back (they go with the next
    /// statement, and the FETCH is then sent when its rows are needed), nor
    /// while another cursor's answer is in flight, nor if libpq cannot send.
    func fetchAhead(portal: String, sql: String, binary: Bool, count: Int) {
        guard fetchInFlight == nil, ahead.isEmpty else { return }
        let fetch = "FETCH FORWARD \(count) FROM \(portal)"
        guard pq.sendQueryParams(handle, fetch, 0, nil, nil, nil, nil, binary ? 1 : 0) == 1 else { return }
        roundTrips += 1
        fetchInFlight = FetchAhead(portal: portal, sql: sql, binary: binary)
    }

    /// The batch fetched ahead for `portal` (waited for if still in flight),
    /// or the error its FETCH got; nil when none was fetched ahead.
    func takeFetchedAhead(portal: String) throws -> PostgreSQLResult? {
        if fetchInFlight?.portal == portal { try settleFetch(throwing: false) }
        return try fetchedAhead.removeValue(forKey: portal)?.get()
    }

    /// Forgets what was fetched ahead for `portal` (its cursor is closed).
    func dropFetchedAhead(portal: String) {
        fetchedAhead[portal] = nil
        if fetchInFlight?.portal == portal { fetchInFlight?.wanted = false }
    }

    /// Reads the answer in flight, if any, and keeps it for its cursor;
    /// throws its error when `throwing`.
    func settleFetch(throwing: Bool = true) throws {
        guard let fetch = fetchInFlight else { return }
        fetchInFlight = nil
        var answer: Result<PostgreSQLResult, PostgreSQLError>?
        // One result, then nil: the FETCH is one statement.
        while let raw = pq.getResult(handle) {
            guard answer == nil else {
                pq.clear(raw)
                continue
            }
            do {
                answer = .success(try result(of: raw, sql: fetch.sql, binary: fetch.binary))
            } catch let error as PostgreSQLError {
                answer = .failure(error)
            }
        }
        let settled =
            answer
            ?? .failure(
                PostgreSQLError(sqlState: PostgreSQLError.connectionFailure, message: connectionMessage, sql: fetch.sql)
            )
        if fetch.wanted { fetchedAhead[fetch.portal] = settled }
        if throwing, case .failure(let error) = settled { throw error }
    }
}
