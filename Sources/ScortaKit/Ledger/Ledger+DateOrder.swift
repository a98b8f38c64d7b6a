/// The ledger holds in date order: for every (location, item, lot) the running
/// balance in date order, then posting order, never goes below zero. A line
/// that takes stock out on a date lowers every later point of that running
/// balance, so it is judged against the lowest of them, read from `stock_day`
/// (one row per key and day with movements). A line dated today has no later
/// days: the check is one empty index range and the conditional decrement.
extension Ledger {
    /// One day of movements of a key: net change and the lowest running total
    /// within the day relative to its start (posting order).
    struct StockDay {
        let date: String
        let net: Int
        let low: Int
    }

    /// How much of a key can leave on a date, and why not more.
    struct DatedLimit {
        /// What can leave on `date` without any point from then on going below zero.
        let available: Int
        /// The running balance at the end of `date` (before the new line).
        let onDate: Int
        /// Later days with their running balance at the start of each.
        let later: [(day: StockDay, start: Int)]
    }

    /// Records one side of a line in `stock_day`. The line is the last of its
    /// day in posting order (it has the highest id), so the day's low is the
    /// old low or the new net, whichever is lower (a CASE, because SQLite's
    /// two-argument min is PostgreSQL's LEAST; the table-qualified columns
    /// are what PostgreSQL needs in an upsert and SQLite accepts).
    func recordDay(location: Int64, item: Int64, lot: Int64, date: CivilDate, change: Int) throws {
        try db.write(
            """
            INSERT INTO stock_day(location_id, item_id, lot_id, date, net, low) VALUES (?1, ?2, ?3, ?4, ?5, ?5)
            ON CONFLICT(location_id, item_id, lot_id, date) DO UPDATE SET net = stock_day.net + excluded.net,
                low = CASE WHEN stock_day.low < stock_day.net + excluded.net THEN stock_day.low ELSE stock_day.net + excluded.net END
            """, [location, item, lot, date.description, change])
    }

    /// Days with movements of a key after `date`, in date order.
    func laterDays(location: Int64, item: Int64, lot: Int64, after date: CivilDate) throws -> [StockDay] {
        try db.prepare(Ledger.laterDaysSQL).map([location, item, lot, date.description]) {
            StockDay(date: $0.text(0), net: $0.int(1), low: $0.int(2))
        }
        .sorted { $0.date.utf8.lexicographicallyPrecedes($1.date.utf8) }
    }

    /// In no order: the days are put in order here, by their bytes (ISO dates). A server's new
    /// connection sorting text the first time goes through every operator class for the type's
    /// default ordering (0.5 M instructions), which a one-shot transfer or checkout no longer pays:
    /// nothing else it asks sorts text (`PointsRules.loadSQL`, `Cards.periodsSQL`).
    static let laterDaysSQL: StaticString =
        "SELECT date, net, low FROM stock_day WHERE location_id = ? AND item_id = ? AND lot_id = ? AND date > ?"

    /// The lowest point of the running balance from the end of `date` on,
    /// worked back from today's balance (`balance` when the caller has just
    /// read it); nil when nothing is dated later (then today's balance is
    /// the only point that matters).
    func datedLimit(location: Int64, item: Int64, lot: Int64, on date: CivilDate, balance: Int? = nil) throws
        -> DatedLimit?
    {
        if balance == nil {
            // The later days and today's balance in one round trip on a server (the balance
            // is wanted only when there are later days, and costs nothing more asked with them).
            try db.readAhead([
                (Ledger.laterDaysSQL.description, [location, item, lot, date.description]),
                (Ledger.availableSQL.description, [location, item, lot])
            ])
        }
        let days = try laterDays(location: location, item: item, lot: lot, after: date)
        guard !days.isEmpty else { return nil }
        var end = try balance ?? available(location: location, item: item, lot: lot)
        var later: [(day: StockDay, start: Int)] = []
        var lowest = Int.max
        for day in days.reversed() {
            let start = end - day.net
            lowest = min(lowest, start + day.low)
            later.append((day, start))
            end = start
        }
        return DatedLimit(available: min(end, lowest), onDate: end, later: later.reversed())
    }

    /// What can leave a key on `date`: today's balance when nothing is dated
    /// later, else the lowest running balance from then on.
    func availableOn(_ date: CivilDate, location: Int64, item: Int64, lot: Int64, balance: Int? = nil) throws -> Int {
        if let limit = try datedLimit(location: location, item: item, lot: lot, on: date, balance: balance) {
            return max(0, limit.available)
        }
        return try balance ?? available(location: location, item: item, lot: lot)
    }

