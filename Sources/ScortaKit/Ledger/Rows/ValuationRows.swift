/// One line of the stock value (valorizzazione): a report category at a
/// location, a location's total (`category` nil) or the grand total (both nil).
public struct StockValueRow: Equatable, Sendable, TablePresentable {
    public let location: String?
    public let category: String?
    /// The category's name, or "Totale MAG-A" / "Totale" on a total line.
    public let name: String
    public let units: Int
    /// Value at the unit values in force on the date, of the units that have one.
    public let cents: Int
    /// Units with no unit value in force on the date (not in `cents`).
    public let unvaluedUnits: Int

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("location", "LOCATION"), .init("category", "CATEGORY"), .init("name", "NAME"),
            .init("units", "UNITS", alignRight: true), .init("cents", "VALUE €", format: .cents),
            .init("unvalued_units", "UNVALUED", alignRight: true)
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [.string(location ?? ""), .string(category ?? ""), .string(name), .int(units), .int(cents), .int(unvaluedUnits)]
    }
}

/// An item's reorder level at a location (scorta minima) and what is on hand.
public struct ReorderRow: Equatable, Sendable, TablePresentable {
    public let location: String
    public let sku: String
    public let name: String
    public let level: Int
    public let onHand: Int
    /// How many units are missing to reach the level (0 when at or above it).
    public var short: Int { max(0, level - onHand) }

    init(_ row: Row) throws {
        location = try row["location"]
        sku = try row["sku"]
        name = try row["name"]
        level = try row["level"]
        onHand = try row["held"]
    }

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("location", "LOCATION"), .init("sku", "SKU"), .init("name", "NAME"),
            .init("level", "LEVEL", alignRight: true),
            .init("on_hand", "ON HAND", alignRight: true), .init("short", "SHORT", alignRight: true)
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [.string(location), .string(sku), .string(name), .int(level), .int(onHand), .int(short)]
    }
}
