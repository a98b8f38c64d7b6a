/// An item's points price in force on a date, with the stock at the market.
public struct PriceRow: Equatable, Sendable {
    public let sku: String
    public let name: String
    public let points: Int
    public let since: CivilDate
    /// Units on hand at the market location.
    public let stock: Int

    init(_ row: Row) throws {
        sku = try row["sku"]
        name = try row["name"]
        points = try row["points"]
        since = try row["valid_from"]
        stock = try row["stock"]
    }
}

/// The price list of the social market: which location its stock column counts, and the prices.
public struct MarketPrices: Sendable {
    /// The market location whose stock is shown ("AT EMP").
    public let location: String
    public let rows: [PriceRow]

    /// The price list as a table, its stock column titled by the location.
    public var table: TableSource {
        let columns: [Listing.Column] = [
            .init("sku", "SKU"), .init("name", "NAME"), .init("points", "POINTS", alignRight: true),
            .init("since", "SINCE"), .init("stock", "AT \(location)", alignRight: true)
        ]
        return TableSource(
            Listing(
                columns: columns,
                rows: rows.map {
                    [.string($0.sku), .string($0.name), .int($0.points), .string($0.since.description), .int($0.stock)]
                }))
    }
}

/// A limit on what a household may take: at most `quantity` of an item or a category, per visit or per cycle.
public struct LimitRow: Equatable, Sendable, TablePresentable {
    /// The item's SKU, or "CATEGORY items".
    public let appliesTo: String
    public let per: Market.LimitScope
    public let quantity: Int

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [.init("applies_to", "APPLIES TO"), .init("per", "PER"), .init("quantity", "AT MOST", alignRight: true)]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [.string(appliesTo), .string(per.rawValue), .int(quantity)]
    }
}

/// One movement of a household's points (allowance, spend, lapse, adjustment) with the balance after it.
public struct PointsMovementRow: Equatable, Sendable, TablePresentable {
    public let date: CivilDate
    public let kind: String
    public let points: Int
    public let balance: Int
    /// First day of the cycle the movement belongs to.
    public let cycle: CivilDate?
    public let document: String?
    /// Why (an adjustment's reason), or "not yet recorded" for an allowance or lapse due but not yet written.
    public let reason: String?

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("date", "DATE"), .init("kind", "KIND"), .init("points", "POINTS", alignRight: true),
            .init("balance", "BALANCE", alignRight: true), .init("cycle", "CYCLE"), .init("document", "DOCUMENT"),
            .init("reason", "REASON")
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [
            .string(date.description), .string(kind), .int(points), .int(balance), .optional(cycle?.description),
            .optional(document), .optional(reason)
        ]
    }
}
