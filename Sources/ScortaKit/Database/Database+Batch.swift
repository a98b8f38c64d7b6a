extension Database {
    /// Rows one statement of `runBatched` carries at most.
    static let batchRows = 256

    /// Runs `head VALUES row, row, … tail` over `rows`, many rows a statement:
    /// a bulk receipt writes its lots, their chain records, lines, balances
    /// and days this way, instead of one statement (and, on PostgreSQL, one
    /// round trip) per row. `row` is one row's placeholders, e.g. `(?, ?, ?)`,
    /// and each element of `rows` has as many values, in order.
    ///
    /// Chunks are 256 rows, then the powers of two that make up the rest, so
    /// at most nine texts per statement are ever prepared (and kept). Rows
    /// are written in the order given: ids an insert assigns follow it on
    /// both engines. `returning` reads what a `RETURNING` tail gives back.
    func runBatched(
        _ head: String, row: String, _ tail: String = "", rows: [[SQLValue]],
        returning: ((Row) throws -> Void)? = nil
    ) throws {
        var start = 0
        while start < rows.count {
            let remaining = rows.count - start
            var size = Database.batchRows
            while size > remaining { size /= 2 }
            let sql = head + " VALUES " + Array(repeating: row, count: size).joined(separator: ", ") + tail
            // One of at most nine texts for each statement of the callers (fixed heads and tails).
            let statement = try cachedStatement(sql)
            var arguments: [any SQLBindable] = []
            arguments.reserveCapacity(size * (rows[start].count))
            for values in rows[start..<start + size] {
                for value in values { arguments.append(value) }
            }
            if let returning {
                try statement.forEach(arguments, returning)
            } else {
                try statement.run(arguments)
            }
            start += size
        }
    }
}
