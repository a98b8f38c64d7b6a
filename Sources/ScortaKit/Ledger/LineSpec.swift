/// A line as staff type it: `SKU:QTY[:LOT[:EXPIRY]]`, or one CSV row with
/// columns sku, quantity, lot, expiry.
///
///     try LineSpec(parsing: "IG-SAP:24:L2611:2027-06-30")
public struct LineSpec: Sendable, Equatable {
    public var sku: String
    public var quantity: Int
    public var lot: String?
    public var expiry: CivilDate?

    public init(sku: String, quantity: Int, lot: String? = nil, expiry: CivilDate? = nil) {
        self.sku = sku
        self.quantity = quantity
        self.lot = lot
        self.expiry = expiry
    }

    /// `allowNegative` is for adjustments, where a minus sign takes stock out.
    public init(parsing text: String, allowNegative: Bool = false) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        guard (2...4).contains(parts.count), !parts[0].isEmpty else {
            throw ScortaError.invalid("line '\(text)' must look like SKU:QTY[:LOT[:EXPIRY]]")
        }
        self.sku = parts[0]
        self.quantity = try LineSpec.quantity(parts[1], in: text, allowNegative: allowNegative)
        self.lot = parts.count > 2 && !parts[2].isEmpty ? parts[2] : nil
        if parts.count > 3, !parts[3].isEmpty {
            guard lot != nil else { throw ScortaError.invalid("line '\(text)': an expiry needs a lot") }
            self.expiry = try CivilDate(parsing: parts[3])
        }
        if let lot { try Catalogue.validateCode(lot, what: "lot") }
    }

    /// Whole, non-zero quantities only: the ledger counts units of the item.
    public static func quantity(_ text: String, in context: String?, allowNegative: Bool = false) throws -> Int {
        guard let value = Int(text), text.first != "+" || allowNegative,
            value != 0, allowNegative || value > 0, abs(value) <= 1_000_000_000
        else {
            let rule = allowNegative ? "a whole number other than 0" : "a whole number greater than 0"
            throw ScortaError.invalid((context.map { "line '\($0)': " } ?? "") + "quantity '\(text)' must be \(rule)")
        }
        return value
    }

    /// Reads the lines of a delivery, transfer, adjustment or distribution
    /// sheet (see `Sheet`): item (SKU, or a barcode counted with its quantity
    /// per scan), quantity, and optional lot and expiry (ISO or dd/mm/yyyy).
    public static func read(csv text: String, source: String, catalogue: Catalogue, allowNegative: Bool = false) throws
        -> [LineSpec]
    {
        let sheet = try Sheet(text, source: source, columns: SheetColumns.lines)
        try sheet.require(columns: "sku", "quantity")
        let codes = ItemCodes(catalogue)
        let (skuColumn, quantityColumn, lotColumn, expiryColumn) = (
            sheet.index(of: "sku"), sheet.index(of: "quantity"), sheet.index(of: "lot"), sheet.index(of: "expiry")
        )
        // A delivery repeats a few expiry dates over many rows: the last one read is kept.
        var lastExpiry: (text: String, date: CivilDate)?
        return try sheet.rows { record in
            let code = try sheet.require(record, "sku", at: skuColumn)
            let quantityText = try sheet.require(record, "quantity", at: quantityColumn)
            let scans = try quantity(quantityText, in: nil, allowNegative: allowNegative)
            let (item, units) = try codes.units(scans, of: code)
            var spec = LineSpec(sku: item.sku, quantity: units, lot: sheet[record, lotColumn])
            if let lot = spec.lot { try Catalogue.validateCode(lot, what: "lot") }
            if let expiry = sheet[record, expiryColumn] {
                guard spec.lot != nil else { throw ScortaError.invalid("an expiry needs a lot") }
                if let lastExpiry, lastExpiry.text == expiry {
                    spec.expiry = lastExpiry.date
                } else {
                    let date = try SheetDate.parse(expiry)
                    lastExpiry = (expiry, date)
                    spec.expiry = date
                }
            }
            return spec
        }
    }
}
