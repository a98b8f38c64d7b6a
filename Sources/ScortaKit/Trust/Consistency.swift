/// Everything `scorta check` proves, in one place, so that `restore` refuses
/// exactly what `check` would reject: the ledger replay (balances, reversals,
/// kit lots), the points ledger (each checkout's spend, balances never below
/// zero) and the report facts (one row per distribution, equal to its lines
/// and recipients).
public enum Consistency {
    /// One read transaction: one snapshot while others post, and on a
    /// server the long walks come a batch of rows at a time (`PostgreSQLCursor`).
    public static func problems(in db: Database) throws -> [String] {
        try db.inSavepoint(.deferred) { try replay(db) }
    }

    static func replay(_ db: Database) throws -> [String] {
        try SignsOfLife.track("check", unit: "steps", total: 3) { meter in
            meter.step("ledger replay")
            var problems = try Ledger(db).check()
            meter.step("points ledger")
            problems += try PointsLedger(db).check()
            meter.step("report facts")
            return problems + (try DistributionFacts(db).check())
        }
    }
}
