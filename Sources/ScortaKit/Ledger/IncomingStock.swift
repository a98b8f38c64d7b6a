/// Stock a document brings in and `Ledger.post` has not written yet: per
/// key (location, item, lot) the total and the first line's quantity, in the
/// order first seen. Written as two multi-row upserts (balances, the day's
/// movement in `stock_day`) instead of two statements a line: a receipt of
/// 100,000 new lots had 200,000 of them.
///
/// Only lines bringing stock in gather here, and the poster writes them
/// before any stock leaves, so a key's gathered quantities are all positive
/// and follow each other in posting order. Their running total within the
/// day therefore falls lowest right after the first of them: the day's low
/// is the old low or the old net plus the first quantity, whichever is lower,
/// as writing them one by one (`recordDay`) would leave it.
///
/// A key whose lot the document itself creates has no balance and no day yet: on the first
/// write its rows are plain inserts. An upsert's update part may abort the statement, which
/// makes SQLite keep a statement journal for it (see `Database.withoutStatementJournal`).
struct IncomingStock {
    struct Key: Hashable {
        let location: Int64
        let item: Int64
        let lot: Int64
    }

    /// Each key once per statement: PostgreSQL refuses an upsert that touches a row twice.
    static let addToBalances = BatchedSQL(
        "INSERT INTO balance(location_id, item_id, lot_id, quantity, pick_expiry)", row: "(?, ?, ?, ?, ?)",
        " ON CONFLICT(location_id, item_id, lot_id) DO UPDATE SET quantity = balance.quantity + excluded.quantity")
    /// `low` carries the first quantity (see above); table-qualified columns and a CASE as in `recordDay`.
    static let addToDays = BatchedSQL(
        "INSERT INTO stock_day(location_id, item_id, lot_id, date, net, low)", row: "(?, ?, ?, ?, ?, ?)",
        " ON CONFLICT(location_id, item_id, lot_id, date) DO UPDATE SET net = stock_day.net + excluded.net, "
            + "low = CASE WHEN stock_day.low < stock_day.net + excluded.low THEN stock_day.low "
            + "ELSE stock_day.net + excluded.low END")
    /// The same for keys of lots the document creates, which have no rows yet.
    static let insertBalances = BatchedSQL(
        "INSERT INTO balance(location_id, item_id, lot_id, quantity, pick_expiry)", row: "(?, ?, ?, ?, ?)")
    static let insertDays = BatchedSQL(
        "INSERT INTO stock_day(location_id, item_id, lot_id, date, net, low)", row: "(?, ?, ?, ?, ?, ?)")

    private var keys: [Key] = []
    /// Keys of lots the document creates, gathered apart while nothing has been written.
    private var newKeys: [Key] = []
    private var quantities: [Key: (total: Int, first: Int, pickExpiry: Int64)] = [:]
    /// Once something was written, a created lot's key may have rows: upserted like any other.
    private var written = false

    /// `pickExpiry`: the lot's picking key, written only when the balance row is new.
    /// `newLot`: the lot is one the document creates.
    mutating func add(location: Int64, item: Int64, lot: Int64, quantity: Int, pickExpiry: Int64, newLot: Bool = false)
    {
        let key = Key(location: location, item: item, lot: lot)
        // One hash of the key whether it is new or not (a receipt brings in a key a line).
        let gathered = quantities.count
        quantities[key, default: (0, quantity, pickExpiry)].total += quantity
        if quantities.count > gathered {
            if newLot && !written { newKeys.append(key) } else { keys.append(key) }
        }
    }

    /// Writes what was gathered, dated `date`, and starts again empty.
    mutating func write(on date: CivilDate, in db: Database) throws {
        guard !keys.isEmpty || !newKeys.isEmpty else { return }
        written = true
        let day = SQLValue.text(date.description)
        try write(&newKeys, on: day, balances: IncomingStock.insertBalances, days: IncomingStock.insertDays, in: db)
        try write(&keys, on: day, balances: IncomingStock.addToBalances, days: IncomingStock.addToDays, in: db)
        quantities.removeAll(keepingCapacity: true)
    }

    private func write(
        _ keys: inout [Key], on day: SQLValue, balances addBalances: BatchedSQL, days addDays: BatchedSQL,
        in db: Database
    ) throws {
        guard !keys.isEmpty else { return }
        // In the tables' key order: a statement's rows then go into a few neighbouring b-tree
        // pages instead of one page each, and SQLite keeps a copy of every page a statement
        // changes (a receipt's lines name items at random). Each key's row is the same in any order.
        keys.sort { ($0.location, $0.item, $0.lot) < ($1.location, $1.item, $1.lot) }
        // In slices of one statement's rows: a receipt of 100,000 lots never holds all its values at once.
        for slice in keys.chunks(of: BatchedSQL.maximumRows) {
            var balances: [SQLValue] = []
            var days: [SQLValue] = []
            balances.reserveCapacity(5 * slice.count)
            days.reserveCapacity(6 * slice.count)
            for key in slice {
                guard let gathered = quantities[key] else { continue }
                let (location, item, lot) = (
                    SQLValue.integer(key.location), SQLValue.integer(key.item), SQLValue.integer(key.lot)
                )
                let total = SQLValue.integer(Int64(gathered.total))
                // One value at a time: no array made and freed a key.
                balances.append(location)
                balances.append(item)
                balances.append(lot)
                balances.append(total)
                balances.append(.integer(gathered.pickExpiry))
                days.append(location)
                days.append(item)
                days.append(lot)
                days.append(day)
                days.append(total)
                days.append(.integer(Int64(gathered.first)))
            }
            try db.writeBatched(addBalances, values: balances)
            try db.writeBatched(addDays, values: days)
        }
        keys.removeAll(keepingCapacity: true)
    }
}
