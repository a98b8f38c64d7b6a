/// Counters a PostgreSQL transaction advances many times and writes once,
/// just before it commits: the document numbers (`document_sequence`).
///
/// Every UPDATE of a row leaves a new version of it, and versions made by
/// the transaction still open cannot be pruned: each later look-up of that
/// row walks them all. Posting a month of a city's distributions in one
/// transaction (an import, the benchmark's build) updated one sequence row
/// about 5,500 times, and its look-up and upsert became the server's most
/// costly statements (1.6 and 0.8 ms each already at 1,400 documents, a
/// third of the server's time). Held here, the row is read once and written
/// once per transaction. Writers take turns (`SQLDialect.writerLock`), so
/// no one else can give out a number in between; SQLite keeps writing at
/// once (its rows are updated in place).
struct HeldCounter {
    var value: Int64
    /// Writes `value` to the database.
    let write: (Database, Int64) throws -> Void
}

extension Database {
    /// Whether counters are held until the commit: inside a PostgreSQL
    /// transaction that `inTransaction` opened (and so will commit).
    var holdsCounters: Bool { heldCounters != nil }

    /// The value held for `key` in this transaction, if any.
    func heldCounter(_ key: String) -> Int64? {
        heldCounters?[key]?.value
    }

    /// Holds `value` for `key` until the transaction commits, when `write` stores it.
    func holdCounter(_ key: String, value: Int64, write: @escaping (Database, Int64) throws -> Void) {
        heldCounters?[key] = HeldCounter(value: value, write: write)
    }

    /// Writes what the transaction held, in a stable order, before its COMMIT.
    func writeHeldCounters() throws {
        guard let counters = heldCounters, !counters.isEmpty else { return }
        heldCounters = [:]
        for key in counters.keys.sorted() {
            guard let counter = counters[key] else { continue }
            try counter.write(self, counter.value)
        }
    }
}
