extension Database {
    /// Runs `body`, which opens a transaction of its own, so that SQLite keeps no statement
    /// journal for its many-row inserts. Inside a transaction SQLite copies every page a
    /// statement of many rows changes into a temporary file before changing it, so that the
    /// statement alone can be undone when it aborts half-way: a receipt of 100,000 lines wrote
    /// 400 MB there (198,000 writes, a tenth of its time; 2 December 2026). A statement that
    /// cannot abort needs none: its inserts are `INSERT OR FAIL` (`BatchedSQL.failing`; a failed
    /// one leaves the rows before it, which the transaction's rollback then removes, since any
    /// error ends the command) and foreign keys are not checked, because SQLite checks them row
    /// by row only to abort the statement at its end.
    ///
    /// So only for writes whose every reference was read in the same transaction: a receipt's
    /// item, location and document ids are looked up under the write lock before they are
    /// written, and nothing deletes such rows. Foreign keys can be switched only outside a
    /// transaction: inside one (an all-or-nothing import) `body` runs with them checked, as
    /// before. Nothing on PostgreSQL, which keeps no such journal.
    func withoutStatementJournal<T>(_ body: () throws -> T) throws -> T {
        guard !isPostgreSQL, !isInTransaction, !batchedInsertsFail else { return try body() }
        try execute("PRAGMA foreign_keys = OFF")
        batchedInsertsFail = true
        let result: T
        do {
            result = try body()
        } catch {
            batchedInsertsFail = false
            try? execute("PRAGMA foreign_keys = ON")
            throw error
        }
        batchedInsertsFail = false
        // Said when it fails: a long-running process (the market desk) must not go on unchecked.
        try execute("PRAGMA foreign_keys = ON")
        return result
    }

    /// Whether SQLite checks foreign keys on this connection now.
    var checksForeignKeys: Bool {
        get throws {
            guard !isPostgreSQL else { return true }
            return try scalar("PRAGMA foreign_keys") == 1
        }
    }
}
