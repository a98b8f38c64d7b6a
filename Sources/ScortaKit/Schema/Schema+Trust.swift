extension Schema {
    /// Operators with their roles, the audit log of personal-data access, and
    /// the hash chain over documents (existing documents are sealed here).
    ///
    /// The operator name is an accountability record, not authentication:
    /// access control rests on OS accounts and the file's permissions.
    static let trust = Migration(
        "0005-trust",
        sql: """
            CREATE TABLE operator (
                name TEXT PRIMARY KEY,
                roles TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL,
                created_by TEXT NOT NULL,
                changed_at TEXT,
                changed_by TEXT
            ) WITHOUT ROWID;

            -- Who showed, exported, changed or erased a household's data, and when.
            CREATE TABLE audit (
                id INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                operator TEXT NOT NULL,
                action TEXT NOT NULL,
                subject TEXT NOT NULL,
                detail TEXT
            );
            CREATE INDEX audit_subject ON audit(subject);
            """, backfill: { db in try HashChain.sealUnsealed(in: db) })
}
