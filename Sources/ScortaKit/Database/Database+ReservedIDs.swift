extension Database {
    /// On PostgreSQL, takes `count` ids of `table` with the next statement sent (a round trip the
    /// command makes anyway), for inserts that then need no answer (`insertReserved`,
    /// `insertBatchedReserved`); see `PostgreSQLConnection+Reserved`. Only inside a transaction
    /// (the ids are dropped when it ends), and only as many as the caller will insert: ids taken and
    /// not used leave a gap SQLite's numbering would not have. Nothing on SQLite.
    func reserveIDs(_ table: String, count: Int) {
        guard case .postgreSQL(let connection) = engine, isInTransaction else { return }
        connection.reserveIDs(table, count: count)
    }

    /// Inserts one row whose id the caller needs: on PostgreSQL with the next id of `table` taken
    /// ahead (`reserveIDs`; taken now when none was), `withID` held back with that id first;
    /// elsewhere `insert(sql)`.
    func insertReserved(
        _ table: String, _ sql: StaticString, withID: StaticString, _ arguments: [any SQLBindable]
    ) throws -> Int64 {
        guard case .postgreSQL(let connection) = engine, connection.pq.pipeline != nil, isInTransaction else {
            return try insert(sql, arguments)
        }
        let id: Int64
        do {
            guard let taken = try connection.takeReservedIDs(table, count: 1).first else {
                return try insert(sql, arguments)
            }
            id = taken
        } catch let error as PostgreSQLError {
            throw DatabaseError(postgreSQL: error)
        }
        try write(withID, [id as any SQLBindable] + arguments)
        return id
    }

    /// `insertBatched` of rows whose ids the caller needs: on PostgreSQL, when ids of `table` were
    /// taken ahead (or are to be), the rows are written with them, `withID` (the id the first column),
    /// held back; more are taken now if those are not enough.
    func insertBatchedReserved(
        _ table: String, _ sql: BatchedSQL, returningID: BatchedSQL, withID: BatchedSQL, values: [SQLValue]
    ) throws -> [Int64] {
        let rows = values.count / sql.columns
        guard case .postgreSQL(let connection) = engine,
            connection.reservedCount(table) + connection.pendingCount(table) > 0, rows > 0,
            isInTransaction
        else {
            return try insertBatched(sql, returningID: returningID, values: values)
        }
        let ids: [Int64]
        do { ids = try connection.takeReservedIDs(table, count: rows) } catch let error as PostgreSQLError {
            throw DatabaseError(postgreSQL: error)
        }
        var numbered: [SQLValue] = []
        numbered.reserveCapacity(values.count + rows)
        for (row, id) in ids.enumerated() {
            numbered.append(.integer(id))
            numbered += values[(row * sql.columns)..<((row + 1) * sql.columns)]
        }
        try writeBatched(withID, values: numbered)
        return ids
    }
}
