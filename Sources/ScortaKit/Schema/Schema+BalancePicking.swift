extension Schema {
    /// A balance carries its lot's picking key, so the lots of an item at a location are read in
    /// picking order from an index, a few at a time, and a line stops reading once it is served.
    /// Reading them all and sorting them cost every transfer line, basket line and availability
    /// check work in proportion to the lots held, not to the lots taken: a warehouse receiving
    /// small donations for years holds hundreds of lots of an item (the benchmark's region dataset
    /// slowed from 18,700 to about 2,000 lines/s over nine years for it).
    ///
    /// `pick_expiry`: the lot's expiry as the number YYYYMMDD, 99999999 when it has none (and for
    /// the no-lot key 0), so that lots without expiry come after every date. A number rather than
    /// the expiry's text: PostgreSQL orders text by the database's collation, which need not be
    /// byte order (a sentinel such as `~` sorts first in most), while numbers order alike on both
    /// engines. A lot's expiry is never edited, so the key is written once, when its row is made.
    ///
    /// The table is made again rather than given a column: SQLite adds a NOT NULL column only with
    /// a default, and a default would let a writer that forgets the key pick that lot last, unseen.
    /// The index holds only balances with stock and carries the quantity, so a picking read never
    /// visits the table. Its cost: a balance's change rewrites its entry (the quantity is in it).
    static let balancePicking = Migration(
        "0019-balance-picking",
        sql: """
            CREATE TABLE balance_with_picking (
                location_id INTEGER NOT NULL REFERENCES location(id),
                item_id INTEGER NOT NULL REFERENCES item(id),
                lot_id INTEGER NOT NULL,
                quantity INTEGER NOT NULL CHECK (quantity >= 0),
                pick_expiry INTEGER NOT NULL,
                PRIMARY KEY (location_id, item_id, lot_id)
            ) WITHOUT ROWID;
            INSERT INTO balance_with_picking(location_id, item_id, lot_id, quantity, pick_expiry)
            SELECT b.location_id, b.item_id, b.lot_id, b.quantity,
                   coalesce(CAST(replace(l.expiry, '-', '') AS INTEGER), 99999999)
            FROM balance b LEFT JOIN lot l ON l.id = b.lot_id AND b.lot_id <> 0;
            DROP TABLE balance;
            ALTER TABLE balance_with_picking RENAME TO balance;
            CREATE INDEX balance_picking ON balance(location_id, item_id, pick_expiry, lot_id, quantity)
                WHERE quantity > 0;
            """)
}
