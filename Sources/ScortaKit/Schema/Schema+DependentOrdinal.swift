extension Schema {
    /// A distribution's recipients and a checkout's overrides are hashed in
    /// the order they were written, and neither table has an id to keep it.
    /// PostgreSQL's physical order (`ctid`) is not that order: a row can go
    /// into room an earlier page has left once the table has been vacuumed,
    /// and a row rewritten in place moves, so `verify` would report a
    /// document whose rows were never touched. Each row now carries its place
    /// within its document; rows already written are numbered in the order
    /// the engine has them (SQLite's rowid is the order written), so every
    /// existing head stays the same.
    static let dependentOrdinal = Migration(
        "0015-dependent-ordinal",
        sql: """
            ALTER TABLE distribution_recipient ADD COLUMN ordinal INTEGER;
            ALTER TABLE market_override ADD COLUMN ordinal INTEGER;
            """,
        backfill: { db in
            let order = db.dialect.insertionOrder
            for table in ["distribution_recipient", "market_override"] {
                try db.execute(
                    """
                    UPDATE \(table) SET ordinal = (
                        SELECT count(*) FROM \(table) earlier
                        WHERE earlier.document_id = \(table).document_id AND earlier.\(order) < \(table).\(order))
                    """)
            }
        })
}
