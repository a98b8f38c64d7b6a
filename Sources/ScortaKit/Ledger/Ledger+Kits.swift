extension Ledger {
    /// Assembles `quantity` kits at a warehouse in one document: components
    /// out (first-expiry-first-out), kit units in as a new kit lot that
    /// remembers the recipe version used. The kit lot expires with its
    /// earliest-expiring component. The lot code defaults to the document number.
    @discardableResult
    public func assemble(
        kit sku: String, quantity: Int, at locationCode: String, lotCode: String? = nil,
        context: PostingContext
    ) throws -> PostedDocument {
        try db.inSavepoint {
            guard quantity > 0 else { throw ScortaError.invalid("the number of kits must be positive") }
            let kit = try catalogue.item(sku: sku)
            let recipe = try catalogue.currentRecipe(kit: kit)
            let location = try catalogue.location(code: locationCode)
            try requireActive(location)
            var draft = context.draft(.assembly)
            draft.locationID = location.id
            draft.lines = recipe.components.map {
                .init(itemID: $0.itemID, lotID: nil, quantity: $0.quantity * quantity, from: location.id, to: nil)
            }
            let picked = try resolveLots(draft.lines, on: context.date)
            var expiry: CivilDate?
            for line in picked {
                if let lotID = line.lotID, let lotExpiry = try catalogue.lot(id: lotID)?.expiry {
                    expiry = min(expiry ?? lotExpiry, lotExpiry)
                }
            }
            let code = try lotCode ?? nextNumber(.assembly, year: context.date.year, consume: false)
            if let lotCode { try Catalogue.validateCode(lotCode, what: "lot") }
            guard try catalogue.lot(itemID: kit.id, code: code) == nil else {
                throw ScortaError.invalid("lot '\(code)' of \(kit.sku) already exists")
            }
            let kitLot = try catalogue.ensureLot(item: kit, code: code, expiry: expiry, recipeID: recipe.id)
            draft.lines =
                picked + [.init(itemID: kit.id, lotID: kitLot, quantity: quantity, from: nil, to: location.id)]
            draft.reference = draft.reference ?? "\(kit.sku) v\(recipe.version)"
            return try post(draft)
        }
    }

    /// Takes kits of one lot apart: kit units out, components back in, by the
    /// recipe that lot was built with and into the lots the assembly consumed.
    @discardableResult
    public func disassemble(
        kit sku: String, lot lotCode: String, quantity: Int, at locationCode: String,
        context: PostingContext
    ) throws -> PostedDocument {
        try db.inSavepoint {
            guard quantity > 0 else { throw ScortaError.invalid("the number of kits must be positive") }
            let kit = try catalogue.item(sku: sku)
            guard kit.isKit else { throw ScortaError.invalid("item '\(kit.sku)' is not a kit") }
            guard let lot = try catalogue.lot(itemID: kit.id, code: lotCode), let recipeID = lot.recipeID else {
                throw ScortaError.invalid("kit lot '\(lotCode)' of \(kit.sku) does not exist")
            }
            let recipe = try catalogue.recipe(id: recipeID)
            let location = try catalogue.location(code: locationCode)
            // Lots the assembly took each component from, in the order it took them.
            let consumed = try db.query(
                """
                SELECT l.item_id, l.lot_id, l.quantity FROM document_line l
                WHERE l.document_id = (SELECT document_id FROM document_line WHERE item_id = ?1 AND lot_id = ?2 AND from_location_id IS NULL
                                       ORDER BY id LIMIT 1)
                  AND l.from_location_id IS NOT NULL AND l.to_location_id IS NULL
                ORDER BY l.id
                """, [kit.id, lot.id]
            ) { ($0.int64(0), $0.int64(1), $0.int(2)) }
            var draft = context.draft(.disassembly)
            draft.locationID = location.id
            draft.reference = "\(kit.sku) \(lot.code) v\(recipe.version)"
            draft.lines = [.init(itemID: kit.id, lotID: lot.id, quantity: quantity, from: location.id, to: nil)]
            for component in recipe.components {
                var remaining = component.quantity * quantity
                for (item, componentLot, taken) in consumed where item == component.itemID && remaining > 0 {
                    let back = min(taken, remaining)
                    draft.lines.append(
                        .init(itemID: item, lotID: componentLot, quantity: back, from: nil, to: location.id))
                    remaining -= back
                }
                if remaining > 0 {
                    draft.lines.append(
                        .init(
                            itemID: component.itemID, lotID: Lot.noLot, quantity: remaining, from: nil, to: location.id)
                    )
                }
            }
            return try post(draft)
        }
    }
}
