extension Schema {
    /// Reorder levels (scorta minime): per item and location, the quantity
    /// under which the office wants to be told to reorder or move stock.
    static let reorder = Migration(
        "0011-reorder-levels",
        sql: """
            CREATE TABLE reorder_level (
                location_id INTEGER NOT NULL REFERENCES location(id),
                item_id INTEGER NOT NULL REFERENCES item(id),
                level INTEGER NOT NULL CHECK (level > 0),
                PRIMARY KEY (location_id, item_id)
            ) WITHOUT ROWID;
            """)
}
