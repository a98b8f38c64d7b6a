extension Schema {
    /// The index on a lot's expiry goes: no query reads lots by expiry alone
    /// (the expiring list, first-expiry picking, labels and the stock list all
    /// reach lots through a balance and the lot's primary key; `EXPLAIN QUERY
    /// PLAN` shows none using it), and a bulk receipt wrote an entry a new lot
    /// into it: 1,900 instructions and, at 100,000 lots, 2 MB, more than the
    /// lots' own (item, code) index.
    static let noLotExpiryIndex = Migration("0016-no-lot-expiry-index", sql: "DROP INDEX IF EXISTS lot_expiry")
}
