extension Lot {
    /// A balance's picking key for a lot's expiry (`balance.pick_expiry`, see
    /// `Schema.balancePicking`): YYYYMMDD, and after every date for no expiry.
    static func pickExpiry(_ expiry: CivilDate?) -> Int64 {
        guard let expiry else { return Lot.noExpiryPick }
        return Int64(expiry.year * 10_000 + expiry.month * 100 + expiry.day)
    }

    /// The key of a lot without expiry and of the no-lot key: after 9999-12-31.
    static let noExpiryPick: Int64 = 99_999_999
}

extension Ledger {
    /// An item's lots with stock at one location in picking order (earliest
    /// expiry first, then lots without expiry, oldest lot first within a tie),
    /// read from the balances' picking index a page at a time: a line reads
    /// the lots it takes and a few more, whether the location holds 3 lots of
    /// the item or 300. Reading them all is for the refusals, which run once.
    ///
    /// The lots read stay valid while nothing is written to the balances (a
    /// checkout judges its basket on them and its posting picks from them).
    struct PickingLots {
        typealias Held = (lot: Int64, quantity: Int, pickExpiry: Int64)
        let location: Int64
        let item: Int64
        private(set) var read: [Held] = []
        /// Every lot with stock has been read.
        private(set) var complete = false

        /// Most lines are served by their first lot or two; a page after it
        /// means a line takes many small lots, which more at a time serves better.
        static let firstPage = 4
        static let nextPage = 32

        init(location: Int64, item: Int64) {
            self.location = location
            self.item = item
        }

        /// The first page's statement and values, asked ahead in a checkout's round trip
        /// exactly as `lot(_:in:)` then asks them (a server answers a read only when it is identical).
        var firstRead: (sql: String, values: [any SQLBindable]) {
            (Ledger.firstLotsSQL.description, [location, item, Self.firstPage])
        }

        /// The lot at `index` in picking order, nil once there is none.
        mutating func lot(_ index: Int, in db: Database) throws -> Held? {
            while index >= read.count, !complete { try readPage(db) }
            return index < read.count ? read[index] : nil
        }

        /// Every lot with stock, in picking order.
        mutating func all(in db: Database) throws -> [Held] {
            while !complete { try readPage(db) }
            return read
        }

        private mutating func readPage(_ db: Database) throws {
            let limit: Int
            let page: [Held]
            if let last = read.last {
                limit = Self.nextPage
                page = try db.query(Ledger.nextLotsSQL, [location, item, last.pickExpiry, last.lot, limit]) {
                    ($0.int64(0), $0.int(1), $0.int64(2))
                }
            } else {
                limit = Self.firstPage
                page = try db.query(Ledger.firstLotsSQL, [location, item, limit]) {
                    ($0.int64(0), $0.int(1), $0.int64(2))
                }
            }
            read += page
            complete = page.count < limit
        }
    }

    /// The first lots of an item with stock at a location in picking order (location, item, how many).
    /// `quantity > 0` as the index's own condition, so that the partial index serves it.
    static let firstLotsSQL: StaticString = """
        SELECT lot_id, quantity, pick_expiry FROM balance
        WHERE location_id = ?1 AND item_id = ?2 AND quantity > 0
        ORDER BY pick_expiry, lot_id LIMIT ?3
        """

    /// The lots after a given one (its key, its id) in picking order.
    static let nextLotsSQL: StaticString = """
        SELECT lot_id, quantity, pick_expiry FROM balance
        WHERE location_id = ?1 AND item_id = ?2 AND quantity > 0 AND (pick_expiry, lot_id) > (?3, ?4)
        ORDER BY pick_expiry, lot_id LIMIT ?5
        """

    /// Lots with stock at a location, in picking order: earliest expiry first,
    /// then lots without expiry, oldest lot first within a tie. All of them:
    /// for what lists or counts every lot; picking reads `PickingLots` instead.
    public func lotsFirstExpiry(location: Int64, item: Int64) throws -> [(lot: Int64, quantity: Int)] {
        var lots = PickingLots(location: location, item: item)
        return try lots.all(in: db).map { ($0.lot, $0.quantity) }
    }

    /// A lot's picking key, for a balance row a line makes: the no-lot key and
    /// lots without expiry last; `known` holds the keys already read or looked up.
    func pickExpiry(of lot: Int64, known: inout [Int64: Int64]) throws -> Int64 {
        guard lot != Lot.noLot else { return Lot.noExpiryPick }
        if let key = known[lot] { return key }
        let expiry = try db.scalarText("SELECT expiry FROM lot WHERE id = ?", [lot])
        let key = try Lot.pickExpiry(expiry.map { try CivilDate(parsing: $0) })
        known[lot] = key
        return key
    }
}
