/// The database schema, as ordered migrations. Each feature adds its own
/// migration in its own file; this list only orders them.
public enum Schema {
    public static var migrations: [Migration] {
        // `lotDocument` before `seal`: the chain's first sealing of every lot reads
        // `lot.document_id`. A database made before it has `seal` already and takes it last.
        [
            core, households, market, trust, reportFacts, ledgerRules, reversals, reorder, kitComponentOrder,
            cardReplacement, lotDocument, seal, checkLists, dependentOrdinal, noLotExpiryIndex, chainIndexes,
            noBalanceItemIndex, balancePicking
        ]
    }
}
