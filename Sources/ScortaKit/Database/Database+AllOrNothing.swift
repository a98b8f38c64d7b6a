import CSQLite

/// How the units of work inside a transaction (`inSavepoint`) are undone when one fails.
public enum TransactionUnits: Sendable {
    /// Each unit is a savepoint: a failing unit is undone alone and the
    /// transaction goes on. What every command does.
    case savepoints
    /// For a caller that posts many documents in one transaction and keeps
    /// none of them unless all commit (the benchmark's dataset, a month a
    /// transaction). On SQLite a unit opens no savepoint: SQLite copied every
    /// page a document first touched into the savepoint's journal (in 1 KiB
    /// memory chunks), about a tenth of posting the smoke dataset. A unit
    /// that fails before writing anything (a checkout the rules refuse)
    /// leaves the transaction as it was, and it goes on; one that fails
    /// after writing cannot be undone alone, so the transaction can then
    /// only roll back: every later unit and the commit throw, naming it.
    /// PostgreSQL keeps its savepoints (they cost no page copies there).
    case allOrNothing
}

extension Database {
    /// Runs a unit of work inside an `.allOrNothing` transaction on SQLite.
    /// "Wrote something" is SQLite's count of rows changed by finished
    /// INSERT, UPDATE and DELETE statements (triggers' included): a statement
    /// that failed was undone by SQLite itself (its statement journal) and
    /// adds nothing to it. Units write rows only (never the schema).
    func unitWithoutSavepoint<T>(_ body: () throws -> T) throws -> T {
        try refuseCommitIfPoisoned()
        let before = sqlite3_total_changes64(handle)
        do {
            return try body()
        } catch {
            if poisonedBy == nil, sqlite3_total_changes64(handle) != before { poisonedBy = "\(error)" }
            throw error
        }
    }

    /// Throws when a unit of the open `.allOrNothing` transaction failed after writing.
    func refuseCommitIfPoisoned() throws {
        guard let poisonedBy else { return }
        throw DatabaseError(
            resultCode: .abort,
            message: """
                a unit of work failed after writing (\(poisonedBy)); it cannot be undone alone in an \
                all-or-nothing transaction, so the whole transaction is rolled back and nothing was written
                """)
    }
}
