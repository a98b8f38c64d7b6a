/// What a manager gives to add an item.
public struct NewItem: Sendable {
    public var sku: String
    public var name: String
    public var unit: String
    public var category: String
    public var valueCents: Int
    public var gtin: String?
    public var netGrams: Int?
    public var isKit: Bool

    public init(
        sku: String, name: String, unit: String, category: String, valueCents: Int,
        gtin: String? = nil, netGrams: Int? = nil, isKit: Bool = false
    ) {
        self.sku = sku
        self.name = name
        self.unit = unit
        self.category = category
        self.valueCents = valueCents
        self.gtin = gtin
        self.netGrams = netGrams
        self.isKit = isKit
    }
}

extension Catalogue {
    /// SKUs and codes are typed by staff and printed as Code 128: keep them to
    /// printable ASCII without spaces so every label can encode them.
    public static func validateCode(_ code: String, what: String) throws {
        // By bytes: a code that passes is ASCII, one byte a character (a bulk receipt checks 100,000 lots).
        guard !code.isEmpty, code.utf8.count <= 40,
            code.utf8.allSatisfy({
                $0 > 32 && $0 < 127 && $0 != UInt8(ascii: ":") && $0 != UInt8(ascii: "=") && $0 != UInt8(ascii: ",")
                    && $0 != UInt8(ascii: ";")
            })
        else {
            throw ScortaError.invalid(
                "\(what) '\(code)' must be 1-40 printable ASCII characters without spaces, ':', '=', ',' or ';'")
        }
    }

    public func categoryID(code: String) throws -> Int64 {
        guard let id = try db.scalar("SELECT id FROM category WHERE code = ? COLLATE NOCASE", [code]) else {
            let known = try db.query("SELECT code FROM category ORDER BY code") { $0.text(0) }.joined(separator: ", ")
            throw ScortaError.invalid("unknown report category '\(code)' (known: \(known))")
        }
        return id
    }

