/// Everything `scorta check` proves, in one place, so that `restore` refuses
/// exactly what `check` would reject: the ledger replay (balances, reversals,
/// kit lots), the points ledger (each checkout's spend, balances never below
/// zero) and the report facts (one row per distribution, equal to its lines
/// and recipients).
public enum Consistency {
    public static func problems(in db: Database) throws -> [String] {
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
