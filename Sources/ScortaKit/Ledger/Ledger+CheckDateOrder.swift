extension Ledger {
    /// Replays every line in date order, then posting order, per (location,
    /// item, lot) in one pass: names the first date and document where a
    /// running balance goes below zero, and every day whose cached movement
    /// (`stock_day`: net and lowest point) differs from the replay.
    func checkDateOrder() throws -> [String] {
        var problems: [String] = []
        var replayedDays = 0
        var missingDays = 0
        var reported = Set<String>()
        try db.prepare(
            """
            WITH moves(location_id, item_id, lot_id, date, line_id, q) AS (
                SELECT l.to_location_id, l.item_id, l.lot_id, d.date, l.id, l.quantity
                FROM document_line l JOIN document d ON d.id = l.document_id WHERE l.to_location_id IS NOT NULL
                UNION ALL
                SELECT l.from_location_id, l.item_id, l.lot_id, d.date, l.id, -l.quantity
                FROM document_line l JOIN document d ON d.id = l.document_id WHERE l.from_location_id IS NOT NULL
            ),
            running AS (
                SELECT location_id, item_id, lot_id, date, q,
                       sum(q) OVER (PARTITION BY location_id, item_id, lot_id ORDER BY date, line_id ROWS UNBOUNDED PRECEDING) AS balance
                FROM moves
            ),
            days AS (
                SELECT location_id, item_id, lot_id, date, sum(q) AS net, min(balance) AS lowest FROM running
                GROUP BY location_id, item_id, lot_id, date
            ),
            replayed AS MATERIALIZED (
                SELECT location_id, item_id, lot_id, date, net, lowest,
                       lowest - sum(net) OVER (PARTITION BY location_id, item_id, lot_id ORDER BY date ROWS UNBOUNDED PRECEDING) + net AS low
                FROM days
            )
            SELECT 0, r.location_id, r.item_id, r.lot_id, r.date, r.net, r.low, r.lowest, s.net, s.low
            FROM replayed r LEFT JOIN stock_day s
                ON s.location_id = r.location_id AND s.item_id = r.item_id AND s.lot_id = r.lot_id AND s.date = r.date
            WHERE r.lowest < 0 OR s.net IS DISTINCT FROM r.net OR s.low IS DISTINCT FROM r.low
            UNION ALL
            SELECT 1, count(*), 0, 0, '', 0, 0, 0, 0, 0 FROM replayed
            ORDER BY 1, 2, 3, 4, 5
            """
        ).forEach { row in
            if row.int(0) == 1 {
                replayedDays = row.int(1)
                return
            }
            let location = row.int64(1)
            let item = row.int64(2)
            let lot = row.int64(3)
            let date = row.text(4)
            let what = try stockName(item: item, lot: lot, location: location)
            if row.int(7) < 0, reported.insert("\(location)/\(item)/\(lot)").inserted {
                // Start of the day = lowest point less the day's low relative to its start.
                let document = try firstBelow(
                    location: location, item: item, lot: lot, date: date, start: row.int(7) - row.int(6), requested: 0)
                problems.append(
                    "negative stock in date order: \(what) goes to \(row.int(7)) on \(date)\(document.map { " (" + $0 + ")" } ?? "")"
                )
            }
            if row.optionalInt(8) == nil { missingDays += 1 }
            if row.optionalInt(8) != row.int(5) || row.optionalInt(9) != row.int(6) {
                let cached = row.optionalInt(8).map { "net \($0), low \(row.int(9))" } ?? "missing"
                problems.append(
                    "daily movement mismatch: \(what) on \(date) is \(cached) in stock_day but the ledger replays to net \(row.int(5)), low \(row.int(6))"
                )
            }
        }
        let cachedDays = Int(try db.scalar("SELECT count(*) FROM stock_day") ?? 0)
        // Cached days without a replayed day of their own: more rows than the replay matched.
        if cachedDays != replayedDays - missingDays {
            try db.prepare(
                """
                SELECT s.location_id, s.item_id, s.lot_id, s.date FROM stock_day s WHERE NOT EXISTS (
                    SELECT 1 FROM document d JOIN document_line l ON l.document_id = d.id
                    WHERE d.date = s.date AND l.item_id = s.item_id AND l.lot_id = s.lot_id
                      AND (l.to_location_id = s.location_id OR l.from_location_id = s.location_id))
                ORDER BY 1, 2, 3, 4
                """
            ).forEach { row in
                let what = try stockName(item: row.int64(1), lot: row.int64(2), location: row.int64(0))
                problems.append(
                    "daily movement mismatch: \(what) on \(row.text(3)) is in stock_day but the ledger has no movement then"
                )
            }
        }
        return problems
    }
}
