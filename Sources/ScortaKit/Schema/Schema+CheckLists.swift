extension Schema {
    /// SQLite checks `column IN (three or more values)` by building a
    /// temporary table of the values and dropping it again, for every row
    /// written: a distribution's recipient costs two, a points entry one,
    /// together about a tenth of posting a market checkout. The same rules
    /// written as `column = a OR column = b …` are checked in place, and
    /// accept and refuse exactly the same values (NULL included). SQLite
    /// only: PostgreSQL checks a list in place, so its schema stays as it is.
    static let checkLists = Migration(
        "0013-check-lists", sql: "SELECT 1", backfill: { db in try rewriteCheckLists(in: db) })

    /// The tables written on every distribution, checkout and registration.
    static let checkListTables = ["member", "member_version", "distribution_recipient", "points_entry"]

    /// Each list as the schema spells it, and the same rule as comparisons.
    static let checkListRewrites: [(list: String, comparisons: String)] = [
        ("age_band", ["0-15", "16-17", "18-29", "30-64", "65+"]),
        ("sex", ["female", "male", "nonbinary", "unknown"]),
        ("kind", ["allowance", "spend", "lapse", "adjustment"])
    ].map { column, values in
        (
            "\(column) IN (" + values.map { "'\($0)'" }.joined(separator: ", ") + ")",
            "(" + values.map { "\(column) = '\($0)'" }.joined(separator: " OR ") + ")"
        )
    }

    /// SQLite's documented way to change a CHECK constraint in place (the
    /// rows already satisfy the new text, which says the same):
    /// writable_schema, then RESET so this connection reads the new text too.
    static func rewriteCheckLists(in db: Database) throws {
        guard !db.isPostgreSQL else { return }
        let tables = checkListTables.map { "'\($0)'" }.joined(separator: ", ")
        try db.execute("PRAGMA writable_schema = ON")
        do {
            for (list, comparisons) in checkListRewrites {
                try db.makeStatement(
                    "UPDATE sqlite_master SET sql = replace(sql, ?, ?) WHERE type = 'table' AND name IN (\(tables))"
                ).run([list, comparisons])
            }
        } catch {
            try? db.execute("PRAGMA writable_schema = OFF")
            throw error
        }
        try db.execute("PRAGMA writable_schema = RESET")
        try db.execute("PRAGMA writable_schema = OFF")
    }
}
