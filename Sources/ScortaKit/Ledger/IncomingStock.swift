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
    private var quantities: [Key: (total: Int, first: Int, pickExpiry: Int64)] = [:]
    /// Lines bringing in lots the document creates, in line order, while nothing has been written:
    /// gathered without a dictionary (a receipt of 100,000 new lots hashed each key twice and grew
    /// the dictionary 17 times, a tenth of its CPU; 2 December 2026), summed per key once sorted.
    private var newLotLines: [(key: Key, quantity: Int, pickExpiry: Int64)] = []
    /// Once something was written, a created lot's key may have rows: upserted like any other.
    private var written = false

    /// One key's row: its total, its first line's quantity, its lot's picking key.
    private struct Gathered {
        let key: Key
        var total: Int
        let first: Int
        let pickExpiry: Int64
    }

    /// `pickExpiry`: the lot's picking key, written only when the balance row is new.
    /// `newLot`: the lot is one the document creates.
    mutating func add(location: Int64, item: Int64, lot: Int64, quantity: Int, pickExpiry: Int64, newLot: Bool = false)
    {
        let key = Key(location: location, item: item, lot: lot)
        if newLot && !written {
            newLotLines.append((key, quantity, pickExpiry))
            return
        }
        // One hash of the key whether it is new or not (a receipt brings in a key a line).
        let gathered = quantities.count
        quantities[key, default: (0, quantity, pickExpiry)].total += quantity
        if quantities.count > gathered { keys.append(key) }
    }

    /// Writes what was gathered, dated `date`, and starts again empty.
    mutating func write(on date: CivilDate, in db: Database) throws {
        guard !keys.isEmpty || !newLotLines.isEmpty else { return }
        written = true
        let day = SQLValue.text(date.description)
        if !newLotLines.isEmpty {
            // Sorted by key, then by line (the sort is not promised stable): each key's lines
            // follow each other, its first line first.
            let order = newLotLines.indices.sorted {
                let (a, b) = (newLotLines[$0].key, newLotLines[$1].key)
                return (a.location, a.item, a.lot, $0) < (b.location, b.item, b.lot, $1)
            }
            var rows: [Gathered] = []
            rows.reserveCapacity(order.count)
            for index in order {
                let line = newLotLines[index]
                if let last = rows.last, last.key == line.key {
                    rows[rows.count - 1].total += line.quantity
                } else {
                    rows.append(
                        Gathered(key: line.key, total: line.quantity, first: line.quantity, pickExpiry: line.pickExpiry)
                    )
                }
            }
            newLotLines.removeAll()
            try IncomingStock.write(
                rows, on: day, balances: IncomingStock.insertBalances, days: IncomingStock.insertDays, in: db)
        }
        guard !keys.isEmpty else { return }
        // In the tables' key order: a statement's rows then go into a few neighbouring b-tree
        // pages instead of one page each, and SQLite keeps a copy of every page a statement
        // changes (a receipt's lines name items at random). Each key's row is the same in any order.
        keys.sort { ($0.location, $0.item, $0.lot) < ($1.location, $1.item, $1.lot) }
        let rows = keys.compactMap { key in
            quantities[key].map { Gathered(key: key, total: $0.total, first: $0.first, pickExpiry: $0.pickExpiry) }
        }
        keys.removeAll(keepingCapacity: true)
        quantities.removeAll(keepingCapacity: true)
        try IncomingStock.write(
            rows, on: day, balances: IncomingStock.addToBalances, days: IncomingStock.addToDays, in: db)
    }

    /// `rows` in key order, by `addBalances` and `addDays`.
    private static func write(
        _ rows: [Gathered], on day: SQLValue, balances addBalances: BatchedSQL, days addDays: BatchedSQL,
        in db: Database
    ) throws {
        // In slices of one statement's rows: a receipt of 100,000 lots never holds all its values at once.
        for slice in rows.chunks(of: BatchedSQL.maximumRows) {
            var balances: [SQLValue] = []
            var days: [SQLValue] = []
            balances.reserveCapacity(5 * slice.count)
            days.reserveCapacity(6 * slice.count)
            for gathered in slice {
                let key = gathered.key
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
    }
}
