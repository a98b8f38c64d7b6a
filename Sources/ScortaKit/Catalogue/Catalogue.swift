/// Looks up and keeps the catalogue: items, values, barcodes, locations,
/// channels, lots and kit recipes. Lookups by code throw a one-line error
/// naming the unknown code.
public struct Catalogue {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    // MARK: - Items

    static let itemColumns =
        "i.id, i.sku, i.name, i.unit, c.code, i.gtin, i.net_grams, i.is_kit, i.active, i.category_id"
    /// `itemColumns` read from `item i` alone, the category's code looked up by a subquery: an item
    /// looked up by its SKU or id joined to its category made a server's new connection search the
    /// join's orders, 0.7 M instructions more at the first look-up of every one-shot command.
    static let itemColumnsAlone = """
        i.id, i.sku, i.name, i.unit, (SELECT c.code FROM category c WHERE c.id = i.category_id), i.gtin, \
        i.net_grams, i.is_kit, i.active, i.category_id
        """

    static func item(_ row: Row) -> Item {
        Item(
            id: row.int64(0), sku: row.text(1), name: row.text(2), unit: row.text(3), categoryCode: row.text(4),
            categoryID: row.int64(9), gtin: row.optionalText(5), netGrams: row.optionalInt(6), isKit: row.int(7) != 0,
            active: row.int(8) != 0)
    }

    /// The item with this SKU, typed in any case ("ig-sap" is IG-SAP); an
    /// unknown one is refused with the closest SKUs.
    public func item(sku: String) throws -> Item {
        if let found = try findItem(sku: sku) { return found }
        throw ScortaError.invalid("unknown item '\(sku)'" + Suggestions.didYouMean(sku, among: try skus()))
    }

    /// Exact first (the index), then without regard to case. Literals, so their prepared statements are
    /// found by the literal's address: found by their text, each look-up hashed the whole text (a basket
    /// line looks up a barcode and an item, about 1% of posting the benchmark's dataset).
    static let barcodeSQL: StaticString = "SELECT item_id, quantity FROM barcode WHERE code = ?"
    static let gtinSQL: StaticString = "SELECT id FROM item WHERE gtin = ?"
    /// `itemColumnsAlone`, written out.
    static let skuSQL: StaticString = """
        SELECT i.id, i.sku, i.name, i.unit, (SELECT c.code FROM category c WHERE c.id = i.category_id), i.gtin,
               i.net_grams, i.is_kit, i.active, i.category_id
        FROM item i WHERE i.sku = ?
        """
    static let locationSQL: StaticString = "SELECT id, code, name, kind, active FROM location WHERE code = ?"
    static let channelSQL: StaticString = "SELECT id, code, name FROM channel WHERE code = ?"

    /// The locations and items a command names, asked at once before it
    /// looks each up (`location(code:)`, `item(sku:)`): on a server one
    /// round trip instead of one each.
    /// `also`: other reads to send with them.
    public func readAhead(
        locations: [String] = [], items: [String] = [], also: [(sql: String, values: [any SQLBindable])] = []
    ) throws {
        try db.readAhead(
            locations.map { (Catalogue.locationSQL.description, [$0]) }
                + items.map { (Catalogue.skuSQL.description, [$0]) } + also)
    }

    public func findItem(sku: String) throws -> Item? {
        if let found = try db.prepare(Catalogue.skuSQL).first([sku], Catalogue.item) { return found }
        return try db.cachedStatement(Catalogue.skuSQL.description + " COLLATE NOCASE ORDER BY i.sku LIMIT 1")
            .first([sku], Catalogue.item)
    }

    public func skus() throws -> [String] { try db.query("SELECT sku FROM item ORDER BY sku") { $0.text(0) } }

    public func item(id: Int64) throws -> Item {
        guard
            let found = try db.cachedStatement(
                "SELECT \(Catalogue.itemColumnsAlone) FROM item i WHERE i.id = ?"
            )
            .first([id], Catalogue.item)
        else {
            throw ScortaError.invalid("unknown item id \(id)")
        }
        return found
    }

    public func items(category: String? = nil, kitsOnly: Bool = false) throws -> [Item] {
        // A mistyped category is an error, not an empty list that looks like "no stock of that kind".
        if let category { _ = try categoryID(code: category) }
        return try db.cachedStatement(
            """
            SELECT \(Catalogue.itemColumns) FROM item i JOIN category c ON c.id = i.category_id
            WHERE (CAST(?1 AS TEXT) IS NULL OR c.code = ?1) AND (?2 = 0 OR i.is_kit = 1) ORDER BY i.sku
            """
        ).map([category, kitsOnly], Catalogue.item)
    }

    /// What `scan(code)` asks the database first, for a caller to send ahead with its own reads
    /// (`Database.readAhead`): `scan` then takes their answers.
    static func scanReads(_ code: String) -> [(sql: String, values: [any SQLBindable])] {
        [(Catalogue.barcodeSQL.description, [code])]
            + (mayBeGTIN(code) ? [(Catalogue.gtinSQL.description, [code])] : [])
            + [(Catalogue.skuSQL.description, [code])]
    }

