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
        self.sku = sku; self.quantity = quantity; self.lot = lot; self.expiry = expiry
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
    public static func quantity(_ text: String, in context: String, allowNegative: Bool = false) throws -> Int {
        guard let value = Int(text), text.first != "+" || allowNegative,
              value != 0, allowNegative || value > 0, abs(value) <= 1_000_000_000 else {
            let rule = allowNegative ? "a whole number other than 0" : "a whole number greater than 0"
            throw ScortaError.invalid("line '\(context)': quantity '\(text)' must be \(rule)")
        }
        return value
    }

    /// Reads a delivery or count CSV (columns sku, quantity, and optional lot, expiry).
    public static func read(csv text: String, source: String, allowNegative: Bool = false) throws -> [LineSpec] {
        let table = try CSV.parse(text, source: source)
        try table.require(["sku", "quantity"])
        var specs: [LineSpec] = []
        specs.reserveCapacity(table.records.count)
        for record in table.records {
            guard let sku = record["sku"] else { throw table.error(record, "sku is empty") }
            guard let quantityText = record["quantity"] else { throw table.error(record, "quantity is empty") }
            do {
                var spec = LineSpec(sku: sku, quantity: try quantity(quantityText, in: sku, allowNegative: allowNegative))
                spec.lot = record["lot"]
                if let lot = spec.lot { try Catalogue.validateCode(lot, what: "lot") }
                if let expiry = record["expiry"] {
                    guard spec.lot != nil else { throw ScortaError.invalid("an expiry needs a lot") }
                    spec.expiry = try CivilDate(parsing: expiry)
                }
                specs.append(spec)
            } catch let error as ScortaError {
                throw table.error(record, error.description)
            }
        }
        guard !specs.isEmpty else { throw ScortaError.invalid("\(source): no lines after the header") }
        return specs
    }
}
