extension Ledger {
    /// Stock on hand from the cached balances (never from history), by
    /// location, item and lot, with the lot's expiry. Streamed: a region
    /// holds millions of open lot balances.
    public func stock(location: String? = nil, sku: String? = nil, includeZero: Bool = false) throws -> QueryRows<
        StockRow
    > {
        // On a server, the location and the item in one round trip (the stock query's five messages become four).
        try catalogue.readAhead(locations: location.map { [$0] } ?? [], items: sku.map { [$0] } ?? [])
        let locationID = try location.map { try catalogue.location(code: $0).id }
        let itemID = try sku.map { try catalogue.item(sku: $0).id }
        // Conditions are added only when given, so SQLite can use the balance key.
        var filter = includeZero ? QueryFilter() : QueryFilter("b.quantity > 0")
        if let locationID { filter.add("b.location_id = ?", locationID) }
        if let itemID {
            filter.add("b.item_id = ?", itemID)
            // An item at every location: one search of the balance key a location (there are a
            // handful), as there is no index of balances by item (schema step 0018).
            if locationID == nil { filter.add(Ledger.everyLocation) }
        }
        return QueryRows(
            db: db, sql: Ledger.stockSQL(where: filter.conditions), arguments: filter.arguments, decode: StockRow.init)
    }

    static let everyLocation = "b.location_id IN (SELECT id FROM location)"

    static func stockSQL(where conditions: String) -> String {
        """
        SELECT o.code AS location, i.sku, i.name, l.code AS lot, l.expiry, b.quantity, i.unit
        FROM balance b JOIN location o ON o.id = b.location_id JOIN item i ON i.id = b.item_id
        LEFT JOIN lot l ON l.id = b.lot_id
        WHERE \(conditions)
        ORDER BY o.code, i.sku, l.expiry IS NULL, l.expiry, l.code
        """
    }

    /// Every movement of an item or at a location in a period, in date order,
    /// as quantity in (+) or out (-) of each location it touched.
    public func history(sku: String?, location: String?, from: CivilDate?, to: CivilDate?) throws -> QueryRows<
        HistoryRow
    > {
        guard sku != nil || location != nil else {
            throw ScortaError.invalid("a history needs an item or a location (or both)")
        }
        try catalogue.readAhead(locations: location.map { [$0] } ?? [], items: sku.map { [$0] } ?? [])
        let itemID = try sku.map { try catalogue.item(sku: $0).id }
        let locationID = try location.map { try catalogue.location(code: $0).id }
        var filter = QueryFilter()
        if let itemID { filter.add("l.item_id = ?", itemID) }
        if let locationID { filter.add("(l.from_location_id = ? OR l.to_location_id = ?)", locationID, locationID) }
        filter.period("d.date", from: from, to: to)
        return QueryRows(
            db: db,
            sql: """
                SELECT d.date, d.number AS document, d.type, i.sku, lt.code AS lot, fl.code AS from_location, tl.code AS to_location,
                       l.quantity, r.number AS reverses
                FROM document_line l JOIN document d ON d.id = l.document_id JOIN item i ON i.id = l.item_id
                LEFT JOIN lot lt ON lt.id = l.lot_id LEFT JOIN location fl ON fl.id = l.from_location_id
                LEFT JOIN location tl ON tl.id = l.to_location_id LEFT JOIN document r ON r.id = d.reverses_id
                WHERE \(filter.conditions)
                ORDER BY d.date, d.id, l.id
                """, arguments: filter.arguments, decode: HistoryRow.init)
    }

    /// Lots in stock that expire within `days` of `today` (or have expired).
    public func expiring(within days: Int, today: CivilDate, location: String? = nil) throws -> QueryRows<ExpiringRow> {
        let locationID = try location.map { try catalogue.location(code: $0).id }
        var filter = QueryFilter("b.quantity > 0", "l.expiry IS NOT NULL")
        filter.add("l.expiry <= ?", today.adding(days: days).description)
        if let locationID { filter.add("b.location_id = ?", locationID) }
        return QueryRows(
            db: db,
            sql: """
                SELECT l.expiry, o.code AS location, i.sku, i.name, l.code AS lot, b.quantity
                FROM balance b JOIN lot l ON l.id = b.lot_id JOIN location o ON o.id = b.location_id JOIN item i ON i.id = b.item_id
                WHERE \(filter.conditions)
                ORDER BY l.expiry, o.code, i.sku
                """, arguments: filter.arguments
        ) { try ExpiringRow($0, today: today) }
    }

    /// One document by number: its head, its lines and (a count) what was counted.
    public func document(number: String) throws -> DocumentDetail {
        guard
            let (id, head) = try db.first(
                """
                SELECT d.id, d.number, d.type, d.date, d.recorded_at, d.operator, o.code AS location, d.counterparty, d.reference,
                       d.reason, d.note, c.code AS channel, h.code AS household, r.number AS reverses,
                       (SELECT x.reversed_by FROM document_reversal x WHERE x.document_id = d.id) AS reversed_by
                FROM document d LEFT JOIN location o ON o.id = d.location_id LEFT JOIN channel c ON c.id = d.channel_id
                LEFT JOIN household h ON h.id = d.household_id LEFT JOIN document r ON r.id = d.reverses_id
                WHERE d.number = ?
                """, [number], { row in (try row["id"] as Int64, try DocumentDetail(row)) })
        else { throw ScortaError.invalid("document '\(number)' does not exist") }
        var detail = head
        detail.lines = try documentLines(documentID: id)
        detail.counted = try countLines(documentID: id)
        return detail
    }

    /// The lines of a document, in the order they were posted. The lot and the locations are looked
    /// up by subqueries, not joined: every posting prints its lines, and on a server a new connection
    /// searched the orders of a five-table join for it, 2.6 M instructions of a one-shot transfer's
    /// 21 M (2 M fewer so). A line's lot and locations are one key look-up each either way.
    public func documentLines(documentID: Int64) throws -> [DocumentLineRow] {
        try db.query(
            """
            SELECT i.sku, i.name, (SELECT lt.code FROM lot lt WHERE lt.id = l.lot_id) AS lot,
                   (SELECT lt.expiry FROM lot lt WHERE lt.id = l.lot_id) AS expiry,
                   (SELECT fl.code FROM location fl WHERE fl.id = l.from_location_id) AS from_location,
                   (SELECT tl.code FROM location tl WHERE tl.id = l.to_location_id) AS to_location, l.quantity
            FROM document_line l JOIN item i ON i.id = l.item_id
            WHERE l.document_id = ? ORDER BY l.id
            """, [documentID], DocumentLineRow.init)
    }

    /// What a count expected and counted, by item and lot; empty for any other document.
    func countLines(documentID: Int64) throws -> [CountLineRow] {
        try db.query(
            """
            SELECT i.sku, lt.code AS lot, c.expected, c.counted FROM count_line c JOIN item i ON i.id = c.item_id
            LEFT JOIN lot lt ON lt.id = c.lot_id WHERE c.document_id = ? ORDER BY i.sku, lt.code
            """, [documentID], CountLineRow.init)
    }
}
