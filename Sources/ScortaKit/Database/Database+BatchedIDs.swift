import CSQLite

extension Database {
    /// Inserts rows many a statement (see `runBatched`) and gives each new
    /// row's id, in the order the rows were given: what a document's seal
    /// needs of its lines without reading them back.
    ///
    /// On SQLite the statement has no RETURNING (it would gather the rows in
    /// a temporary table each time): a row given no id gets the table's
    /// largest id plus one, so the rows of one call, written in order under
    /// the write lock, have the ids that end at the last insert rowid
    /// (SQLite picks ids at random only once the largest possible id is
    /// taken, which sequential ids never reach). On PostgreSQL `returningID`,
    /// the same statement with ` RETURNING id`, gives them.
    func insertBatched(_ sql: BatchedSQL, returningID: BatchedSQL, values: [SQLValue]) throws -> [Int64] {
        let rows = values.count / sql.columns
        guard rows > 0 else { return [] }
        switch engine {
        case .sqlite(let handle):
            try runBatched(sql, values: values)
            let last = sqlite3_last_insert_rowid(handle)
            return Array((last - Int64(rows) + 1)...last)
        case .postgreSQL:
            var ids: [Int64] = []
            ids.reserveCapacity(rows)
            try runBatched(returningID, values: values) { ids.append($0.int64(0)) }
            // Ids come from the sequence row by row, in the order the rows are given.
            return ids.sorted()
        }
    }
}
