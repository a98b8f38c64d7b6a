extension Ledger {
    /// Stock on hand from the cached balances (never from history), by
    /// location, item and lot, with the lot's expiry. Streamed: a region
    /// holds millions of open lot balances.
    public func stock(location: String? = nil, sku: String? = nil, includeZero: Bool = false) throws -> TableSource {
        let locationID = try location.map { try catalogue.location(code: $0).id }
        let itemID = try sku.map { try catalogue.item(sku: $0).id }
        let columns: [Listing.Column] = [
            .init("location", "LOCATION"), .init("sku", "SKU"), .init("name", "NAME"), .init("lot", "LOT"),
            .init("expiry", "EXPIRY"), .init("quantity", "QTY", alignRight: true), .init("unit", "UNIT"),
        ]
        // Conditions are added only when given, so SQLite can use the balance key.
        var conditions = includeZero ? [] : ["b.quantity > 0"]
        var arguments: [any SQLBindable] = []
        if let locationID { conditions.append("b.location_id = ?"); arguments.append(locationID) }
        if let itemID { conditions.append("b.item_id = ?"); arguments.append(itemID) }
        return TableSource(columns: columns, db: db, sql: """
            SELECT o.code, i.sku, i.name, l.code, l.expiry, b.quantity, i.unit
            FROM balance b JOIN location o ON o.id = b.location_id JOIN item i ON i.id = b.item_id
            LEFT JOIN lot l ON l.id = b.lot_id
            \(conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "))
            ORDER BY o.code, i.sku, l.expiry IS NULL, l.expiry, l.code
            """, arguments: arguments) { row in
            [.string(row.text(0)), .string(row.text(1)), .string(row.text(2)), .optional(row.optionalText(3)),
             .optional(row.optionalText(4)), .int(row.int(5)), .string(row.text(6))]
        }
    }

    /// Every movement of an item or at a location in a period, in date order,
    /// as quantity in (+) or out (-) of each location it touched.
    public func history(sku: String?, location: String?, from: CivilDate?, to: CivilDate?) throws -> TableSource {
        guard sku != nil || location != nil else { throw ScortaError.invalid("a history needs an item or a location (or both)") }
        let itemID = try sku.map { try catalogue.item(sku: $0).id }
        let locationID = try location.map { try catalogue.location(code: $0).id }
        let columns: [Listing.Column] = [
            .init("date", "DATE"), .init("document", "DOCUMENT"), .init("type", "TYPE"), .init("sku", "SKU"), .init("lot", "LOT"),
            .init("from", "FROM"), .init("to", "TO"), .init("quantity", "QTY", alignRight: true), .init("reverses", "REVERSES"),
        ]
        var conditions: [String] = []
        var arguments: [any SQLBindable] = []
        if let itemID { conditions.append("l.item_id = ?"); arguments.append(itemID) }
        if let locationID { conditions.append("(l.from_location_id = ? OR l.to_location_id = ?)"); arguments += [locationID, locationID] }
        if let from { conditions.append("d.date >= ?"); arguments.append(from.description) }
        if let to { conditions.append("d.date <= ?"); arguments.append(to.description) }
        return TableSource(columns: columns, db: db, sql: """
            SELECT d.date, d.number, d.type, i.sku, lt.code, fl.code, tl.code, l.quantity, r.number
            FROM document_line l JOIN document d ON d.id = l.document_id JOIN item i ON i.id = l.item_id
            LEFT JOIN lot lt ON lt.id = l.lot_id LEFT JOIN location fl ON fl.id = l.from_location_id
            LEFT JOIN location tl ON tl.id = l.to_location_id LEFT JOIN document r ON r.id = d.reverses_id
            WHERE \(conditions.joined(separator: " AND "))
            ORDER BY d.date, d.id, l.id
            """, arguments: arguments) { row in
            [.string(row.text(0)), .string(row.text(1)), .string(row.text(2)), .string(row.text(3)),
             .optional(row.optionalText(4)), .optional(row.optionalText(5)), .optional(row.optionalText(6)),
             .int(row.int(7)), .optional(row.optionalText(8))]
        }
    }

    /// Lots in stock that expire within `days` of `today` (or have expired).
    public func expiring(within days: Int, today: CivilDate, location: String? = nil) throws -> TableSource {
        let locationID = try location.map { try catalogue.location(code: $0).id }
        let limit = today.adding(days: days)
        let columns: [Listing.Column] = [
            .init("expiry", "EXPIRY"), .init("days_left", "DAYS", alignRight: true), .init("location", "LOCATION"),
            .init("sku", "SKU"), .init("name", "NAME"), .init("lot", "LOT"), .init("quantity", "QTY", alignRight: true),
        ]
        return TableSource(columns: columns, db: db, sql: """
            SELECT l.expiry, o.code, i.sku, i.name, l.code, b.quantity
            FROM balance b JOIN lot l ON l.id = b.lot_id JOIN location o ON o.id = b.location_id JOIN item i ON i.id = b.item_id
            WHERE b.quantity > 0 AND l.expiry IS NOT NULL AND l.expiry <= ?1 AND (?2 IS NULL OR b.location_id = ?2)
            ORDER BY l.expiry, o.code, i.sku
            """, arguments: [limit.description, locationID]) { row in
            let expiry = try CivilDate(parsing: row.text(0))
            return [.string(row.text(0)), .int(today.days(until: expiry)), .string(row.text(1)), .string(row.text(2)),
                    .string(row.text(3)), .string(row.text(4)), .int(row.int(5))]
        }
    }

    /// One document by number: its header and lines.
    public func document(number: String) throws -> JSONValue {
        guard let header = try db.first("""
            SELECT d.id, d.number, d.type, d.date, d.recorded_at, d.operator, o.code, d.counterparty, d.reference, d.reason,
                   d.note, c.code, h.code, r.number, (SELECT reversed_by FROM document_reversal WHERE document_id = d.id)
            FROM document d LEFT JOIN location o ON o.id = d.location_id LEFT JOIN channel c ON c.id = d.channel_id
            LEFT JOIN household h ON h.id = d.household_id LEFT JOIN document r ON r.id = d.reverses_id
            WHERE d.number = ?
            """, [number], { row -> (Int64, [(String, JSONValue)]) in
            (row.int64(0), [
                ("number", .string(row.text(1))), ("type", .string(row.text(2))), ("date", .string(row.text(3))),
                ("recorded_at", .string(row.text(4))), ("operator", .string(row.text(5))), ("location", .optional(row.optionalText(6))),
                ("counterparty", .optional(row.optionalText(7))), ("reference", .optional(row.optionalText(8))),
                ("reason", .optional(row.optionalText(9))), ("note", .optional(row.optionalText(10))),
                ("channel", .optional(row.optionalText(11))), ("household", .optional(row.optionalText(12))),
                ("reverses", .optional(row.optionalText(13))), ("reversed_by", .optional(row.optionalText(14))),
            ])
        }) else { throw ScortaError.invalid("document '\(number)' does not exist") }
        let lines = try documentLines(documentID: header.0)
        var members = header.1
        members.append(("lines", lines.json()))
        if let counts = try countLines(documentID: header.0) { members.append(("counted", counts.json())) }
        return .object(members)
    }

    public func documentLines(documentID: Int64) throws -> Listing {
        var listing = Listing(columns: [
            .init("sku", "SKU"), .init("name", "NAME"), .init("lot", "LOT"), .init("expiry", "EXPIRY"),
            .init("from", "FROM"), .init("to", "TO"), .init("quantity", "QTY", alignRight: true),
        ])
        try db.prepare("""
            SELECT i.sku, i.name, lt.code, lt.expiry, fl.code, tl.code, l.quantity
            FROM document_line l JOIN item i ON i.id = l.item_id LEFT JOIN lot lt ON lt.id = l.lot_id
            LEFT JOIN location fl ON fl.id = l.from_location_id LEFT JOIN location tl ON tl.id = l.to_location_id
            WHERE l.document_id = ? ORDER BY l.id
            """).forEach([documentID]) { row in
            listing.append([.string(row.text(0)), .string(row.text(1)), .optional(row.optionalText(2)), .optional(row.optionalText(3)),
                            .optional(row.optionalText(4)), .optional(row.optionalText(5)), .int(row.int(6))])
        }
        return listing
    }

    func countLines(documentID: Int64) throws -> Listing? {
        var listing = Listing(columns: [
            .init("sku", "SKU"), .init("lot", "LOT"), .init("expected", "EXPECTED", alignRight: true),
            .init("counted", "COUNTED", alignRight: true), .init("difference", "DIFF", alignRight: true),
        ])
        try db.prepare("""
            SELECT i.sku, lt.code, c.expected, c.counted FROM count_line c JOIN item i ON i.id = c.item_id
            LEFT JOIN lot lt ON lt.id = c.lot_id WHERE c.document_id = ? ORDER BY i.sku, lt.code
            """).forEach([documentID]) { row in
            listing.append([.string(row.text(0)), .optional(row.optionalText(1)), .int(row.int(2)), .int(row.int(3)), .int(row.int(3) - row.int(2))])
        }
        return listing.rows.isEmpty ? nil : listing
    }
}
