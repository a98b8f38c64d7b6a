extension Ledger {
    /// Replays the whole ledger and lists every discrepancy, one line each:
    /// cached balances that differ from the replay, a running balance that
    /// goes below zero in date order (then posting order) at a real location,
    /// daily movements (`stock_day`) that differ from the replay, lines that
    /// move nothing, reversals that do not mirror their original, and kit
    /// lots without a recipe. Empty means all is well.
    public func check() throws -> [String] {
        var problems: [String] = []
        // Balances against the replay, both ways round (a row missing on either side counts).
        try db.prepare(
            """
            WITH replay(location_id, item_id, lot_id, quantity) AS (
                SELECT location_id, item_id, lot_id, sum(q) FROM (
                    SELECT to_location_id AS location_id, item_id, lot_id, quantity AS q FROM document_line WHERE to_location_id IS NOT NULL
                    UNION ALL
                    SELECT from_location_id, item_id, lot_id, -quantity FROM document_line WHERE from_location_id IS NOT NULL
                ) AS movement GROUP BY location_id, item_id, lot_id
            ),
            compared AS (
                SELECT r.location_id, r.item_id, r.lot_id, r.quantity AS replayed, coalesce(b.quantity, 0) AS cached
                FROM replay r LEFT JOIN balance b USING (location_id, item_id, lot_id)
                UNION ALL
                SELECT b.location_id, b.item_id, b.lot_id, 0, b.quantity FROM balance b
                WHERE NOT EXISTS (SELECT 1 FROM replay r WHERE r.location_id = b.location_id AND r.item_id = b.item_id AND r.lot_id = b.lot_id)
            )
            SELECT o.code, i.sku, lt.code, c.replayed, c.cached FROM compared c
            JOIN location o ON o.id = c.location_id JOIN item i ON i.id = c.item_id LEFT JOIN lot lt ON lt.id = c.lot_id
            WHERE c.replayed != c.cached
            ORDER BY o.code, i.sku, lt.code
            """
        ).forEach { row in
            let what = "\(row.text(1))\(row.optionalText(2).map { " lot " + $0 } ?? "") at \(row.text(0))"
            if row.int(3) != row.int(4) {
                problems.append(
                    "balance mismatch: \(what) is \(row.int(4)) in the balance table but the ledger replays to \(row.int(3))"
                )
            }
        }
        // Each balance's picking key against its lot's expiry: a wrong key picks the lot out of turn.
        try db.prepare(
            """
            SELECT o.code, i.sku, c.code, c.pick_expiry, c.expected FROM (
                SELECT b.location_id, b.item_id, lt.code, b.pick_expiry,
                       coalesce(CAST(replace(lt.expiry, '-', '') AS INTEGER), 99999999) AS expected
                FROM balance b LEFT JOIN lot lt ON lt.id = b.lot_id AND b.lot_id <> 0
            ) AS c JOIN location o ON o.id = c.location_id JOIN item i ON i.id = c.item_id
            WHERE c.pick_expiry <> c.expected
            ORDER BY o.code, i.sku, c.code
            """
        ).forEach { row in
            let what = "\(row.text(1))\(row.optionalText(2).map { " lot " + $0 } ?? "") at \(row.text(0))"
            problems.append(
                "balance picking key mismatch: \(what) is picked as expiring \(row.int64(3)) but its lot gives \(row.int64(4))"
            )
        }
        problems += try checkDateOrder()
        try db.prepare(
            """
            SELECT d.number, l.id FROM document_line l JOIN document d ON d.id = l.document_id
            WHERE l.quantity <= 0 OR (l.from_location_id IS NULL AND l.to_location_id IS NULL)
            """
        ).forEach { problems.append("document \($0.text(0)) line \($0.int(1)) moves nothing") }
        try db.prepare(
            """
            SELECT d.number, o.number FROM document d JOIN document o ON o.id = d.reverses_id
            WHERE d.type = 'reversal' AND EXISTS (
                SELECT item_id, lot_id, to_location_id, from_location_id, sum(quantity) FROM document_line WHERE document_id = d.id
                GROUP BY 1, 2, 3, 4
                EXCEPT
                SELECT item_id, lot_id, from_location_id, to_location_id, sum(quantity) FROM document_line WHERE document_id = o.id
                GROUP BY 1, 2, 3, 4)
            """
        ).forEach { problems.append("reversal \($0.text(0)) does not mirror \($0.text(1))") }
        try db.prepare(
            """
            SELECT d.number FROM document d WHERE (d.type = 'reversal') != (d.reverses_id IS NOT NULL)
            """
        ).forEach { problems.append("document \($0.text(0)) has an inconsistent reversal link") }
        try db.prepare(
            """
            SELECT i.sku, l.code FROM lot l JOIN item i ON i.id = l.item_id WHERE i.is_kit = 1 AND l.recipe_id IS NULL
            """
        ).forEach { problems.append("kit lot \($0.text(1)) of \($0.text(0)) has no recipe") }
        return problems
    }
}
