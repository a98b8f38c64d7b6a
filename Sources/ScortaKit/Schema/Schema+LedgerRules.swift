extension Schema {
    /// The ledger's rules in time.
    ///
    /// `stock_day` keeps, per (location, item, lot) and business date, the
    /// net movement of the day and `low`, the lowest running total within the
    /// day (relative to its start, in posting order). With today's balance it
    /// gives the running balance on every date, so a backdated posting is
    /// judged against every later date by reading only the days after its own
    /// (none for a posting dated today). It is written in the same transaction
    /// as each document, filled here for existing lines, and `check` proves it.
    ///
    /// A close records the chain head and the number of documents at the time;
    /// a close undone by an admin is a record of its own (`period_reopen`).
    static let ledgerRules = Migration(
        "0007-ledger-rules",
        sql: """
            CREATE TABLE stock_day (
                location_id INTEGER NOT NULL,
                item_id INTEGER NOT NULL,
                lot_id INTEGER NOT NULL,
                date TEXT NOT NULL,
                net INTEGER NOT NULL,
                low INTEGER NOT NULL,
                PRIMARY KEY (location_id, item_id, lot_id, date)
            ) WITHOUT ROWID;

            INSERT INTO stock_day(location_id, item_id, lot_id, date, net, low)
            SELECT location_id, item_id, lot_id, date, sum(q), min(running) FROM (
                SELECT location_id, item_id, lot_id, date, q,
                       sum(q) OVER (PARTITION BY location_id, item_id, lot_id, date ORDER BY line_id ROWS UNBOUNDED PRECEDING) AS running
                FROM (
                    SELECT l.to_location_id AS location_id, l.item_id, l.lot_id, d.date, l.id AS line_id, l.quantity AS q
                    FROM document_line l JOIN document d ON d.id = l.document_id WHERE l.to_location_id IS NOT NULL
                    UNION ALL
                    SELECT l.from_location_id, l.item_id, l.lot_id, d.date, l.id, -l.quantity
                    FROM document_line l JOIN document d ON d.id = l.document_id WHERE l.from_location_id IS NOT NULL) AS movement) AS running_movement
            GROUP BY location_id, item_id, lot_id, date;

            ALTER TABLE period_close ADD COLUMN chain_head TEXT;
            ALTER TABLE period_close ADD COLUMN document_count INTEGER;

            -- A close undone by an admin, with the reason; the dates it had closed
            -- (after the closes still in force) are open again, and reports say so.
            CREATE TABLE period_reopen (
                id INTEGER PRIMARY KEY,
                close_id INTEGER NOT NULL UNIQUE REFERENCES period_close(id),
                reopened_from TEXT NOT NULL,
                reopened_until TEXT NOT NULL,
                reopened_at TEXT NOT NULL,
                operator TEXT NOT NULL,
                reason TEXT NOT NULL
            );

            -- Receipts by supplier and delivery note, to refuse the same note twice.
            CREATE INDEX document_receipt_reference ON document(reference, counterparty) WHERE type = 'receipt' AND reference IS NOT NULL;
            """)
}
