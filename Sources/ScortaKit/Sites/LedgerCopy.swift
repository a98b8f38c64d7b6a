import Foundation

/// Moving a ledger between engines (issue 14): an office's SQLite file into
/// an empty PostgreSQL database that several sites share, and a server's
/// ledger back into a SQLite file (a copy to carry away, or to keep).
///
///     let summary = try LedgerCopy.copy(from: try Store.open(path: "scorta.sqlite"),
///                                       into: try Database(postgreSQL: "postgresql://scorta@ledger.example.org/scorta"))
///
/// Every row of every table is copied as it is, ids included (the chain's
/// entries name rows by their keys, and a document's lines by its id), so the
/// copy has the same documents, the same numbers and the same chain head.
/// Nothing is recomputed: what is derived (balances, per-day stock, report
/// facts) is copied too and then proven, like everything else, before the
/// copy is committed. One transaction on each side: the source is read from
/// one snapshot while others go on posting, and the target gets the whole
/// ledger or nothing.
public enum LedgerCopy {
    public struct Summary: Sendable, Equatable {
        public let documents: Int
        public let rows: Int
        public let tables: Int
        /// The chain head, equal on both sides (`verify --expect` it on either).
        public let head: String
    }

    /// Copies `source` into `target`, which must hold no table yet (a new
    /// PostgreSQL database, or a new SQLite file). Before the target commits,
    /// its chain must have the source's head and pass everything `check` and
    /// `verify` prove; otherwise nothing is kept.
    @discardableResult
    public static func copy(from source: Database, into target: Database) throws -> Summary {
        let existing = try target.makeStatement(target.dialect.tableNamesQuery).map([]) { $0.text(0) }
        guard existing.isEmpty else {
            throw ScortaError.refused(
                """
                \(target.path) is not empty (it has \(existing.count) table\(existing.count == 1 ? "" : "s"): \
                \(existing.prefix(3).joined(separator: ", "))\(existing.count > 3 ? ", …" : "")); a ledger is copied only into an empty database
                """)
        }
        return try source.inTransaction(.deferred) {
            // The same schema steps on both sides, so every table and column has its twin.
            let applied = Set(try source.query("SELECT identifier FROM schema_migration") { $0.text(0) })
            let known = Set(Schema.migrations.map(\.identifier))
            guard applied == known else {
                throw ScortaError.refused(
                    """
                    \(source.path) is at another schema version than this Scorta (\(applied.symmetricDifference(known).sorted().joined(separator: ", "))); \
                    open it once with this version, or copy with the version that wrote it
                    """)
            }
            let head = try HashChain.head(source)
            return try target.inTransaction(.immediate) {
                try target.migrate()
                var rows = 0
                var filled: [String] = []
                let tables = try copyOrder(source).filter { $0 != "schema_migration" }
                // A region's ledger takes minutes: the table being copied, then check's and verify's own meters.
                let meter = SignsOfLife.begin("copy", unit: "tables", total: tables.count)
                defer { meter.end() }
                for table in tables {
                    meter.step(table)
                    let copied = try copyRows(of: table, from: source, into: target)
                    rows += copied
                    if copied > 0 { filled.append(table) }
                }
                if target.isPostgreSQL {
                    try advanceIdentities(target)
                    // Everyone registered can log in to the server (once given a password or certificate).
                    try ServerRoles.secure(target)
                    for person in try Operators(target).all() where person.active {
                        try ServerRoles.grant(login: person.name, roles: person.roles, active: true, in: target)
                    }
                    // Statistics for the tables just filled (the server's own
                    // analyze comes later): the proof below and the first
                    // commands are then planned for their real sizes. Only
                    // those: a table analyzed empty is planned as empty, by a
                    // sequential scan, until 50 rows have changed in it, where
                    // one never analyzed is assumed to hold pages and gets its
                    // index (EXPLAIN on a new ledger, 1 December 2026).
                    if !filled.isEmpty { try target.execute("ANALYZE " + filled.joined(separator: ", ")) }
                }
                try prove(target, equals: head)
                let documents = Int(try target.scalar("SELECT count(*) FROM document") ?? 0)
                return Summary(documents: documents, rows: rows, tables: tables.count, head: head)
            }
        }
    }

