extension Catalogue {
    /// Adds the items of a sheet to the catalogue, all or none: columns sku
    /// (codice), name (nome/descrizione), unit (unità), category (categoria:
    /// its code or its Italian or English name), value in euro (valore, with
    /// a decimal comma or point) or value_cents, and optional gtin (ean) and
    /// grams (grammi). Every bad row is reported at once. Run it inside a
    /// transaction: a bad row leaves nothing behind.
    public func importItems(csv text: String, source: String, valueFrom date: CivilDate, operatorName: String) throws
        -> [Item]
    {
        let sheet = try Sheet(text, source: source, columns: SheetColumns.items)
        try sheet.require(columns: "sku", "name", "unit", "category")
        guard sheet.has("value") || sheet.has("value_cents") else {
            throw ScortaError.invalid("\(source):1: missing column 'value' (or valore, euro, value_cents)")
        }
        let categories = try db.query("SELECT code, name, name_en FROM category ORDER BY code") {
            ($0.text(0), $0.text(1), $0.text(2))
        }
        var seen: [String: Int] = [:]
        return try sheet.rows { record in
            let sku = try sheet.require(record, "sku").uppercased()
            if let earlier = seen[sku] { throw ScortaError.invalid("item '\(sku)' is also on line \(earlier)") }
            seen[sku] = record.line
            let categoryText = try sheet.require(record, "category")
            guard
                let category = categories.first(where: {
                    [$0.0, $0.1, $0.2].contains { $0.lowercased() == categoryText.lowercased() }
                })
            else {
                throw ScortaError.invalid(
                    "unknown report category '\(categoryText)'"
                        + Suggestions.didYouMean(categoryText, among: categories.map(\.0)))
            }
            let cents: Int
            if let euro = sheet[record, "value"] {
                guard let parsed = Money.parseCents(euro) else {
                    throw ScortaError.invalid("value '\(euro)' must be euro with up to two decimals, e.g. 2,50")
                }
                cents = parsed
            } else {
                let text = try sheet.require(record, "value_cents")
                guard let parsed = Int(text), parsed >= 0 else {
                    throw ScortaError.invalid("value_cents '\(text)' must be a whole number of cents")
                }
                cents = parsed
            }
            let grams = try sheet[record, "grams"].map { text -> Int in
                guard let grams = Int(text), (0...10_000_000).contains(grams) else {
                    throw ScortaError.invalid("grams '\(text)' must be a whole number")
                }
                return grams
            }
            if let gtin = sheet[record, "gtin"],
                let owner = try db.scalarText("SELECT sku FROM item WHERE gtin = ?", [gtin])
            {
                throw ScortaError.invalid("GTIN '\(gtin)' already belongs to \(owner)")
            }
            return try addItem(
                NewItem(
                    sku: sku, name: try sheet.require(record, "name"), unit: try sheet.require(record, "unit"),
                    category: category.0, valueCents: cents, gtin: sheet[record, "gtin"], netGrams: grams),
                valueFrom: date, operatorName: operatorName)
        }
    }
}
