extension Schema {
    /// One row per distribution document for the indicator report
    /// (`DistributionFacts`): keyed by date so a period is one range of the
    /// primary key, whatever the years of history around it. `date` is the
    /// number YYYYMMDD; `lines` holds item, lot and quantity per line and
    /// `recipients` member id + 1 (0 anonymous) and snapshot code per
    /// recipient, as varints. Existing distributions are filled in here.
    static let reportFacts = Migration(
        "0006-report-facts",
        sql: """
            CREATE TABLE distribution_fact (
                date INTEGER NOT NULL,
                document_id INTEGER NOT NULL REFERENCES document(id),
                channel_id INTEGER,
                location_id INTEGER,
                lines BLOB NOT NULL,
                recipients BLOB NOT NULL,
                PRIMARY KEY (date, document_id)
            ) WITHOUT ROWID;
            CREATE UNIQUE INDEX distribution_fact_document ON distribution_fact(document_id);
            """, backfill: { db in try DistributionFacts(db).backfill() })
}
