/// What one label says, resolved from the database (or from arguments for cards), before layout.
public enum LabelContent: Sendable, Hashable {
    /// An item: SKU, name, and its GTIN as EAN-13 when it has one, else Code 128 of the SKU.
    case item(sku: String, name: String, gtin: String?)
    /// A received lot: GS1-128 (01)(17)(10) when the item has a GTIN, else Code 128 of
    /// "SKU/LOT"; the expiry is printed large.
    case lot(sku: String, name: String, lot: String, expiry: CivilDate?, gtin: String?)
    /// A kit: code, name and its contents from the current recipe.
    case kit(sku: String, name: String, contents: [String])
    /// A shelf or location: a large barcode readable from a distance.
    case location(code: String, name: String)
    /// A household card (tessera): only the random household code, never
    /// personal data. The barcode carries the code as stored (K7Q29XM4P); the
    /// text shows it grouped as at registration (K7Q2-9XM4-P).
    case card(code: String, heading: String)

    /// How messages name the label: "lot label IG-SAP lot L2611", "location label MAG-A".
    public var title: String {
        switch self {
        case .item(let sku, _, _): "item label \(sku)"
        case .lot(let sku, _, let lot, _, _): lot.isEmpty ? "lot label \(sku)" : "lot label \(sku) lot \(lot)"
        case .kit(let sku, _, _): "kit label \(sku)"
        case .location(let code, _): "location label \(code)"
        case .card(let code, _): "card label \(HouseholdCode.display(code))"
        }
    }

    public var kind: LabelKind {
        switch self {
        case .item: .item
        case .lot: .lot
        case .kit: .kit
        case .location: .location
        case .card: .card
        }
    }

    /// The barcode symbol this label carries.
    public func symbol() throws -> BarcodeSymbol {
        switch self {
        case .item(let sku, _, let gtin):
            if let gtin, gtin.count == 13 || gtin.count == 12 {
                return try EAN13.encode(gtin.count == 12 ? "0" + gtin : gtin)
            }
            return try Code128.encode(sku)
        case .lot(let sku, _, let lot, let expiry, let gtin):
            if let gtin {
                var elements = [try GS1.Element.gtin(gtin)]
                if let expiry { elements.append(.expiry(expiry)) }
                if !lot.isEmpty { elements.append(.lot(lot)) }
                return try GS1.encode(elements)
            }
            return try Code128.encode(lot.isEmpty ? sku : "\(sku)/\(lot)")
        case .kit(let sku, _, _): return try Code128.encode(sku)
        case .location(let code, _): return try Code128.encode(code)
        case .card(let code, _): return try Code128.encode(code)
        }
    }
}

/// The kinds of label `scorta labels` prints.
public enum LabelKind: String, CaseIterable, Sendable {
    case item, lot, kit, location, card

    /// The stock each kind is usually printed on.
    public var defaultTemplate: String {
        switch self {
        case .item: "avery-l7160"
        case .lot: "avery-l7163"
        case .kit: "avery-l7165"
        case .location: "avery-l7165"
        case .card: "id1-cards-a4"
        }
    }

    /// Module width limits in mm (DOMAIN "Labels"): 0.25-0.38 for handheld scanners, at least
    /// 0.5 for shelf labels read from a distance.
    var moduleRange: (minimum: Double, maximum: Double) {
        self == .location ? (0.5, 1.0) : (0.25, 0.38)
    }
}