    /// The copy has the source's head and is sound by everything `check` and
    /// `verify` prove; else the target's transaction rolls back.
    static func prove(_ target: Database, equals head: String) throws {
        let copied = try HashChain.head(target)
        guard copied == head else {
            throw ScortaError.invalid(
                "the copy's chain head \(copied.prefix(12)) differs from the source's \(head.prefix(12)); nothing was copied"
            )
        }
        let problems = try Backup.problems(in: target)
        guard problems.isEmpty else {
            throw ScortaError.invalid(
                """
                the copy does not pass check and verify, nothing was copied: \(problems[0])\
                \(problems.count > 1 ? " (and \(problems.count - 1) more)" : "")
                """)
        }
    }

    // MARK: - Rows

    /// Parameters per INSERT: SQLite allows 32,766, PostgreSQL 65,535; a few
    /// hundred rows per statement make the round trips to a server negligible.
    static let parametersPerInsert = 8_000

    /// Copies every row of `table` in the order it was written (ids ascending,
    /// else insertion order: a distribution's recipients are hashed in that
    /// order), a batch of rows per statement.
    static func copyRows(of table: String, from source: Database, into target: Database) throws -> Int {
        var columns: [String] = []
        var pending: [SQLValue] = []
        var rowsPerInsert = 1
        var copied = 0
        func flush(_ rows: Int) throws {
            guard rows > 0 else { return }
            let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ", ") + ")"
            let sql =
                "INSERT INTO \(quoted(table)) (\(columns.map(quoted).joined(separator: ", "))) VALUES "
                + Array(repeating: tuple, count: rows).joined(separator: ", ")
            // Full batches reuse one statement; the last, shorter one is made once.
            let statement = rows == rowsPerInsert ? try target.cachedStatement(sql) : try target.makeStatement(sql)
            do {
                try statement.run(pending)
            } catch let error as DatabaseError {
                // The statement holds hundreds of rows: name the table, not the SQL (one line, as every error).
                throw ScortaError.invalid(
                    """
                    the copy stopped at table \(table): \(error.sqlState.map { "PostgreSQL error \($0): " } ?? "")\(error.message); \
                    nothing was copied
                    """)
            }
            pending.removeAll(keepingCapacity: true)
            copied += rows
        }
        try forEachRow(of: table, in: source) { row in
            if columns.isEmpty {
                columns = (0..<row.columnCount).map { row.columnName($0) }
                rowsPerInsert = max(1, min(500, parametersPerInsert / max(1, columns.count)))
            }
            for column in 0..<columns.count { pending.append(row.value(column)) }
            if pending.count == rowsPerInsert * columns.count { try flush(rowsPerInsert) }
        }
        try flush(columns.isEmpty ? 0 : pending.count / columns.count)
        return copied
    }

    /// Walks the rows of `table` in writing order. On PostgreSQL through a
    /// cursor, a few thousand rows at a time: libpq holds a whole answer in
    /// memory, and a region's lines are millions.
    static func forEachRow(of table: String, in db: Database, _ body: (Row) throws -> Void) throws {
        let order = try writingOrder(of: table, in: db)
        let select = "SELECT * FROM \(quoted(table))\(order.map { " ORDER BY \($0)" } ?? "")"
        guard db.isPostgreSQL else { return try db.makeStatement(select).forEach([], body) }
        // A cursor lives in a transaction: the caller's snapshot, else one of its own.
        try db.inSavepoint(.deferred) {
            try db.execute("DECLARE scorta_copy NO SCROLL CURSOR FOR \(select)")
            let fetch = try db.makeStatement("FETCH FORWARD 5000 FROM scorta_copy")
            var fetched: Int
            repeat {
                fetched = 0
                try fetch.forEach([]) { row in
                    fetched += 1
                    try body(row)
                }
            } while fetched > 0
            try db.execute("CLOSE scorta_copy")
        }
    }

    /// Ids ascending where the table has them (a reversal after the document
    /// it reverses); else the order rows were inserted in (SQLite's rowid,
    /// PostgreSQL's physical order); a SQLite table WITHOUT ROWID is read in
    /// key order by itself. The chain by its sequence: a PostgreSQL copy
    /// puts a short row (a document entry, no digest) into room an earlier
    /// page has left, so its physical order is not the order written.
    static func writingOrder(of table: String, in db: Database) throws -> String? {
        let columns = try columnNames(of: table, in: db)
        if columns.contains("id") { return "id" }
        if table == "chain" { return "seq" }
        if db.isPostgreSQL { return "ctid" }
        let definition =
            try db.makeStatement("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").scalarText([table])
            ?? ""
        return definition.range(of: "WITHOUT ROWID", options: .caseInsensitive) == nil ? "rowid" : nil
    }

    static func columnNames(of table: String, in db: Database) throws -> [String] {
        if db.isPostgreSQL {
            return try db.makeStatement(
                """
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = ? ORDER BY ordinal_position
                """
            ).map([table]) { $0.text(0) }
        }
        return try db.makeStatement("SELECT name FROM pragma_table_info(?) ORDER BY cid").map([table]) { $0.text(0) }
    }

    // MARK: - Order of tables

    /// Every table after the tables its foreign keys point at (a document
    /// before its lines, an item before its lots).
    static func copyOrder(_ db: Database) throws -> [String] {
        let tables = try db.makeStatement(db.dialect.tableNamesQuery).map([]) { $0.text(0) }
        var parents: [String: Set<String>] = [:]
        for table in tables {
            parents[table] = Set(try referencedTables(of: table, in: db)).subtracting([table])
        }
        var ordered: [String] = []
        var placed: Set<String> = []
        while ordered.count < tables.count {
            let ready = tables.filter { !placed.contains($0) && parents[$0, default: []].isSubset(of: placed) }
            guard !ready.isEmpty else {
                throw ScortaError.invalid(
                    "the tables' foreign keys form a cycle (\(tables.filter { !placed.contains($0) }.joined(separator: ", ")))"
                )
            }
            ordered += ready
            placed.formUnion(ready)
        }
        return ordered
    }

    static func referencedTables(of table: String, in db: Database) throws -> [String] {
        if db.isPostgreSQL {
            return try db.makeStatement(
                """
                SELECT DISTINCT parent.relname FROM pg_constraint AS c
                JOIN pg_class AS child ON child.oid = c.conrelid
                JOIN pg_class AS parent ON parent.oid = c.confrelid
                WHERE c.contype = 'f' AND child.relname = ? AND child.relnamespace = current_schema()::regnamespace
                """
            ).map([table]) { $0.text(0) }
        }
        return try db.makeStatement("SELECT DISTINCT \"table\" FROM pragma_foreign_key_list(?)").map([table]) {
            $0.text(0)
        }
    }

    // MARK: - PostgreSQL

    /// Rows copied with their ids leave an identity column's sequence where
    /// it started: the next posting would be given id 1 again. Each one moves
    /// on to the largest id copied.
    static func advanceIdentities(_ db: Database) throws {
        let columns = try db.makeStatement(
            """
            SELECT table_name, column_name FROM information_schema.columns
            WHERE table_schema = current_schema() AND is_identity = 'YES'
            """
        ).map([]) { ($0.text(0), $0.text(1)) }
        for (table, column) in columns {
            try db.makeStatement(
                """
                SELECT setval(pg_get_serial_sequence(?, ?), max(\(quoted(column)))) FROM \(quoted(table)) HAVING max(\(quoted(column))) IS NOT NULL
                """
            ).run([table, column])
        }
    }

    /// A table or column name from the database's own catalogue, quoted.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension LedgerCopy {
    /// Copies `source` into a new SQLite file under `OutputFile`'s rules
    /// (never over an existing file without `force`, never over a SQLite
    /// file or the open database): built in a temporary file beside it,
    /// readable by its owner only, and renamed into place when it verifies.
    @discardableResult
    public static func copy(from source: Database, into output: OutputFile) throws -> Summary {
        try output.check()
        return try output.writeLedgerFile { target in try copy(from: source, into: target) }
    }
}
