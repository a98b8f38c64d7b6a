/// Rows read a batch at a time through a server-side cursor.
///
/// libpq holds a statement's whole answer in memory: a region year's report
/// facts, or every lot of a region listed as CSV, would sit in the client at
/// once (SQLite steps through them). Inside a transaction, a one-off query
/// is instead declared as a cursor on the server and its rows fetched
/// `count` at a time. A cursor (unlike libpq's single-row mode) leaves the
/// connection free between fetches, so the caller may run other statements
/// while it walks the rows, as it does on SQLite. The DECLARE travels with
/// the first FETCH, in pipeline mode, so a query of fewer than `count` rows
/// still costs one round trip.
extension PostgreSQLConnection {
    /// A new name for a cursor of this connection.
    func nextPortalName() -> String {
        portalCount += 1
        return "scorta_rows_\(portalCount)"
    }

    /// Declares `sql` as the cursor `name` and fetches its first `count` rows.
    func open(
        portal name: String, sql: String, values: [SQLValue], binary: Bool, count: Int
    ) throws -> PostgreSQLResult {
        let declare = "DECLARE \(name) NO SCROLL CURSOR FOR " + Placeholders.numbered(sql)
        let fetch = "FETCH FORWARD \(count) FROM \(name)"
        let format: Int32 = binary ? 1 : 0
        return try withParameters(values) { parameters, pointers in
            guard preparesAlong else {
                // Before libpq 14: the cursor costs a round trip of its own.
                try flushAhead()
                roundTrips += 1
                _ = try result(of: pq.execParams(handle, declare, parameters, nil, pointers, nil, nil, 0), sql: sql)
                return try self.fetch(portal: name, sql: sql, binary: binary, count: count)
            }
            return try answer(
                sql: sql, binary: binary, run: { nil },
                send: { self.pq.sendQueryParams(self.handle, fetch, 0, nil, nil, nil, nil, format) },
                prepare: { self.pq.sendQueryParams(self.handle, declare, parameters, nil, pointers, nil, nil, 0) })
        }
    }

    /// The next `count` rows of the cursor `name` (fewer at its end).
    func fetch(portal name: String, sql: String, binary: Bool, count: Int) throws -> PostgreSQLResult {
        let fetch = "FETCH FORWARD \(count) FROM \(name)"
        let format: Int32 = binary ? 1 : 0
        return try answer(
            sql: sql, binary: binary, run: { pq.execParams(handle, fetch, 0, nil, nil, nil, nil, format) },
            send: { pq.sendQueryParams(handle, fetch, 0, nil, nil, nil, nil, format) })
    }

    /// Closes the cursor `name` with the next statement sent (no round trip
    /// of its own), when it still exists: opened in this transaction
    /// (`epoch`), and the transaction not failed (a rollback ends it anyway).
    func close(portal name: String, epoch: Int) {
        dropFetchedAhead(portal: name)
        guard epoch == transactionEpoch, isInOpenTransaction || transactionAhead else { return }
        sendAhead(["CLOSE \(name)"])
    }

    /// Whether `sql` may be declared as a cursor: a plain query (a SELECT),
    /// not a statement that writes.
    static func isPlainQuery(_ sql: String) -> Bool {
        let start = sql.utf8.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\t") }
        return start.prefix(6).map { $0 | 0x20 }.elementsEqual("select".utf8)
            && start.dropFirst(6).first.map {
                $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\t")
            } == true
    }
}
