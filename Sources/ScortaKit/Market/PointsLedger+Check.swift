extension PointsLedger {
    /// Invariants of the points ledger, one line per problem (empty: all is
    /// well): each checkout's spend equals what its items cost, every
    /// checkout has exactly one spend, and no household's running balance
    /// ever goes below zero.
    public func check() throws -> [String] {
        var problems: [String] = []
        // Driven from the documents that have a sale or a spend (both indexed
        // by document), never from every document: check stays linear.
        try db.prepare(
            """
            WITH checkout(id) AS (
                SELECT document_id FROM market_sale
                UNION SELECT document_id FROM points_entry WHERE document_id IS NOT NULL AND kind = 'spend')
            SELECT d.number, (SELECT sum(quantity * unit_points) FROM market_sale s WHERE s.document_id = d.id),
                   (SELECT -sum(points) FROM points_entry p WHERE p.document_id = d.id AND p.kind = 'spend'),
                   (SELECT count(*) FROM points_entry p WHERE p.document_id = d.id AND p.kind = 'spend')
            FROM checkout JOIN document d ON d.id = checkout.id
            ORDER BY d.id
            """
        ).forEach { row in
            if row.int(3) != 1 {
                problems.append("checkout \(row.text(0)) has \(row.int(3)) points spends (expected 1)")
            } else if row.optionalInt(1) != row.optionalInt(2) {
                problems.append(
                    "checkout \(row.text(0)) spent \(row.optionalInt(2) ?? 0) points but its items cost \(row.optionalInt(1) ?? 0)"
                )
            }
        }
        var household: Int64 = -1
        var running = 0
        var reported: Set<Int64> = []
        // Every movement of every household: one-off, so a server hands the
        // rows over a batch at a time (`PostgreSQLCursor`).
        try db.makeStatement(
            """
            SELECT m.household_id, h.code, m.date, m.points FROM points_movement m JOIN household h ON h.id = m.household_id
            ORDER BY m.household_id, m.date, m.kind = 'refund', m.id
            """
        ).forEach { row in
            if row.int64(0) != household {
                household = row.int64(0)
                running = 0
            }
            running += row.int(3)
            if running < 0, !reported.contains(household) {
                reported.insert(household)
                problems.append(
                    "points of \(HouseholdCode.display(row.text(1))) go below zero (\(running)) on \(row.text(2))")
            }
        }
        return problems
    }
}