    @discardableResult
    public func addItem(_ new: NewItem, valueFrom date: CivilDate, operatorName: String) throws -> Item {
        // Codes are kept in upper case and looked up in any case, so "ig-bal" and "IG-BAL" are one item.
        var new = new
        new.sku = new.sku.uppercased()
        try Catalogue.validateCode(new.sku, what: "SKU")
        guard !new.name.trimmingSpaces.isEmpty else { throw ScortaError.invalid("item '\(new.sku)' needs a name") }
        guard !new.unit.trimmingSpaces.isEmpty else { throw ScortaError.invalid("item '\(new.sku)' needs a unit") }
        if let gtin = new.gtin { try GTIN.validate(gtin) }
        if let grams = new.netGrams, grams < 0 {
            throw ScortaError.invalid("item '\(new.sku)': net grams cannot be negative")
        }
        guard try db.scalar("SELECT id FROM item WHERE sku = ? COLLATE NOCASE", [new.sku]) == nil else {
            throw ScortaError.invalid("item '\(new.sku)' already exists")
        }
        let category = try categoryID(code: new.category)
        let id = try db.insert(
            "INSERT INTO item(sku, name, unit, category_id, gtin, net_grams, is_kit) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            [new.sku, new.name, new.unit, category, new.gtin, new.netGrams, new.isKit])
        try HashChain.seal(.item, key: [id], in: db)
        try setValue(itemID: id, cents: new.valueCents, from: date, operatorName: operatorName)
        return try item(id: id)
    }

    /// Changes descriptive fields; value changes go through `setValue` (dated).
    public func editItem(
        _ item: Item, name: String?, unit: String?, category: String?, gtin: String??, netGrams: Int??, active: Bool?
    ) throws -> Item {
        if let name, name.trimmingSpaces.isEmpty { throw ScortaError.invalid("item '\(item.sku)' needs a name") }
        if case .some(.some(let code)) = gtin { try GTIN.validate(code) }
        let newCategory: Int64? = try category.map { try self.categoryID(code: $0) }
        try db.run(
            """
            UPDATE item SET name = coalesce(?, name), unit = coalesce(?, unit), category_id = coalesce(?, category_id),
                active = coalesce(?, active) WHERE id = ?
            """, [name, unit, newCategory, active, item.id])
        if let gtin { try db.run("UPDATE item SET gtin = ? WHERE id = ?", [gtin, item.id]) }
        if let netGrams { try db.run("UPDATE item SET net_grams = ? WHERE id = ?", [netGrams, item.id]) }
        try HashChain.seal(.item, key: [item.id], in: db)
        return try self.item(id: item.id)
    }

    // MARK: - Barcodes

    public func addBarcode(_ code: String, item: Item, quantity: Int) throws {
        try Catalogue.validateCode(code, what: "barcode")
        guard quantity > 0 else { throw ScortaError.invalid("barcode '\(code)': quantity per scan must be positive") }
        if let owner = try db.scalarText(
            "SELECT i.sku FROM barcode b JOIN item i ON i.id = b.item_id WHERE b.code = ?", [code])
        {
            throw ScortaError.invalid("barcode '\(code)' already belongs to item '\(owner)'")
        }
        try db.run("INSERT INTO barcode(code, item_id, quantity) VALUES (?, ?, ?)", [code, item.id, quantity])
        try HashChain.seal(.barcode, key: [code], in: db)
    }

    public func removeBarcode(_ code: String) throws {
        try db.run("DELETE FROM barcode WHERE code = ?", [code])
        guard db.changes == 1 else { throw ScortaError.invalid("barcode '\(code)' does not exist") }
        try HashChain.seal(.barcode, key: [code], in: db)
    }

    public func barcodes(item: Item? = nil) throws -> [BarcodeRow] {
        try db.query(
            """
            SELECT b.code, i.sku, b.quantity FROM barcode b JOIN item i ON i.id = b.item_id
            WHERE CAST(?1 AS BIGINT) IS NULL OR b.item_id = ?1 ORDER BY i.sku, b.code
            """, [item?.id], BarcodeRow.init)
    }

    // MARK: - Locations and channels

    @discardableResult
    public func addLocation(code: String, name: String, kind: String) throws -> Location {
        let code = code.uppercased()
        try Catalogue.validateCode(code, what: "location code")
        guard ["warehouse", "market", "outreach"].contains(kind) else {
            throw ScortaError.invalid("location kind '\(kind)' must be warehouse, market or outreach")
        }
        guard try db.scalar("SELECT id FROM location WHERE code = ? COLLATE NOCASE", [code]) == nil else {
            throw ScortaError.invalid("location '\(code)' already exists")
        }
        let id = try db.insert(
            "INSERT INTO location(code, name, kind) VALUES (?, ?, ?) RETURNING id", [code, name, kind])
        try HashChain.seal(.location, key: [id], in: db)
        return try location(code: code)
    }

    public func editLocation(_ location: Location, name: String?, active: Bool?) throws -> Location {
        if active == false,
            let held = try db.scalar("SELECT sum(quantity) FROM balance WHERE location_id = ?", [location.id]), held > 0
        {
            throw ScortaError.refused(
                "location '\(location.code)' still holds \(held) units; move them before deactivating it")
        }
        try db.run(
            "UPDATE location SET name = coalesce(?, name), active = coalesce(?, active) WHERE id = ?",
            [name, active, location.id])
        try HashChain.seal(.location, key: [location.id], in: db)
        return try self.location(id: location.id)
    }

    @discardableResult
    public func addChannel(code: String, name: String) throws -> Channel {
        let code = code.uppercased()
        try Catalogue.validateCode(code, what: "channel code")
        guard try db.scalar("SELECT id FROM channel WHERE code = ? COLLATE NOCASE", [code]) == nil else {
            throw ScortaError.invalid("channel '\(code)' already exists")
        }
        let sealedID = try db.insert("INSERT INTO channel(code, name) VALUES (?, ?) RETURNING id", [code, name])
        try HashChain.seal(.channel, key: [sealedID], in: db)
        return try channel(code: code)
    }
}
