/// One document as `scorta show` prints it: its head, its lines and, for a
/// count, what was expected and counted.
public struct DocumentDetail: Equatable, Sendable {
    public let number: String
    public let type: DocumentType
    public let date: CivilDate
    /// When it was recorded (UTC, ISO 8601), besides its business date.
    public let recordedAt: String
    public let operatorName: String
    public let location: String?
    public let counterparty: String?
    public let reference: String?
    public let reason: String?
    public let note: String?
    public let channel: String?
    public let household: String?
    public let reverses: String?
    public let reversedBy: String?
    public var lines: [DocumentLineRow] = []
    /// Empty unless the document is a count.
    public var counted: [CountLineRow] = []

    init(_ row: Row) throws {
        number = try row["number"]
        type = try row["type"]
        date = try row["date"]
        recordedAt = try row["recorded_at"]
        operatorName = try row["operator"]
        location = try row["location"]
        counterparty = try row["counterparty"]
        reference = try row["reference"]
        reason = try row["reason"]
        note = try row["note"]
        channel = try row["channel"]
        household = try row["household"]
        reverses = try row["reverses"]
        reversedBy = try row["reversed_by"]
    }

    /// The document as one JSON object (`show --json`, a posting's `--json`); keys in this order.
    public var json: JSONValue {
        var members: [(String, JSONValue)] = [
            ("number", .string(number)), ("type", .string(type.rawValue)), ("date", .string(date.description)),
            ("recorded_at", .string(recordedAt)), ("operator", .string(operatorName)),
            ("location", .optional(location)),
            ("counterparty", .optional(counterparty)), ("reference", .optional(reference)),
            ("reason", .optional(reason)),
            ("note", .optional(note)), ("channel", .optional(channel)), ("household", .optional(household)),
            ("reverses", .optional(reverses)), ("reversed_by", .optional(reversedBy)),
            ("lines", Listing(lines).json())
        ]
        if !counted.isEmpty { members.append(("counted", Listing(counted).json())) }
        return .object(members)
    }
}

/// One line of a document: what moved, from where to where.
public struct DocumentLineRow: Equatable, Sendable, TablePresentable {
    public let sku: String
    public let name: String
    public let lot: String?
    public let expiry: CivilDate?
    public let from: String?
    public let to: String?
    public let quantity: Int

    init(_ row: Row) throws {
        sku = try row["sku"]
        name = try row["name"]
        lot = try row["lot"]
        expiry = try row["expiry"]
        from = try row["from_location"]
        to = try row["to_location"]
        quantity = try row["quantity"]
    }

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("sku", "SKU"), .init("name", "NAME"), .init("lot", "LOT"), .init("expiry", "EXPIRY"),
            .init("from", "FROM"), .init("to", "TO"), .init("quantity", "QTY", alignRight: true)
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [
            .string(sku), .string(name), .optional(lot), .optional(expiry?.description), .optional(from), .optional(to),
            .int(quantity)
        ]
    }
}

/// One counted item (and lot) of a count: the baseline and what was found.
public struct CountLineRow: Equatable, Sendable, TablePresentable {
    public let sku: String
    public let lot: String?
    public let expected: Int
    public let counted: Int
    /// Posted as an adjustment: counted less expected.
    public var difference: Int { counted - expected }

    init(_ row: Row) throws {
        sku = try row["sku"]
        lot = try row["lot"]
        expected = try row["expected"]
        counted = try row["counted"]
    }

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("sku", "SKU"), .init("lot", "LOT"), .init("expected", "EXPECTED", alignRight: true),
            .init("counted", "COUNTED", alignRight: true), .init("difference", "DIFF", alignRight: true)
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [.string(sku), .optional(lot), .int(expected), .int(counted), .int(difference)]
    }
}