    /// What of an item can leave a location on `date`, all lots together:
    /// each lot's lowest running balance from then on (today: the stock on hand).
    ///
    /// With `upTo`, lots are read first-expiry-first, as an unnamed lot is taken, only until
    /// they hold that much, and at most `upTo` is returned: whether a line of that size can
    /// leave, without reading every lot of a long-stocked item, nor their later days (one query a
    /// lot, a few hundred lots after years of receipts): the lots are read a page at a time.
    public func available(on date: CivilDate, location: Int64, item: Int64, upTo limit: Int = .max) throws -> Int {
        var total = 0
        var lots = PickingLots(location: location, item: item)
        var index = 0
        while total < limit, let held = try lots.lot(index, in: db) {
            index += 1
            total += min(
                held.quantity,
                try availableOn(date, location: location, item: item, lot: held.lot, balance: held.quantity))
        }
        return min(total, limit)
    }

    /// The running balance of a key at the end of `date`: today's balance
    /// less what later days moved (what a count dated then should have found).
    public func balance(on date: CivilDate, location: Int64, item: Int64, lot: Int64) throws -> Int {
        let later =
            try db.scalar(
                """
                SELECT coalesce(sum(net), 0) FROM stock_day WHERE location_id = ? AND item_id = ? AND lot_id = ? AND date > ?
                """, [location, item, lot, date.description]) ?? 0
        return try available(location: location, item: item, lot: lot) - Int(later)
    }

    // MARK: - Refusals that name the date and the document

    /// The refusal of `requested` units leaving a key on `date`: the date it
    /// would first go negative and the document there (a later one), or, when
    /// it is short on the date itself, the later document that brings stock in.
    func datedShortage(
        item itemID: Int64, lot lotID: Int64, location locationID: Int64, date: CivilDate,
        requested: Int, limit: DatedLimit, promised: Int = 0
    ) throws -> String {
        let what = try stockName(item: itemID, lot: lotID, location: locationID)
        let onDate = limit.onDate - promised
        if onDate < requested {
            var hint = ""
            if let incoming = try firstIncoming(
                location: locationID, item: itemID, lot: lotID, days: limit.later.map(\.day))
            {
                hint =
                    " (\(incoming.number) \(incoming.type == DocumentType.receipt.rawValue ? "receives it" : "brings it in") on \(incoming.date))"
            }
            return
                "not enough stock of \(what) on \(date): \(max(0, onDate)) available then\(hint), \(requested) requested"
        }
        for (day, start) in limit.later where start - promised + day.low < requested {
            let document = try firstBelow(
                location: locationID, item: itemID, lot: lotID, date: day.date,
                start: start - promised, requested: requested)
            return "not enough stock of \(what) on \(date): \(max(0, limit.available - promised)) available then "
                + "(it would go negative on \(day.date)\(document.map { " at " + $0 } ?? "")), \(requested) requested"
        }
        return
            "not enough stock of \(what) on \(date): \(max(0, limit.available - promised)) available then, \(requested) requested"
    }

    func stockName(item itemID: Int64, lot lotID: Int64?, location locationID: Int64) throws -> String {
        let item = try catalogue.item(id: itemID)
        let location = try catalogue.location(id: locationID)
        var lotText = ""
        if let lotID, lotID != Lot.noLot, let lot = try catalogue.lot(id: lotID) { lotText = " lot \(lot.code)" }
        return "\(item.sku)\(lotText) at \(location.code)"
    }

    /// A key's lines on one date in posting order, as signed quantities.
    private func linesOn(_ date: String, location: Int64, item: Int64, lot: Int64) throws -> [(
        number: String, type: String, change: Int
    )] {
        try db.query(
            """
            SELECT d.number, d.type, CASE WHEN l.to_location_id = ?1 THEN l.quantity ELSE -l.quantity END
            FROM document d JOIN document_line l ON l.document_id = d.id
            WHERE d.date = ?4 AND l.item_id = ?2 AND l.lot_id = ?3 AND (l.to_location_id = ?1 OR l.from_location_id = ?1)
            ORDER BY l.id
            """, [location, item, lot, date]
        ) { ($0.text(0), $0.text(1), $0.int(2)) }
    }

    /// The document on `date` after which the running balance, less `requested`, is first below zero.
    func firstBelow(location: Int64, item: Int64, lot: Int64, date: String, start: Int, requested: Int) throws
        -> String?
    {
        var running = start
        for line in try linesOn(date, location: location, item: item, lot: lot) {
            running += line.change
            if running - requested < 0 { return line.number }
        }
        return nil
    }

    /// The first later document that brings stock of the key in.
    private func firstIncoming(location: Int64, item: Int64, lot: Int64, days: [StockDay]) throws -> (
        number: String, type: String, date: String
    )? {
        for day in days {
            if let line = try linesOn(day.date, location: location, item: item, lot: lot).first(where: { $0.change > 0 }
            ) {
                return (line.number, line.type, day.date)
            }
        }
        return nil
    }
}
