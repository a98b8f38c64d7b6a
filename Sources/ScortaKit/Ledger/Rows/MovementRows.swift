extension DocumentType: ColumnValue {
    public static func read(_ row: Row, at index: Int) throws -> DocumentType {
        let text = row.text(index)
        guard let type = DocumentType(rawValue: text) else {
            throw ScortaError.invalid("document type '\(text)' is not known to this version")
        }
        return type
    }
}

/// One line of a document as it moved stock: out of `from`, into `to`
/// (nil is outside: supplier, recipient, scrap).
public struct HistoryRow: Equatable, Sendable, TablePresentable {
    public let date: CivilDate
    public let document: String
    public let type: DocumentType
    public let sku: String
    public let lot: String?
    public let from: String?
    public let to: String?
    public let quantity: Int
    /// The document this one reverses (storno di …).
    public let reverses: String?

    init(_ row: Row) throws {
        date = try row["date"]
        document = try row["document"]
        type = try row["type"]
        sku = try row["sku"]
        lot = try row["lot"]
        from = try row["from_location"]
        to = try row["to_location"]
        quantity = try row["quantity"]
        reverses = try row["reverses"]
    }

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("date", "DATE"), .init("document", "DOCUMENT"), .init("type", "TYPE"), .init("sku", "SKU"),
            .init("lot", "LOT"),
            .init("from", "FROM"), .init("to", "TO"), .init("quantity", "QTY", alignRight: true),
            .init("reverses", "REVERSES")
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [
            .string(date.description), .string(document), .string(type.rawValue), .string(sku), .optional(lot),
            .optional(from),
            .optional(to), .int(quantity), .optional(reverses)
        ]
    }
}

/// One document in the list of `scorta documents`: its head and the size of its lines.
public struct DocumentSummaryRow: Equatable, Sendable, TablePresentable {
    public let date: CivilDate
    public let number: String
    public let type: DocumentType
    public let location: String?
    /// Supplier or donor of a receipt.
    public let supplier: String?
    public let reference: String?
    public let lines: Int
    public let units: Int
    public let operatorName: String
    public let reverses: String?
    public let reversedBy: String?

    init(_ row: Row) throws {
        date = try row["date"]
        number = try row["number"]
        type = try row["type"]
        location = try row["location"]
        supplier = try row["supplier"]
        reference = try row["reference"]
        lines = try row["lines"]
        units = try row["units"]
        operatorName = try row["operator"]
        reverses = try row["reverses"]
        reversedBy = try row["reversed_by"]
    }

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("date", "DATE"), .init("number", "NUMBER"), .init("type", "TYPE"), .init("location", "LOCATION"),
            .init("supplier", "SUPPLIER"), .init("reference", "REFERENCE"), .init("lines", "LINES", alignRight: true),
            .init("units", "UNITS", alignRight: true), .init("operator", "OPERATOR"), .init("reverses", "REVERSES"),
            .init("reversed_by", "REVERSED BY")
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [
            .string(date.description), .string(number), .string(type.rawValue), .optional(location),
            .optional(supplier),
            .optional(reference), .int(lines), .int(units), .string(operatorName), .optional(reverses),
            .optional(reversedBy)
        ]
    }
}
