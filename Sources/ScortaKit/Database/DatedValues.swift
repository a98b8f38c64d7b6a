/// A per-item figure that changes over time, kept as rows valid from a date
/// (unit values in euro cents, market prices in points). A new row never
/// rewrites what was true before it, so earlier documents keep their figures:
/// a date inside a closed period is refused, and so is a second figure for a
/// date that already has one (a report may have read it).
/// `table` has columns item_id, valid_from, `column`, recorded_at, operator
/// and a unique key on (item_id, valid_from).
struct DatedValues {
    let db: Database
    let table: String
    let column: String
    /// What the figure is called in a refusal ("unit value", "points price").
    var what = "value"
    /// How a refusal shows a figure (cents as euros, points as they are).
    var show: (Int) -> String = { String($0) }
    /// The same table as the chain knows it (a value or a price is a sealed record).
    var sealed: SealedTable { table == SealedTable.marketPrice.name ? .marketPrice : .itemValue }

    /// The figure in force on `date`, or nil when none is set by then.
    func value(itemID: Int64, on date: CivilDate) throws -> Int? {
        try db.prepare(valueSQL).scalar([itemID, date.description]).map(Int.init)
    }

    /// The figure in force on a date (the item's id, the date), as `value` and a checkout's reads ahead ask for it.
    /// A literal for each of the two tables: built from `table` and `column` at every call, then found among the
    /// prepared statements by the whole text hashed, it was half of reading a basket line's price.
    var valueSQL: StaticString {
        switch (table, column) {
        case ("market_price", "points"): DatedValues.priceSQL
        case ("item_value", "cents"): DatedValues.unitValueSQL
        default: preconditionFailure("no figure in force is read from \(table).\(column)")
        }
    }

    /// The latest row from `max`, not `ORDER BY valid_from DESC LIMIT 1`: a server's new connection
    /// sorting text the first time goes through every operator class for the type's default ordering
    /// (0.5 M instructions of a one-shot checkout; see `Ledger.laterDaysSQL`). Both engines read the
    /// maximum from the key (item_id, valid_from), then the row by the key.
    static let priceSQL: StaticString = """
        SELECT points FROM market_price WHERE item_id = ?1
            AND valid_from = (SELECT max(valid_from) FROM market_price WHERE item_id = ?1 AND valid_from <= ?2)
        """
    static let unitValueSQL: StaticString = """
        SELECT cents FROM item_value WHERE item_id = ?1
            AND valid_from = (SELECT max(valid_from) FROM item_value WHERE item_id = ?1 AND valid_from <= ?2)
        """

    /// Records `value` from `date` on. Refused inside a closed period and on
    /// a date that already has a figure, which is named.
    func set(itemID: Int64, _ value: Int, from date: CivilDate, operatorName: String) throws {
        let sku = try db.scalarText("SELECT sku FROM item WHERE id = ?", [itemID]) ?? "item \(itemID)"
        try Ledger(db).checkNotClosed(date, "a \(what) of \(sku)")
        if let existing = try db.cachedStatement(
            "SELECT \(column), recorded_at, operator FROM \(table) WHERE item_id = ? AND valid_from = ?"
        )
        .first([itemID, date.description], { ($0.int(0), $0.text(1), $0.text(2)) }) {
            throw ScortaError.refused(
                "\(sku) already has a \(what) from \(date) (\(show(existing.0)), recorded \(existing.1) by \(existing.2)): "
                    + "a \(what) once set for a date is never replaced; give a later date")
        }
        try db.cachedStatement(
            "INSERT INTO \(table)(item_id, valid_from, \(column), recorded_at, operator) VALUES (?, ?, ?, ?, ?)"
        )
        .run([itemID, date.description, value, Clock.timestamp(), operatorName])
        try HashChain.seal(sealed, key: [itemID, date.description], in: db)
    }
}
