extension Schema {
    /// The chain's two indexes each cover only the entries that are looked up
    /// through them. `document_id` was a UNIQUE column, so every sealed record
    /// (a points allowance, a member, an audit entry: NULL there) took an
    /// entry in its index too; `chain_subject` held every document, though
    /// only records are looked up by kind and subject (the latest record of a
    /// row, a form-1 document's `dependents`). A checkout settling its points
    /// wrote four index entries a record and two a document, of which two and
    /// one were never read. Now: `chain_document` over documents, unique as
    /// before, and `chain_subject` over records; every lookup says which side
    /// it reads (`document_id IS NULL` or a document's id), so the planner
    /// knows the partial index covers it (`EXPLAIN QUERY PLAN`). Nothing hashed
    /// changes: every head stays the same.
    ///
    /// SQLite cannot drop a column's UNIQUE, so its chain is copied into a
    /// table without it, in `seq` order with the same `seq` (no foreign key,
    /// view or trigger names the chain there); PostgreSQL drops the
    /// constraint in place.
    static let chainIndexes = Migration(
        "0017-chain-partial-indexes", sql: "SELECT 1", backfill: { db in try partialChainIndexes(in: db) })

    static func partialChainIndexes(in db: Database) throws {
        if db.isPostgreSQL {
            try db.execute(
                """
                ALTER TABLE chain DROP CONSTRAINT IF EXISTS chain_document_id_key;
                DROP INDEX IF EXISTS chain_subject;
                """)
        } else {
            try db.execute(
                """
                CREATE TABLE chain_copy (
                    seq INTEGER PRIMARY KEY,
                    document_id INTEGER,
                    kind TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    form INTEGER NOT NULL,
                    digest TEXT,
                    hash TEXT NOT NULL
                );
                INSERT INTO chain_copy(seq, document_id, kind, subject, form, digest, hash)
                    SELECT seq, document_id, kind, subject, form, digest, hash FROM chain ORDER BY seq;
                DROP TABLE chain;
                ALTER TABLE chain_copy RENAME TO chain;
                """)
        }
        try db.execute(
            """
            CREATE UNIQUE INDEX chain_document ON chain(document_id) WHERE document_id IS NOT NULL;
            CREATE INDEX chain_subject ON chain(kind, subject, seq) WHERE document_id IS NULL;
            """)
    }
}
