/// A statement written for many rows at once: `head VALUES row, row, … tail`.
/// A bulk receipt writes its lots, their chain records, lines, balances and
/// days this way, instead of one statement (and, on PostgreSQL, one round
/// trip) per row. `row` is one row's placeholders, e.g. `(?, ?, ?)`.
///
/// Chunks are 256 rows, then the powers of two that make up the rest, so
/// nine texts per statement are ever prepared; each is written when a
/// connection first prepares it (`text(power:)`), not when the statement is
/// declared: writing all nine of the 36 that a command's first posting
/// declares was 1.3 M instructions, 5% of a one-shot transfer's client,
/// for texts of up to 256 rows that a one-line document never sends.
struct BatchedSQL: Sendable {
    /// Rows one statement carries at most.
    static let maximumRows = 256
    /// The texts' sizes: 1, 2, 4, … 256 rows.
    static let powers = 9

    /// The statement's parts, in an object whose identity keys a
    /// connection's prepared statements: looking them up by their text
    /// hashed the whole text at every write (every document writes several).
    final class Texts: Sendable {
        let head: String
        let row: String
        let tail: String
        init(head: String, row: String, tail: String) {
            self.head = head
            self.row = row
            self.tail = tail
        }
    }

    let storage: Texts
    /// The same insert as `INSERT OR FAIL` (SQLite's spelling; see `Database.withoutStatementJournal`).
    let failing: Texts
    let columns: Int

    init(_ head: String, row: String, _ tail: String = "") {
        columns = row.filter { $0 == "?" }.count
        storage = Texts(head: head, row: row, tail: tail)
        let insert = "INSERT INTO "
        failing =
            head.hasPrefix(insert)
            ? Texts(head: "INSERT OR FAIL INTO " + head.dropFirst(insert.count), row: row, tail: tail) : storage
    }

    /// The text for 2^`power` rows.
    func text(power: Int, failing: Bool = false) -> String {
        let texts = failing ? self.failing : storage
        return texts.head + " VALUES " + Array(repeating: texts.row, count: 1 << power).joined(separator: ", ")
            + texts.tail
    }
}

extension Database {
    /// Runs `sql` over rows given one after the other in `values` (each row
    /// the statement's row's values, in order; flat, so no array a row), many
    /// rows a statement. Rows are written in the order given: ids an insert
    /// assigns follow it on both engines. `returning` reads what a
    /// `RETURNING` tail gives back.
    func runBatched(_ sql: BatchedSQL, values: [SQLValue], returning: ((Row) throws -> Void)? = nil) throws {
        try runBatched(sql, values: values, returning: returning, holdingBack: false)
    }

    /// `runBatched` for writes whose answer nobody reads (see `Statement.write`).
    func writeBatched(_ sql: BatchedSQL, values: [SQLValue]) throws {
        try runBatched(sql, values: values, returning: nil, holdingBack: true)
    }

    private func runBatched(
        _ sql: BatchedSQL, values: [SQLValue], returning: ((Row) throws -> Void)?, holdingBack: Bool
    ) throws {
        precondition(values.count % sql.columns == 0, "batched rows have \(sql.columns) values each")
        let rows = values.count / sql.columns
        var start = 0
        while start < rows {
            var power = 8
            while 1 << power > rows - start { power -= 1 }
            let size = 1 << power
            // One of the nine fixed texts of each batched statement.
            let statement = try batchedStatement(sql, power: power)
            let arguments = values[start * sql.columns..<(start + size) * sql.columns]
            if let returning {
                try statement.bind(values: arguments)
                defer { statement.reset() }
                while try statement.step() { try returning(statement.row) }
            } else if holdingBack {
                try statement.write(values: arguments)
            } else {
                try statement.run(values: arguments)
            }
            start += size
        }
    }
}
