extension Catalogue {
    /// The recipe with this id (a kit lot keeps the id of the one it was built with).
    public func recipe(id: Int64) throws -> KitRecipe {
        guard
            let head = try db.first(
                "SELECT id, kit_item_id, version, created_at FROM kit_recipe WHERE id = ?", [id],
                {
                    ($0.int64(0), $0.int64(1), $0.int(2), $0.text(3))
                })
        else { throw ScortaError.invalid("kit recipe id \(id) does not exist") }
        let components = try db.query(
            """
            SELECT k.item_id, i.sku, i.name, k.quantity FROM kit_component k JOIN item i ON i.id = k.item_id
            WHERE k.recipe_id = ? ORDER BY k.position, i.sku
            """, [id]
        ) { KitRecipe.Component(itemID: $0.int64(0), sku: $0.text(1), name: $0.text(2), quantity: $0.int(3)) }
        return KitRecipe(id: head.0, kitItemID: head.1, version: head.2, createdAt: head.3, components: components)
    }

    /// The newest recipe version of a kit; an item that is not a kit is refused.
    public func currentRecipe(kit: Item) throws -> KitRecipe {
        guard kit.isKit else { throw ScortaError.invalid("item '\(kit.sku)' is not a kit") }
        guard
            let id = try db.scalar(
                "SELECT id FROM kit_recipe WHERE kit_item_id = ? ORDER BY version DESC LIMIT 1", [kit.id])
        else {
            throw ScortaError.invalid("kit '\(kit.sku)' has no recipe yet")
        }
        return try recipe(id: id)
    }

    public func recipes(kit: Item) throws -> [KitRecipe] {
        try db.query("SELECT id FROM kit_recipe WHERE kit_item_id = ? ORDER BY version", [kit.id]) { $0.int64(0) }
            .map { try recipe(id: $0) }
    }

    /// Records a new recipe version; lots already assembled keep the old one.
    @discardableResult
    public func addRecipe(
        kit: Item, components: [(sku: String, quantity: Int)], operatorName: String, note: String? = nil
    ) throws -> KitRecipe {
        guard kit.isKit else { throw ScortaError.invalid("item '\(kit.sku)' is not a kit") }
        guard !components.isEmpty else {
            throw ScortaError.invalid("kit '\(kit.sku)': a recipe needs at least one component")
        }
        var seen = Set<String>()
        var resolved: [(Item, Int)] = []
        for component in components {
            let item = try item(sku: component.sku)
            guard !item.isKit else {
                throw ScortaError.invalid("kit '\(kit.sku)': component '\(item.sku)' is itself a kit")
            }
            guard component.quantity > 0 else {
                throw ScortaError.invalid("kit '\(kit.sku)': quantity of '\(item.sku)' must be positive")
            }
            guard seen.insert(item.sku).inserted else {
                throw ScortaError.invalid("kit '\(kit.sku)': component '\(item.sku)' is listed twice")
            }
            resolved.append((item, component.quantity))
        }
        let version = Int(
            try db.scalar("SELECT coalesce(max(version), 0) + 1 FROM kit_recipe WHERE kit_item_id = ?", [kit.id]) ?? 1)
        let recipeID = try db.insert(
            "INSERT INTO kit_recipe(kit_item_id, version, created_at, operator, note) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [kit.id, version, Clock.timestamp(), operatorName, note])
        try HashChain.seal(.kitRecipe, key: [recipeID], in: db)
        for (position, (item, quantity)) in resolved.enumerated() {
            try db.run(
                "INSERT INTO kit_component(recipe_id, item_id, quantity, position) VALUES (?, ?, ?, ?)",
                [recipeID, item.id, quantity, position + 1])
        }
        try HashChain.seal(.kitComponent, where: "recipe_id = ?", [recipeID], in: db)
        return try recipe(id: recipeID)
    }
}
