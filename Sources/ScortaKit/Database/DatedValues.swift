/// A per-item figure that changes over time, kept as rows valid from a date
/// (unit values in euro cents, market prices in points). A new row never
/// rewrites what was true before it, so earlier documents keep their figures.
/// `table` has columns item_id, valid_from, `column`, recorded_at, operator
/// and a unique key on (item_id, valid_from).
struct DatedValues {
    let db: Database
    let table: String
    let column: String

    /// The figure in force on `date`, or nil when none is set by then.
    func value(itemID: Int64, on date: CivilDate) throws -> Int? {
        try db.cachedStatement("SELECT \(column) FROM \(table) WHERE item_id = ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1")
            .scalar([itemID, date.description]).map(Int.init)
    }

    /// Records `value` from `date` on; setting the same date again corrects it.
    func set(itemID: Int64, _ value: Int, from date: CivilDate, operatorName: String) throws {
        try db.cachedStatement("""
            INSERT INTO \(table)(item_id, valid_from, \(column), recorded_at, operator) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT(item_id, valid_from) DO UPDATE SET \(column) = excluded.\(column), recorded_at = excluded.recorded_at,
                                                          operator = excluded.operator
            """).run([itemID, date.description, value, Clock.timestamp(), operatorName])
    }
}
