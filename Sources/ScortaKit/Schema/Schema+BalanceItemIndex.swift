extension Schema {
    /// The index of balances by item goes. A bulk receipt wrote an entry a new lot into it (3,100
    /// of the 80,000 instructions a line), and one query read it: an item's stock at every
    /// location (`stock --item` without `--at`), which now searches the balances' key (location,
    /// item, lot) once a location instead (`EXPLAIN QUERY PLAN`: no scan). Every other reading of
    /// balances names the location, or reads them all (`check`, the valuation, `stock --csv`).
    static let noBalanceItemIndex = Migration(
        "0018-no-balance-item-index", sql: "DROP INDEX IF EXISTS balance_item")
}
