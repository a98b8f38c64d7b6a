extension Ledger {
    /// Stock value (valorizzazione del magazzino) at the end of `date`: per
    /// location and report category, the units held and their value at the
    /// unit values in force on that date, with a total per location and one
    /// for all. Quantities on a past date are today's balances less the
    /// movements dated after it (`stock_day`), so no history is replayed.
    public func stockValue(on date: CivilDate, location: String? = nil) throws -> [StockValueRow] {
        let locationID = try location.map { try catalogue.location(code: $0).id }
        let held = try db.query(
            """
            SELECT location_id, item_id, sum(q) FROM (
                SELECT location_id, item_id, quantity AS q FROM balance
                UNION ALL SELECT location_id, item_id, -net FROM stock_day WHERE date > ?1) AS moved
            WHERE CAST(?2 AS BIGINT) IS NULL OR location_id = ?2
            GROUP BY location_id, item_id HAVING sum(q) <> 0
            """, [date.description, locationID]
        ) { (location: $0.int64(0), item: $0.int64(1), units: $0.int(2)) }
        let locations = Dictionary(uniqueKeysWithValues: try catalogue.locations().map { ($0.id, $0.code) })
        let categoryNames = Dictionary(
            uniqueKeysWithValues: try db.query("SELECT code, name FROM category") { ($0.text(0), $0.text(1)) })
        struct Key: Hashable {
            let location: String
            let category: String
        }
        var totals: [Key: (units: Int, cents: Int, unvalued: Int)] = [:]
        var items: [Int64: (Item, Int?)] = [:]
        for row in held {
            if items[row.item] == nil {
                let item = try catalogue.item(id: row.item)
                items[row.item] = (item, try catalogue.value(itemID: row.item, on: date))
            }
            let (item, cents) = items[row.item]!
            let key = Key(location: locations[row.location] ?? "?", category: item.categoryCode)
            var sum = totals[key] ?? (0, 0, 0)
            sum.units += row.units
            if let cents { sum.cents += cents * row.units } else { sum.unvalued += row.units }
            totals[key] = sum
        }
        var rows: [StockValueRow] = []
        var grand = (units: 0, cents: 0, unvalued: 0)
        for code in Set(totals.keys.map(\.location)).sorted() {
            var sub = (units: 0, cents: 0, unvalued: 0)
            for key in totals.keys.filter({ $0.location == code }).sorted(by: { $0.category < $1.category }) {
                let sum = totals[key]!
                rows.append(
                    StockValueRow(
                        location: code, category: key.category, name: categoryNames[key.category] ?? key.category,
                        units: sum.units, cents: sum.cents, unvaluedUnits: sum.unvalued))
                sub.units += sum.units
                sub.cents += sum.cents
                sub.unvalued += sum.unvalued
            }
            rows.append(
                StockValueRow(
                    location: code, category: nil, name: "Totale \(code)", units: sub.units, cents: sub.cents,
                    unvaluedUnits: sub.unvalued))
            grand.units += sub.units
            grand.cents += sub.cents
            grand.unvalued += sub.unvalued
        }
        rows.append(
            StockValueRow(
                location: nil, category: nil, name: "Totale", units: grand.units, cents: grand.cents,
                unvaluedUnits: grand.unvalued))
        return rows
    }

    // MARK: - Reorder levels

    /// Sets the reorder level of an item at a location; 0 removes it.
    public func setReorderLevel(sku: String, at locationCode: String, level: Int) throws {
        let item = try catalogue.item(sku: sku)
        let location = try catalogue.location(code: locationCode)
        guard level >= 0, level <= 1_000_000_000 else {
            throw ScortaError.invalid("reorder level '\(level)' must be a whole number of 0 or more")
        }
        if level == 0 {
            try db.run("DELETE FROM reorder_level WHERE location_id = ? AND item_id = ?", [location.id, item.id])
        } else {
            try db.run(
                "INSERT INTO reorder_level(location_id, item_id, level) VALUES (?1, ?2, ?3) ON CONFLICT (location_id, item_id) DO UPDATE SET level = excluded.level",
                [location.id, item.id, level])
        }
    }

    /// Items at or under their reorder level (sotto scorta), most short first;
    /// with `all`, every level set, with what is on hand.
    public func reorderList(location: String? = nil, all: Bool = false) throws -> [ReorderRow] {
        let locationID = try location.map { try catalogue.location(code: $0).id }
        // `held` is computed in a subquery: PostgreSQL does not let WHERE or
        // an ORDER BY expression name a column alias of the same SELECT.
        return try db.query(
            """
            SELECT location, sku, name, level, held FROM (
                SELECT o.code AS location, i.sku, i.name, r.level, r.location_id,
                       (SELECT coalesce(sum(b.quantity), 0) FROM balance b WHERE b.location_id = r.location_id AND b.item_id = r.item_id) AS held
                FROM reorder_level r JOIN location o ON o.id = r.location_id JOIN item i ON i.id = r.item_id) AS levels
            WHERE (CAST(?1 AS BIGINT) IS NULL OR location_id = ?1) AND (?2 = 1 OR held <= level)
            ORDER BY level - held DESC, location, sku
            """, [locationID, all], ReorderRow.init)
    }
}
