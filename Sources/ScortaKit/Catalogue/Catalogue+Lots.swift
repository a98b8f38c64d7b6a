extension Catalogue {
    /// The lots of (item, code) pairs; both engines name a VALUES list's columns column1, column2…
    static let findLots = BatchedSQL(
        "SELECT l.id, l.item_id, l.code, l.expiry FROM (", row: "(CAST(? AS BIGINT), ?)",
        ") v JOIN lot l ON l.item_id = v.column1 AND l.code = v.column2")
    static let insertLots = BatchedSQL(
        "INSERT INTO lot(item_id, code, expiry, recipe_id)", row: "(?, ?, ?, ?)", " RETURNING id, item_id, code")

    /// A lot a posting needs by item and code: found when it exists, else created.
    /// The item's id and SKU, not the whole item: a bulk receipt holds one per row.
    public struct LotRequest: Sendable {
        public let itemID: Int64
        public let sku: String
        public let code: String
        public let expiry: CivilDate?
        public let recipeID: Int64?

        public init(item: Item, code: String, expiry: CivilDate?, recipeID: Int64? = nil) {
            self.itemID = item.id
            self.sku = item.sku
            self.code = code
            self.expiry = expiry
            self.recipeID = recipeID
        }
    }

    /// The lot with this code, created when new. An existing lot keeps its
    /// expiry: a different one is refused rather than silently changed.
    /// `beforeCreating` may refuse a code that would be a new lot.
    public func ensureLot(
        item: Item, code: String, expiry: CivilDate?, recipeID: Int64? = nil,
        beforeCreating: () throws -> Void = {}
    ) throws -> Int64 {
        try ensureLots([LotRequest(item: item, code: code, expiry: expiry, recipeID: recipeID)]) { _ in
            try beforeCreating()
        }[0]
    }

    /// The lots of many lines, in their order, as `ensureLot` would give them
    /// one after the other (the same lot named twice is created once, and a
    /// second expiry that differs is refused), but in a few statements: one
    /// look-up of all the codes, one insert of the new lots, their chain
    /// records sealed from the values just inserted. A bulk receipt creates a
    /// lot on every row; one statement each was a third of its time.
    /// `beforeCreating(index)` may refuse request `index` when it would be a
    /// new lot; nothing is written until every request has passed.
    public func ensureLots(_ requests: [LotRequest], beforeCreating: (Int) throws -> Void = { _ in }) throws
        -> [Int64]
    {
        struct Key: Hashable {
            let item: Int64
            let code: String
        }
        var known: [Key: (id: Int64?, expiry: CivilDate?)] = [:]
        var seen = Set<Key>()
        let keys = requests.map { Key(item: $0.itemID, code: $0.code) }.filter { seen.insert($0).inserted }
        seen = []
        // In slices of one statement's rows, so a 100,000-row receipt never holds all its values at once.
        for slice in keys.chunks(of: BatchedSQL.maximumRows) {
            try db.runBatched(Catalogue.findLots, values: slice.flatMap { [.integer($0.item), .text($0.code)] }) {
                row in
                known[Key(item: row.int64(1), code: row.text(2))] = (
                    row.int64(0), try row.optionalText(3).map { try CivilDate(parsing: $0) }
                )
            }
        }
        var new: [LotRequest] = []
        for (index, request) in requests.enumerated() {
            let key = Key(item: request.itemID, code: request.code)
            if let existing = known[key] {
                if let expiry = request.expiry, existing.expiry != expiry {
                    throw ScortaError.invalid(
                        "lot '\(request.code)' of \(request.sku) already exists with expiry \(existing.expiry?.description ?? "none"), not \(expiry)"
                    )
                }
                continue
            }
            try beforeCreating(index)
            known[key] = (nil, request.expiry)
            new.append(request)
        }
        func values(_ request: LotRequest) -> [SQLValue] {
            [
                .integer(request.itemID), .text(request.code), request.expiry?.description.sqlValue ?? .null,
                request.recipeID.sqlValue
            ]
        }
        for slice in new.chunks(of: BatchedSQL.maximumRows) {
            try db.runBatched(Catalogue.insertLots, values: slice.flatMap(values)) {
                known[Key(item: $0.int64(1), code: $0.text(2))]?.id = $0.int64(0)
            }
            // Sealed from what was just inserted, in id order (the order inserted).
            let sealed = try slice.map { request -> (Int64, [SQLValue]) in
                guard let id = known[Key(item: request.itemID, code: request.code)]?.id else {
                    throw ScortaError.invalid("lot '\(request.code)' of \(request.sku) was not created")
                }
                return (id, [.integer(id)] + values(request))
            }
            try HashChain.sealInserted(.lot, rows: sealed.sorted { $0.0 < $1.0 }.map(\.1), in: db)
        }
        return requests.map { known[Key(item: $0.itemID, code: $0.code)]?.id ?? Lot.noLot }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