    private static func mayBeGTIN(_ code: String) -> Bool {
        !code.isEmpty && code.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The item and quantity a scanned code stands for: a barcode, a GTIN, or a SKU.
    public func scan(_ code: String) throws -> (item: Item, quantity: Int) {
        // A GTIN is stored only after `GTIN.validate` (digits alone), and `item.gtin` has no
        // index: a code with anything else in it (every SKU typed at the till) cannot be one,
        // and asking read the whole catalogue for each basket line.
        let mayBeGTIN = Catalogue.mayBeGTIN(code)
        // Barcode, GTIN and SKU asked at once: on a server one round trip instead of up to three.
        try db.readAhead(Catalogue.scanReads(code))
        if let hit = try db.prepare(Catalogue.barcodeSQL).first([code], { ($0.int64(0), $0.int(1)) }) {
            return (try item(id: hit.0), hit.1)
        }
        if mayBeGTIN, let id = try db.prepare(Catalogue.gtinSQL).scalar([code]) {
            return (try item(id: id), 1)
        }
        if let found = try findItem(sku: code) { return (found, 1) }
        throw ScortaError.invalid("unknown barcode or SKU '\(code)'" + Suggestions.didYouMean(code, among: try skus()))
    }

    // MARK: - Values

    /// The unit value in cents in force on `date`, or nil when none is set yet.
    public func value(itemID: Int64, on date: CivilDate) throws -> Int? {
        try unitValues.value(itemID: itemID, on: date)
    }

    var unitValues: DatedValues {
        DatedValues(
            db: db, table: "item_value", column: "cents", what: "unit value", show: { "EUR " + Money.format(cents: $0) }
        )
    }

    /// Records a unit value effective from `date`; an earlier value stays for earlier dates
    /// (refused inside a closed period, or on a date that has a value already).
    public func setValue(itemID: Int64, cents: Int, from date: CivilDate, operatorName: String) throws {
        guard cents >= 0 else { throw ScortaError.invalid("a value cannot be negative") }
        try unitValues.set(itemID: itemID, cents, from: date, operatorName: operatorName)
    }

    public func valueHistory(itemID: Int64) throws -> [(from: CivilDate, cents: Int)] {
        try db.query("SELECT valid_from, cents FROM item_value WHERE item_id = ? ORDER BY valid_from", [itemID]) {
            (try CivilDate(parsing: $0.text(0)), $0.int(1))
        }
    }

    // MARK: - Locations and channels

    static func location(_ row: Row) -> Location {
        Location(id: row.int64(0), code: row.text(1), name: row.text(2), kind: row.text(3), active: row.int(4) != 0)
    }

    /// The location with this code, typed in any case; an unknown one is refused with the closest codes.
    public func location(code: String) throws -> Location {
        let select = Catalogue.locationSQL
        if let found = try db.prepare(select).first([code], Catalogue.location)
            ?? db.cachedStatement(select.description + " COLLATE NOCASE ORDER BY code LIMIT 1").first(
                [code], Catalogue.location)
        {
            return found
        }
        throw ScortaError.invalid(
            "location '\(code)' does not exist" + Suggestions.didYouMean(code, among: try locations().map(\.code)))
    }

    public func location(id: Int64) throws -> Location {
        guard
            let found = try db.first(
                "SELECT id, code, name, kind, active FROM location WHERE id = ?", [id], Catalogue.location)
        else {
            throw ScortaError.invalid("location id \(id) does not exist")
        }
        return found
    }

    public func locations() throws -> [Location] {
        try db.query("SELECT id, code, name, kind, active FROM location ORDER BY code", [], Catalogue.location)
    }

    /// The channel with this code, typed in any case.
    public func channel(code: String) throws -> Channel {
        let select = Catalogue.channelSQL
        let channel = { (row: Row) in Channel(id: row.int64(0), code: row.text(1), name: row.text(2)) }
        if let found = try db.prepare(select).first([code], channel)
            ?? db.cachedStatement(select.description + " COLLATE NOCASE ORDER BY code LIMIT 1").first([code], channel)
        {
            return found
        }
        let known = try channels().map(\.code)
        throw ScortaError.invalid(
            "channel '\(code)' does not exist" + Suggestions.didYouMean(code, among: known)
                + " (known: \(known.joined(separator: ", ")))")
    }

    public func channels() throws -> [Channel] {
        try db.query("SELECT id, code, name FROM channel ORDER BY code") {
            Channel(id: $0.int64(0), code: $0.text(1), name: $0.text(2))
        }
    }

    // MARK: - Lots

    static func lot(_ row: Row) throws -> Lot {
        Lot(
            id: row.int64(0), itemID: row.int64(1), code: row.text(2),
            expiry: try row.optionalText(3).map { try CivilDate(parsing: $0) }, recipeID: row.optionalInt64(4))
    }

    public func lot(itemID: Int64, code: String) throws -> Lot? {
        try db.first(
            "SELECT id, item_id, code, expiry, recipe_id FROM lot WHERE item_id = ? AND code = ?", [itemID, code],
            Catalogue.lot)
    }

    public func lot(id: Int64) throws -> Lot? {
        try db.first("SELECT id, item_id, code, expiry, recipe_id FROM lot WHERE id = ?", [id], Catalogue.lot)
    }
}
