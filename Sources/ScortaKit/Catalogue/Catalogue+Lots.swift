extension Catalogue {
    /// The lots of (item, code) pairs; both engines name a VALUES list's columns column1, column2…
    static let findLots = BatchedSQL(
        "SELECT l.id, l.item_id, l.code, l.expiry FROM (", row: "(CAST(? AS BIGINT), ?)",
        ") v JOIN lot l ON l.item_id = v.column1 AND l.code = v.column2")
    /// SQLite: the ids given (see `createLots`).
    static let insertLotsWithIDs = BatchedSQL(
        "INSERT INTO lot(id, item_id, code, expiry, recipe_id, document_id)", row: "(?, ?, ?, ?, ?, ?)")
    /// The same for lots not looked up first (see `LotsNotLookedUp`): one that exists is left as it is.
    static let insertLotsWithIDsSkippingExisting = BatchedSQL(
        "INSERT INTO lot(id, item_id, code, expiry, recipe_id, document_id)", row: "(?, ?, ?, ?, ?, ?)",
        " ON CONFLICT(item_id, code) DO NOTHING")

    /// Thrown by `createLots(_:sealedBy:unlooked:)` when a lot taken for new
    /// exists after all: the caller rolls back and looks its lots up first.
    struct LotsNotLookedUp: Error {}
    static let insertLots = BatchedSQL(
        "INSERT INTO lot(item_id, code, expiry, recipe_id, document_id)", row: "(?, ?, ?, ?, ?)",
        " RETURNING id, item_id, code")

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
        let (choices, new) = try lookUpLots(requests, beforeCreating: beforeCreating)
        let created = try createLots(new, sealedBy: nil)
        return choices.map {
            switch $0 {
            case .existing(let id): id
            case .new(let index): created[index]
            }
        }
    }

    /// A lot's natural key: its item and code.
    struct LotKey: Hashable {
        let item: Int64
        let code: String
    }

    /// Where a requested lot comes from: a lot that exists, or the new lot at
    /// this index of the list `lookUpLots` returns.
    public enum LotChoice: Sendable, Equatable {
        case existing(Int64)
        case new(Int)
    }

    /// The lots of many lines looked up in one go, without creating any:
    /// each request's lot, and the lots to create (each once, in the order
    /// first requested). An existing lot keeps its expiry: a different one is
    /// refused. `beforeCreating(index)` may refuse request `index` when it
    /// would be a new lot.
    ///
    /// `assumingNew` takes every lot for new without reading `lot` (SQLite
    /// only): `createLots(_:sealedBy:unlooked: true)` then finds out, and a
    /// lot that exists makes it throw `LotsNotLookedUp`.
    public func lookUpLots(
        _ requests: [LotRequest], assumingNew: Bool = false, beforeCreating: (Int) throws -> Void = { _ in }
    ) throws -> (choices: [LotChoice], new: [LotRequest]) {
        // Each distinct (item, code) once, in the order first requested, found by one hash a
        // request (a bulk receipt names 100,000; a set, then a dictionary read and write, took four).
        var distinctOf: [Int] = []
        distinctOf.reserveCapacity(requests.count)
        var firstOf: [LotKey: Int] = [:]
        firstOf.reserveCapacity(requests.count)
        var distinct: [LotKey] = []
        for request in requests {
            let key = LotKey(item: request.itemID, code: request.code)
            distinctOf.append(Catalogue.place(in: &firstOf[key], next: distinct.count))
            if distinctOf.last == distinct.count { distinct.append(key) }
        }
        // What each distinct key is so far: an existing lot, or a new one this call creates.
        var known: [(choice: LotChoice, expiry: CivilDate?)?] = Array(repeating: nil, count: distinct.count)
        // In slices of one statement's rows, so a 100,000-row receipt never holds all its values at once.
        var values: [SQLValue] = []
        for slice in assumingNew ? [] : distinct.chunks(of: BatchedSQL.maximumRows) {
            // Appended one by one: a two-value array a key, made and freed, was a tenth of the look-up.
            values.removeAll(keepingCapacity: true)
            values.reserveCapacity(2 * slice.count)
            for key in slice {
                values.append(.integer(key.item))
                values.append(.text(key.code))
            }
            try db.runBatched(Catalogue.findLots, values: values) { row in
                guard let place = firstOf[LotKey(item: row.int64(1), code: row.text(2))] else { return }
                known[place] = (.existing(row.int64(0)), try row.optionalText(3).map { try CivilDate(parsing: $0) })
            }
        }
        var choices: [LotChoice] = []
        choices.reserveCapacity(requests.count)
        var new: [LotRequest] = []
        for (index, request) in requests.enumerated() {
            let place = distinctOf[index]
            if let existing = known[place] {
                if let expiry = request.expiry, existing.expiry != expiry {
                    throw ScortaError.invalid(
                        "lot '\(request.code)' of \(request.sku) already exists with expiry \(existing.expiry?.description ?? "none"), not \(expiry)"
                    )
                }
                choices.append(existing.choice)
                continue
            }
            try beforeCreating(index)
            known[place] = (.new(new.count), request.expiry)
            choices.append(.new(new.count))
            new.append(request)
        }
        return (choices, new)
    }

    /// The place recorded in `slot`, or `next` recorded there when it is empty: through the
    /// dictionary's in-place accessor, one hash whether the key is new or not.
    private static func place(in slot: inout Int?, next: Int) -> Int {
        if let place = slot { return place }
        slot = next
        return next
    }

    /// Creates `new` lots (none of them exists yet) and returns their ids in
    /// order. With `document`, the lots are that document's own: sealed
    /// inside its hash (canonical form 3) when it is sealed, so a receipt's
    /// new lots add no chain record each. Without, each is sealed as a
    /// record from the values just inserted.
    ///
    /// With `unlooked` (SQLite), the lots were not looked up (`lookUpLots(assumingNew:)`): one that
    /// exists is not inserted, and then `LotsNotLookedUp` is thrown. The unique index on (item, code)
    /// is searched by the insert anyway; a look-up before it searched it twice (2,800 instructions a
    /// lot of a bulk receipt).
    func createLots(_ new: [LotRequest], sealedBy document: Int64?, unlooked: Bool = false) throws -> [Int64] {
        var ids: [Int64] = []
        ids.reserveCapacity(new.count)
        var values: [SQLValue] = []
        // On SQLite the ids are given, after the highest (what SQLite would
        // choose; the write lock is held): RETURNING made it keep every row
        // inserted in a temporary table, about 6,600 instructions a lot. A
        // server's identity column hands out its own.
        var next = db.isPostgreSQL ? nil : (try db.scalar("SELECT max(id) FROM lot") ?? 0) + 1
        precondition(!unlooked || next != nil, "only SQLite creates lots it did not look up")
        let firstNew = next
        for slice in new.chunks(of: BatchedSQL.maximumRows) {
            values.removeAll(keepingCapacity: true)
            values.reserveCapacity(6 * slice.count)
            if let first = next {
                // A receipt's lots share a few expiry dates: each written as text once.
                var lastExpiry: (date: CivilDate, text: SQLValue)?
                for (offset, request) in slice.enumerated() {
                    values.append(.integer(first + Int64(offset)))
                    values.append(.integer(request.itemID))
                    values.append(.text(request.code))
                    if let expiry = request.expiry {
                        if lastExpiry?.date != expiry { lastExpiry = (expiry, .text(expiry.description)) }
                        values.append(lastExpiry!.text)
                    } else {
                        values.append(.null)
                    }
                    values.append(request.recipeID.sqlValue)
                    values.append(document.sqlValue)
                }
                try db.writeBatched(
                    unlooked ? Catalogue.insertLotsWithIDsSkippingExisting : Catalogue.insertLotsWithIDs, values: values
                )
                let sliceIDs = (0..<Int64(slice.count)).map { first + $0 }
                next = first + Int64(slice.count)
                if document == nil { try sealRecords(of: slice, ids: sliceIDs) }
                ids += sliceIDs
                continue
            }
            for request in slice {
                values += [
                    .integer(request.itemID), .text(request.code), request.expiry?.description.sqlValue ?? .null,
                    request.recipeID.sqlValue, document.sqlValue
                ]
            }
            // Matched by (item, code): neither engine promises RETURNING rows in the order of VALUES.
            var created: [LotKey: Int64] = [:]
            created.reserveCapacity(slice.count)
            try db.runBatched(Catalogue.insertLots, values: values) {
                created[LotKey(item: $0.int64(1), code: $0.text(2))] = $0.int64(0)
            }
            let sliceIDs = try slice.map { request in
                guard let id = created[LotKey(item: request.itemID, code: request.code)] else {
                    throw ScortaError.invalid("lot '\(request.code)' of \(request.sku) was not created")
                }
                return id
            }
            if document == nil { try sealRecords(of: slice, ids: sliceIDs) }
            ids += sliceIDs
        }
        // Every id from the first new one was free: as many rows there as lots, or one existed.
        if unlooked, let firstNew,
            try db.scalar("SELECT count(*) FROM lot WHERE id >= ?", [firstNew]) ?? 0 != Int64(new.count)
        {
            throw LotsNotLookedUp()
        }
        return ids
    }

    /// New lots sealed as records of their own, from what was just inserted, in id order (the order inserted).
    private func sealRecords(of slice: ArraySlice<LotRequest>, ids: [Int64]) throws {
        let sealed = zip(ids, slice).map { id, request -> (Int64, [SQLValue]) in
            (
                id,
                [
                    .integer(id), .integer(request.itemID), .text(request.code),
                    request.expiry?.description.sqlValue ?? .null, request.recipeID.sqlValue
                ]
            )
        }
        try HashChain.sealInserted(.lot, rows: sealed.sorted { $0.0 < $1.0 }.map(\.1), in: db)
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
