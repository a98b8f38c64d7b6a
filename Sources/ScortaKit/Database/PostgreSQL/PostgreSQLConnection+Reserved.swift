/// Ids taken ahead of the inserts that use them.
///
/// An `INSERT … RETURNING id` whose id the next statements need (a
/// document's, its lines', a checkout's points spend) had to wait for the
/// server's answer: a round trip each, one after the other, before the
/// statements that follow could even be sent. Taken from the table's own
/// sequence with a round trip the command makes anyway (`reserveIDs`, held
/// back like a read sent along; every table's in one statement), the id is
/// known when the row is written, and the insert is a write held back with
/// the rest (`write`): nothing waits for it. A sequence never gives a value
/// twice, whatever was written or rolled back since, so ids taken stay good
/// until used; they are used in the order taken, so rows get the ids the
/// server would have given them on insert (the writers' turn keeps other
/// sites' inserts out meanwhile), and any left when the transaction ends
/// are dropped.
extension PostgreSQLConnection {
    /// `count` ids of `table`.
    struct Reservation: Equatable {
        let table: String
        let count: Int
    }

    /// The SQL that takes the ids of `reservations`, in order, in one row (a column each).
    /// The sequence is the identity column's, named as PostgreSQL names it (`table_id_seq`).
    static func reserveSQL(_ reservations: [Reservation]) -> String {
        "SELECT "
            + reservations.flatMap { Array(repeating: "nextval('\($0.table)_id_seq')", count: $0.count) }
            .joined(separator: ", ")
    }

    /// Whether ids are held back to be taken with the next statement sent.
    var holdsReservations: Bool {
        ahead.contains { if case .reserve = $0 { true } else { false } }
    }

    /// Holds back the taking of `count` ids of `table`, to go with the next statement sent (with any
    /// other ids held back, in the same statement). Nothing without pipeline mode (the ids are then
    /// taken when needed).
    func reserveIDs(_ table: String, count: Int) {
        guard pq.pipeline != nil, count > 0 else { return }
        let reservation = Reservation(table: table, count: count)
        if let index = ahead.lastIndex(where: { if case .reserve = $0 { true } else { false } }),
            case .reserve(let held) = ahead[index]
        {
            ahead[index] = .reserve(held + [reservation])
        } else {
            ahead.append(.reserve([reservation]))
        }
    }

    /// How many ids of `table` are taken and not yet used.
    func reservedCount(_ table: String) -> Int {
        idsAhead[table]?.count ?? 0
    }

    /// How many ids of `table` are to be taken with the next statement sent.
    func pendingCount(_ table: String) -> Int {
        ahead.reduce(0) {
            guard case .reserve(let reservations) = $1 else { return $0 }
            return $0 + reservations.reduce(0) { $0 + ($1.table == table ? $1.count : 0) }
        }
    }

    /// The next `count` ids of `table`: those taken ahead first, then, if
    /// they are not enough (or not sent yet), taken now in one round trip.
    func takeReservedIDs(_ table: String, count: Int) throws -> [Int64] {
        if reservedCount(table) < count, pendingCount(table) > 0 { try flushAhead() }
        let missing = count - reservedCount(table)
        if missing > 0 {
            // A row each (a line split among more lots than reserved for; a statement's columns are few).
            let result = try query(
                "SELECT nextval('\(table)_id_seq') FROM generate_series(1, \(missing))", values: [])
            idsAhead[table, default: []] += (0..<result.rowCount).compactMap { result.int64($0, 0) }
        }
        guard var ids = idsAhead[table], ids.count >= count else {
            throw PostgreSQLError(
                sqlState: PostgreSQLError.connectionFailure, message: "the ids of \(table) did not come",
                sql: Self.reserveSQL([Reservation(table: table, count: count)]))
        }
        let taken = Array(ids.prefix(count))
        ids.removeFirst(count)
        idsAhead[table] = ids.isEmpty ? nil : ids
        return taken
    }

    /// Keeps the ids a reservation's answer gave, after those taken before.
    func keepReserved(_ reservations: [Reservation], _ result: PostgreSQLResult) {
        guard result.rowCount == 1 else { return }
        var column = 0
        for reservation in reservations {
            for _ in 0..<reservation.count {
                if let id = result.int64(0, column) { idsAhead[reservation.table, default: []].append(id) }
                column += 1
            }
        }
    }
}
