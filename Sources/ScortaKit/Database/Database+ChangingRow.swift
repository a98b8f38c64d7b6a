extension Database {
    /// Runs a write that must change a row (the conditional decrement); when it changes none,
    /// `otherwise` says why (and throws). On SQLite it runs at once and its count is read. On
    /// PostgreSQL it is held back (`Statement.write`) and judged with the answers of the round trip
    /// that carries it (`PostgreSQLConnection+RowCheck`): `otherwise` then runs before anything
    /// else is sent. `row`: the row it names, so that a second write for it waits for this one.
    func writeChangingRow(
        _ sql: StaticString, _ arguments: [any SQLBindable], row: [any SQLBindable],
        otherwise: @escaping () throws -> Void
    ) throws {
        let statement = try prepare(sql)
        guard case .postgreSQL = engine, let cursor = statement.cursor else {
            try statement.run(arguments)
            if changes == 0 { try otherwise() }
            return
        }
        cursor.bind(arguments.map(\.sqlValue))
        let check = PostgreSQLConnection.RowCheck(
            row: row.map { PostgreSQLConnection.text(of: $0.sqlValue) }, sql: sql.description, otherwise: otherwise)
        do { try cursor.write(ifNoRow: check) } catch let error as PostgreSQLError {
            throw DatabaseError(postgreSQL: error)
        }
    }

    /// Before COMMIT: the writes held back that must change a row are judged first (never in the
    /// COMMIT's own pipeline, which would have committed them unjudged), and a transaction in which
    /// one changed no row once the unit of work that made it had ended (its error came out in the
    /// one around it, which a caller may have caught) is refused: rolled back whole instead.
    func judgeRowChecks(_ connection: PostgreSQLConnection) throws {
        if !connection.rowChecks.isEmpty {
            do { try connection.flushAhead() } catch let error as PostgreSQLError {
                throw DatabaseError(postgreSQL: error)
            }
        }
        guard connection.changedNoRowAfterRelease else { return }
        throw DatabaseError(
            resultCode: .abort,
            message: """
                a write that had to change a row changed none after its unit of work had ended; \
                the whole transaction is rolled back and nothing was written
                """)
    }
}
