/// Stock on hand of one item (and lot) at one location, from the cached balance.
public struct StockRow: Equatable, Sendable, TablePresentable {
    public let location: String
    public let sku: String
    public let name: String
    public let lot: String?
    public let expiry: CivilDate?
    public let quantity: Int
    public let unit: String

    init(_ row: Row) throws {
        location = try row["location"]
        sku = try row["sku"]
        name = try row["name"]
        lot = try row["lot"]
        expiry = try row["expiry"]
        quantity = try row["quantity"]
        unit = try row["unit"]
    }

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("location", "LOCATION"), .init("sku", "SKU"), .init("name", "NAME"), .init("lot", "LOT"),
            .init("expiry", "EXPIRY"), .init("quantity", "QTY", alignRight: true), .init("unit", "UNIT")
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [
            .string(location), .string(sku), .string(name), .optional(lot), .optional(expiry?.description),
            .int(quantity), .string(unit)
        ]
    }
}

/// A lot in stock that expires soon (or has expired): `daysLeft` is negative once past.
public struct ExpiringRow: Equatable, Sendable, TablePresentable {
    public let expiry: CivilDate
    public let daysLeft: Int
    public let location: String
    public let sku: String
    public let name: String
    public let lot: String
    public let quantity: Int

    init(_ row: Row, today: CivilDate) throws {
        expiry = try row["expiry"]
        daysLeft = today.days(until: expiry)
        location = try row["location"]
        sku = try row["sku"]
        name = try row["name"]
        lot = try row["lot"]
        quantity = try row["quantity"]
    }

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("expiry", "EXPIRY"), .init("days_left", "DAYS", alignRight: true), .init("location", "LOCATION"),
            .init("sku", "SKU"), .init("name", "NAME"), .init("lot", "LOT"), .init("quantity", "QTY", alignRight: true)
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [
            .string(expiry.description), .int(daysLeft), .string(location), .string(sku), .string(name), .string(lot),
            .int(quantity)
        ]
    }
}
