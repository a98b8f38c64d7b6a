/// The database schema, as ordered migrations. Each feature adds its own
/// migration in its own file; this list only orders them.
public enum Schema {
    public static var migrations: [Migration] {
        [
            core, households, market, trust, reportFacts, ledgerRules, reversals, reorder, kitComponentOrder,
            cardReplacement, seal, checkLists
        ]
    }
}
