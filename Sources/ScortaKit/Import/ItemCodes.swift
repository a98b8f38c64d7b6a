/// Resolves what a sheet holds in its item column: a SKU in any case, or a
/// barcode / GTIN through the barcode map with its quantity per scan (a box
/// of 12 counts 12 units). Cached, because a delivery repeats a few codes
/// over thousands of rows.
public final class ItemCodes {
    let catalogue: Catalogue
    var resolved: [String: (item: Item, perScan: Int)] = [:]
    var knownSKUs: [String]?

    public init(_ catalogue: Catalogue) { self.catalogue = catalogue }

    public func resolve(_ code: String) throws -> (item: Item, perScan: Int) {
        if let hit = resolved[code] { return hit }
        do {
            let found = try catalogue.scan(code)
            resolved[code] = (found.item, found.quantity)
            return (found.item, found.quantity)
        } catch ScortaError.invalid {
            if knownSKUs == nil { knownSKUs = try catalogue.skus() }
            throw ScortaError.invalid("unknown item '\(code)'" + Suggestions.didYouMean(code, among: knownSKUs!))
        }
    }

    /// `quantity` scans of `code` in units of the item, refused when it overflows a sane bound.
    public func units(_ quantity: Int, of code: String) throws -> (item: Item, units: Int) {
        let (item, perScan) = try resolve(code)
        let (units, overflow) = quantity.multipliedReportingOverflow(by: perScan)
        guard !overflow, abs(units) <= 1_000_000_000 else {
            throw ScortaError.invalid("quantity \(quantity) × \(perScan) per scan of '\(code)' is too large")
        }
        return (item, units)
    }
}
