/// The social market (emporio solidale): points prices, limits, and the
/// checkout that moves stock, points and the distribution record together.
///
///     let checkout = try Market(db).checkout(card: "K7Q2-9XM4-P", lines: [LineSpec(sku: "AL-PAS", quantity: 3)],
///                                            context: context)
///     checkout.document.number   // CON-2026-00012
public struct Market {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    // MARK: - Prices

    /// The points price of an item on `date`, or nil when the market does not sell it.
    public func price(itemID: Int64, on date: CivilDate) throws -> Int? {
        try pointsPrices.value(itemID: itemID, on: date)
    }

    var pointsPrices: DatedValues {
        DatedValues(db: db, table: "market_price", column: "points", what: "points price", show: { "\($0) points" })
    }

    /// Sets a points price from `date`; earlier checkouts keep the price they were sold at.
    public func setPrice(item: Item, points: Int, from date: CivilDate, operatorName: String) throws {
        guard points >= 0 else { throw ScortaError.invalid("a points price cannot be negative") }
        try pointsPrices.set(itemID: item.id, points, from: date, operatorName: operatorName)
    }

    /// Items with a points price on `date`, with stock at the market.
    public func prices(on date: CivilDate) throws -> MarketPrices {
        let location = try PointsRules.load(db, on: date)?.location ?? "EMP"
        return MarketPrices(
            location: location,
            rows: try db.query(
                """
                SELECT i.sku, i.name, p.points, p.valid_from,
                       (SELECT coalesce(sum(b.quantity), 0) FROM balance b JOIN location o ON o.id = b.location_id
                        WHERE b.item_id = i.id AND o.code = ?2) AS stock
                FROM market_price p JOIN item i ON i.id = p.item_id
                WHERE p.valid_from = (SELECT max(q.valid_from) FROM market_price q WHERE q.item_id = p.item_id AND q.valid_from <= ?1)
                ORDER BY i.sku
                """, [date.description, location], PriceRow.init))
    }

    // MARK: - Limits

    public enum LimitScope: String, CaseIterable, Sendable { case visit, cycle }

    /// At most `quantity` units of an item or of a category, per visit or per
    /// cycle; sets or replaces the limit (a negative quantity removes it).
    public func setLimit(sku: String?, category: String?, per: String, quantity: Int) throws {
        guard let scope = LimitScope(rawValue: per) else {
            throw ScortaError.invalid("per '\(per)' must be visit or cycle")
        }
        let catalogue = Catalogue(db)
        let itemID: Int64?
        let categoryID: Int64?
        switch (sku, category) {
        case (let sku?, nil):
            itemID = try catalogue.item(sku: sku).id
            categoryID = nil
        case (nil, let code?):
            itemID = nil
            categoryID = try catalogue.categoryID(code: code)
        default: throw ScortaError.invalid("a limit names either an item (sku) or a category, not both")
        }
        let replaced = try db.query(
            "SELECT id FROM market_limit WHERE item_id IS NOT DISTINCT FROM ? AND category_id IS NOT DISTINCT FROM ? AND per = ?",
            [itemID, categoryID, scope.rawValue]
        ) { $0.int64(0) }
        try db.run(
            "DELETE FROM market_limit WHERE item_id IS NOT DISTINCT FROM ? AND category_id IS NOT DISTINCT FROM ? AND per = ?",
            [itemID, categoryID, scope.rawValue])
        for id in replaced { try HashChain.seal(.marketLimit, key: [id], in: db) }
        guard quantity >= 0 else { return }
        let sealedID = try db.insert(
            "INSERT INTO market_limit(item_id, category_id, per, quantity) VALUES (?, ?, ?, ?) RETURNING id",
            [itemID, categoryID, scope.rawValue, quantity])
        try HashChain.seal(.marketLimit, key: [sealedID], in: db)
    }

    struct Limit {
        let itemID: Int64?
        let categoryCode: String?
        let label: String
        let scope: LimitScope
        let quantity: Int

        func covers(_ item: Item) -> Bool { itemID == item.id || categoryCode == item.categoryCode }
    }

    /// The market's limits (no values), as `limitRules` asks for them.
    static let limitRulesSQL: StaticString = """
        SELECT l.item_id, c.code, coalesce(i.sku, c.code || ' items'), l.per, l.quantity FROM market_limit l
        LEFT JOIN item i ON i.id = l.item_id LEFT JOIN category c ON c.id = l.category_id
        """

    /// By what they apply to, then per visit before per cycle: put in that order here (the bytes of the
    /// label, as SQLite's text order), not by SQLite, which sorted the handful of limits in a temporary
    /// b-tree at every checkout (1% of posting the benchmark's dataset).
    func limitRules() throws -> [Limit] {
        try db.query(Market.limitRulesSQL) {
            Limit(
                itemID: $0.optionalInt64(0), categoryCode: $0.optionalText(1), label: $0.text(2),
                scope: LimitScope(rawValue: $0.text(3)) ?? .visit, quantity: $0.int(4))
        }
        .sorted(by: Market.inOrder)
    }

    static func inOrder(_ a: Limit, _ b: Limit) -> Bool {
        a.label != b.label
            ? a.label.utf8.lexicographicallyPrecedes(b.label.utf8)
            : b.scope.rawValue.utf8.lexicographicallyPrecedes(a.scope.rawValue.utf8)
    }

    /// The market's limits by their keys alone, as a checkout and its reads ahead ask for them.
    static let limitKeysSQL: StaticString = "SELECT item_id, category_id, per, quantity FROM market_limit"

    /// The limits on what is in `basket`, named and in order as `limitRules` gives them: named from the
    /// basket's own items (a limit on an item is labelled by its SKU, one on a category by its code),
    /// so the read names no other table. Joined to the items and categories for the names of every
    /// limit, a server's new connection searched a three-table join for it at every one-shot
    /// checkout (0.7 M instructions more). A limit on nothing in the basket is left out: it judges nothing.
    func limitRules(covering basket: [(item: Item, quantity: Int)]) throws -> [Limit] {
        try db.query(Market.limitKeysSQL) { row -> Limit? in
            let scope = LimitScope(rawValue: row.text(2)) ?? .visit
            if let itemID = row.optionalInt64(0) {
                guard let item = basket.first(where: { $0.item.id == itemID })?.item else { return nil }
                return Limit(itemID: itemID, categoryCode: nil, label: item.sku, scope: scope, quantity: row.int(3))
            }
            guard let categoryID = row.optionalInt64(1),
                let item = basket.first(where: { $0.item.categoryID == categoryID })?.item
            else { return nil }
            return Limit(
                itemID: nil, categoryCode: item.categoryCode, label: item.categoryCode + " items", scope: scope,
                quantity: row.int(3))
        }
        .compactMap { $0 }
        .sorted(by: Market.inOrder)
    }

    public func limits() throws -> [LimitRow] {
        try limitRules().map { LimitRow(appliesTo: $0.label, per: $0.scope, quantity: $0.quantity) }
    }
}
