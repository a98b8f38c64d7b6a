extension Schema {
    /// The one hash chain over documents and sealed records (`HashChain`).
    ///
    /// Existing documents enter it in id order with their form-1 hashes, so
    /// every head written down before stays in the chain; their dependent
    /// rows and every row of every sealed table are then sealed as records.
    /// `document.hash` keeps a document's chain hash too (`verify` proves the
    /// two equal), for the commands and scripts that read it.
    static let seal = Migration(
        "0008-seal",
        sql: """
            CREATE TABLE chain (
                seq INTEGER PRIMARY KEY,
                document_id INTEGER UNIQUE,
                kind TEXT NOT NULL,
                subject TEXT NOT NULL,
                form INTEGER NOT NULL,
                digest TEXT,
                hash TEXT NOT NULL
            );
            CREATE INDEX chain_subject ON chain(kind, subject, seq);
            INSERT INTO chain(document_id, kind, subject, form, hash)
                SELECT id, 'document', number, 1, hash FROM document ORDER BY id;
            """, backfill: { db in try HashChain.adopt(in: db) })
}

extension HashChain {
    /// Seals what the first chain did not cover: each form-1 document's
    /// dependent rows as a `dependents` record, then every sealed table.
    static func adopt(in db: Database) throws {
        try db.prepare("SELECT id, number, type FROM document WHERE type IN ('distribution', 'count') ORDER BY id")
            .forEach { row in
                let content = try dependents(documentID: row.int64(0), type: row.text(2), in: db)
                guard !content.isEmpty else { return }
                try append(kind: "dependents", subject: row.text(1), digest: SHA256.hex(content.utf8), in: db)
            }
        try sealTables(in: db)
    }
}
