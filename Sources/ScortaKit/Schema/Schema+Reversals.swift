extension Schema {
    /// Which document reversed which, defined once: a document is reversed
    /// when a reversal names it in `reverses_id` (unique, so at most one).
    /// Listings, receipts, registers, limits and the reversal itself ask
    /// this view instead of each spelling the subquery.
    static let reversals = Migration(
        "0010-reversal-view",
        sql: """
            CREATE VIEW document_reversal(document_id, reversed_by) AS
                SELECT reverses_id, number FROM document WHERE reverses_id IS NOT NULL;
            """)
}
