extension Schema {
    /// Lost cards (tessere smarrite): the household gets a new card code and
    /// the old one is blocked. The household keeps its row, so its members,
    /// distributions and points stay with it under the new code; this table
    /// remembers every old code, so a scan of one is refused as replaced
    /// (not as unknown) and a new random code never reuses it. Listed before
    /// "0008-seal", whose backfill seals every sealed table, this one included.
    static let cardReplacement = Migration(
        "0012-card-replacement",
        sql: """
            CREATE TABLE card_replacement (
                id INTEGER PRIMARY KEY,
                household_id INTEGER NOT NULL REFERENCES household(id),
                old_code TEXT NOT NULL UNIQUE,
                new_code TEXT NOT NULL UNIQUE,
                replaced_on TEXT NOT NULL,
                reason TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                operator TEXT NOT NULL,
                CHECK (old_code <> new_code)
            );
            CREATE INDEX card_replacement_household ON card_replacement(household_id);
            """)
}
