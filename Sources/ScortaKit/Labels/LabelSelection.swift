/// Turns what the user selected (SKUs, a receipt, a location, card codes) into label contents.
public struct LabelSelection {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    var catalogue: Catalogue { Catalogue(db) }

    /// Item labels for SKUs, in the order given; an unknown SKU is an error.
    public func items(skus: [String]) throws -> [LabelContent] {
        try skus.map { sku in
            let item = try catalogue.item(sku: sku)
            return .item(sku: item.sku, name: item.name, gtin: item.gtin)
        }
    }

    /// Kit labels with the contents of each kit's current recipe.
    public func kits(skus: [String]) throws -> [LabelContent] {
        try skus.map { sku in
            let kit = try catalogue.item(sku: sku)
            guard kit.isKit else { throw ScortaError.invalid("'\(sku)' is not a kit") }
            let recipe = try catalogue.currentRecipe(kit: kit)
            return .kit(
                sku: kit.sku, name: kit.name,
                contents: recipe.components.map { LabelSelection.component($0.quantity, $0.name) })
        }
    }

    /// "2 × Sapone" held together by no-break spaces, so wrapping never separates a quantity from its item.
    static func component(_ quantity: Int, _ name: String) -> String {
        var words = name.split(separator: " ", maxSplits: 1).map(String.init)
        guard !words.isEmpty else { return "\(quantity)" }
        words[0] = "\(quantity)\u{A0}×\u{A0}" + words[0]
        return words.joined(separator: " ")
    }

    /// Lot labels for the newest lot of each SKU that has one (else a lot label without lot).
    public func lots(skus: [String]) throws -> [LabelContent] {
        try skus.map { sku in
            let item = try catalogue.item(sku: sku)
            let lot = try db.first(
                "SELECT code, expiry FROM lot WHERE item_id = ? AND id <> 0 ORDER BY id DESC LIMIT 1", [item.id]
            ) {
                ($0.text(0), try $0.optionalText(1).map { try CivilDate(parsing: $0) })
            }
            return .lot(sku: item.sku, name: item.name, lot: lot?.0 ?? "", expiry: lot?.1, gtin: item.gtin)
        }
    }

    /// One label per line of a receipt (one per received lot), or with `perUnit` one per unit.
    public func receipt(number: String, kind: LabelKind, perUnit: Bool) throws -> [LabelContent] {
        guard let type = try db.scalarText("SELECT type FROM document WHERE number = ?", [number]) else {
            throw ScortaError.invalid("document '\(number)' does not exist")
        }
        guard type == DocumentType.receipt.rawValue else {
            throw ScortaError.invalid("document '\(number)' is a \(type), not a receipt")
        }
        let lines = try db.query(
            """
            SELECT i.sku, i.name, i.gtin, i.is_kit, coalesce(lt.code, ''), lt.expiry, l.quantity
            FROM document_line l JOIN document d ON d.id = l.document_id JOIN item i ON i.id = l.item_id
            LEFT JOIN lot lt ON lt.id = l.lot_id AND l.lot_id <> 0
            WHERE d.number = ? ORDER BY l.id
            """, [number]
        ) { row in
            (
                sku: row.text(0), name: row.text(1), gtin: row.optionalText(2), isKit: row.int(3) != 0,
                lot: row.text(4),
                expiry: try row.optionalText(5).map { try CivilDate(parsing: $0) }, quantity: row.int(6)
            )
        }
        var contents: [LabelContent] = []
        for line in lines where kind != .kit || line.isKit {
            let content: LabelContent
            switch kind {
            case .lot:
                content = .lot(sku: line.sku, name: line.name, lot: line.lot, expiry: line.expiry, gtin: line.gtin)
            case .item: content = .item(sku: line.sku, name: line.name, gtin: line.gtin)
            case .kit: content = try kits(skus: [line.sku])[0]
            default: throw ScortaError.invalid("a receipt selects item, lot or kit labels, not \(kind.rawValue) labels")
            }
            contents += Array(repeating: content, count: perUnit ? max(line.quantity, 0) : 1)
        }
        guard !contents.isEmpty else {
            throw ScortaError.invalid("receipt '\(number)' brought in no \(kind == .kit ? "kits" : "goods")")
        }
        return contents
    }

    /// Item or lot labels for what is in stock at a location (one per item, or per lot).
    public func stocked(at code: String, kind: LabelKind) throws -> [LabelContent] {
        let location = try catalogue.location(code: code)
        let rows = try db.query(
            """
            SELECT i.sku, i.name, i.gtin, coalesce(lt.code, ''), lt.expiry
            FROM balance b JOIN item i ON i.id = b.item_id LEFT JOIN lot lt ON lt.id = b.lot_id AND b.lot_id <> 0
            WHERE b.location_id = ? AND b.quantity > 0 ORDER BY i.sku, lt.expiry, lt.code
            """, [location.id]
        ) { row in
            (
                sku: row.text(0), name: row.text(1), gtin: row.optionalText(2), lot: row.text(3),
                expiry: try row.optionalText(4).map { try CivilDate(parsing: $0) }
            )
        }
        switch kind {
        case .lot: return rows.map { .lot(sku: $0.sku, name: $0.name, lot: $0.lot, expiry: $0.expiry, gtin: $0.gtin) }
        case .item:
            var seen = Set<String>()
            return rows.filter { seen.insert($0.sku).inserted }.map { .item(sku: $0.sku, name: $0.name, gtin: $0.gtin) }
        default: throw ScortaError.invalid("a location selects item or lot labels, not \(kind.rawValue) labels")
        }
    }

    /// Shelf labels for locations; with no codes, every active location.
    public func locations(codes: [String]) throws -> [LabelContent] {
        let locations =
            codes.isEmpty
            ? try catalogue.locations().filter(\.active) : try codes.map { try catalogue.location(code: $0) }
        return locations.map { .location(code: $0.code, name: $0.name) }
    }

    /// Household cards: the code only, as printed at registration (K7Q2-9XM4-P)
    /// over a barcode of the normalised code the till reads. A code that is
    /// mistyped (its check symbol fails) or not registered is an error: a card
    /// printed for it would be refused at the till.
    public func cards(codes: [String], heading: String = "Tessera emporio solidale") throws -> [LabelContent] {
        let households = Households(db)
        return try codes.map { text in
            let household = try households.household(code: text)
            return .card(code: household.code, heading: heading)
        }
    }
}
