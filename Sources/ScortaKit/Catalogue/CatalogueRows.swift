/// An item in `item list`: what it is and its unit value on the day asked.
public struct ItemListRow: Equatable, Sendable, TablePresentable {
    public let sku: String
    public let name: String
    public let unit: String
    /// The report category's code.
    public let category: String
    /// The unit value in force on the day, in cents; nil when none is set by then.
    public let valueCents: Int?
    public let gtin: String?
    public let active: Bool

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("sku", "SKU"), .init("name", "NAME"), .init("unit", "UNIT"), .init("category", "CATEGORY"),
            .init("value_cents", "VALUE €", format: .cents), .init("gtin", "GTIN"), .init("active", "ACTIVE")
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [
            .string(sku), .string(name), .string(unit), .string(category), .optional(valueCents), .optional(gtin),
            .bool(active)
        ]
    }
}

/// A kit in `kit list`: its current recipe version and how many components it has.
public struct KitListRow: Equatable, Sendable, TablePresentable {
    public let sku: String
    public let name: String
    public let version: Int
    public let components: Int

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("sku", "SKU"), .init("name", "NAME"), .init("version", "VERSION", alignRight: true),
            .init("components", "COMPONENTS", alignRight: true)
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [.string(sku), .string(name), .int(version), .int(components)]
    }
}

/// A barcode mapped to an item: scanning `code` counts `quantity` units of `sku`.
public struct BarcodeRow: Equatable, Sendable, TablePresentable {
    public let code: String
    public let sku: String
    public let quantity: Int

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [.init("code", "BARCODE"), .init("sku", "SKU"), .init("quantity", "PER SCAN", alignRight: true)]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [.string(code), .string(sku), .int(quantity)]
    }
}

extension ItemListRow {
    init(_ row: Row) throws {
        self.init(
            sku: try row["sku"], name: try row["name"], unit: try row["unit"], category: try row["category"],
            valueCents: try row["value_cents"], gtin: try row["gtin"], active: try row["active"])
    }
}

extension BarcodeRow {
    init(_ row: Row) throws {
        self.init(code: try row["code"], sku: try row["sku"], quantity: try row["quantity"])
    }
}

/// `kit show`: a recipe's components with the quantity each kit takes.
extension KitRecipe.Component: TablePresentable {
    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [.init("sku", "SKU"), .init("name", "NAME"), .init("quantity", "QTY", alignRight: true)]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [.string(sku), .string(name), .int(quantity)]
    }
}

/// `location list`: a location's code, name, kind and whether it is in use.
extension Location: TablePresentable {
    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [.init("code", "CODE"), .init("name", "NAME"), .init("kind", "KIND"), .init("active", "ACTIVE")]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [.string(code), .string(name), .string(kind), .bool(active)]
    }
}

/// `channel list`: a channel's code and name.
extension Channel: TablePresentable {
    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [.init("code", "CODE"), .init("name", "NAME")]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [.string(code), .string(name)]
    }
}

extension Catalogue {
    /// The items of `item list`, by SKU, each with its unit value on `date`
    /// (the value `value(itemID:on:)` gives), read in one query.
    public func itemList(category: String? = nil, kitsOnly: Bool = false, on date: CivilDate) throws -> [ItemListRow] {
        // A mistyped category is an error, not an empty list that looks like "no items of that kind".
        if let category { _ = try categoryID(code: category) }
        var filter = QueryFilter()
        if let category { filter.add("c.code = ?", category) }
        if kitsOnly { filter.add("i.is_kit = 1") }
        var arguments: [any SQLBindable] = [date.description]
        arguments += filter.arguments
        return try db.makeStatement(
            """
            SELECT i.sku, i.name, i.unit, c.code AS category,
                   (SELECT v.cents FROM item_value v WHERE v.item_id = i.id AND v.valid_from <= ?
                    ORDER BY v.valid_from DESC LIMIT 1) AS value_cents,
                   i.gtin, i.active
            FROM item i JOIN category c ON c.id = i.category_id
            WHERE \(filter.conditions) ORDER BY i.sku
            """
        ).map(arguments, ItemListRow.init)
    }

    /// The kits of `kit list`, by SKU, with their newest recipe version; a kit
    /// without a recipe is refused as `currentRecipe(kit:)` refuses it.
    public func kitList() throws -> [KitListRow] {
        let rows = try db.query(
            """
            SELECT i.sku, i.name, r.version,
                   (SELECT count(*) FROM kit_component k WHERE k.recipe_id = r.id) AS components
            FROM item i LEFT JOIN kit_recipe r ON r.kit_item_id = i.id
                 AND r.version = (SELECT max(x.version) FROM kit_recipe x WHERE x.kit_item_id = i.id)
            WHERE i.is_kit = 1 ORDER BY i.sku
            """
        ) { row -> (sku: String, name: String, version: Int?, components: Int) in
            (try row["sku"], try row["name"], try row["version"], try row["components"])
        }
        return try rows.map { kit in
            guard let version = kit.version else { throw ScortaError.invalid("kit '\(kit.sku)' has no recipe yet") }
            return KitListRow(sku: kit.sku, name: kit.name, version: version, components: kit.components)
        }
    }
}
