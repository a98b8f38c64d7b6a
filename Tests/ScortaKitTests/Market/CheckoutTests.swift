import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct CheckoutTests {
    /// A market with 10 pasta, 3 oil, 20 soap and a one-person household
    /// (120 points) whose card runs 2026-01-10 to 2026-07-09.
    func market(_ engine: Engine) throws -> (TestDatabase, String) {
        let t = try TestDatabase(engine)
        try t.stockMarket(["AL-PAS": 10, "AL-OLI": 3, "IG-SAP": 20, "EM-SAC": 1])
        return (t, try t.household("born=1985,sex=f", on: "2026-01-10"))
    }

    /// Runs a checkout that must be refused with exactly `reasons`, and proves nothing was written.
    func refused(
        _ t: TestDatabase, _ code: String, _ lines: [String], on date: String = "2026-01-20", _ reasons: [String]
    ) throws {
        let before = try t.dump()
        #expect(throws: ScortaError.refusedAll(reasons)) {
            try Market(t.db).checkout(
                card: code, lines: try lines.map { try LineSpec(parsing: $0) }, context: TestDatabase.on(date))
        }
        #expect(try t.dump() == before)
    }

    @Test(arguments: Engine.tested) func aCheckoutMovesStockPointsAndTheDistributionTogether(engine: Engine) throws {
        let (t, code) = try market(engine)
        let done = try t.checkout(code, "AL-PAS:3", "AL-OLI:1", "8001234567859:1", on: "2026-01-20")
        #expect(done.evaluation.total == 4 * 3 + 12)
        #expect(done.evaluation.left == 120 - 24)
        #expect(try t.onHand("EMP", "AL-PAS") == 6)
        #expect(
            try t.db.scalarText(
                "SELECT type || ' ' || (SELECT code FROM channel WHERE id = channel_id) FROM document WHERE number = ?",
                [done.document.number]) == "distribution EMP")
        #expect(
            try t.db.scalar("SELECT count(*) FROM distribution_recipient WHERE document_id = ?", [done.document.id])
                == 1)
        #expect(try t.db.scalar("SELECT points FROM points_entry WHERE document_id = ?", [done.document.id]) == -24)
        let receipt = try Market(t.db).receipt(number: done.document.number)
        #expect(receipt.contains(HouseholdCode.display(code)))
        #expect(receipt.contains("Punti rimasti / Points left                   96"))
        #expect(receipt.contains("Cofinanziato dall'Unione europea"))
        #expect(try t.ledger.check().isEmpty)
    }

    @Test(arguments: Engine.tested) func everyRefusalReasonAloneLeavesTheDatabaseUnchanged(engine: Engine) throws {
        let (t, code) = try market(engine)
        try refused(t, code, ["AL-PAS:2"], on: "2026-07-10", ["the card expired on 2026-07-09"])
        try refused(t, code, ["AL-PAS:2"], on: "2026-01-09", ["the card is valid only from 2026-01-10"])
        try refused(t, code, ["AL-PAS:11"], ["out of stock: AL-PAS has 10 at EMP, 11 requested"])
        try refused(t, code, ["AL-OLI:2"], ["over the limit: AL-OLI at most 1 per visit, 2 in the basket"])
        try refused(
            t, code, ["IG-SAP:13"],
            ["over the limit: hygiene items at most 12 per cycle (from 2026-01-01), 0 already taken, 13 in the basket"])
    }

    /// The benchmark posts a month of checkouts in one all-or-nothing transaction (no savepoint a
    /// checkout on SQLite): a refused checkout writes nothing, not even the allowance it settles
    /// (a first visit), so the month goes on and commits.
    @Test(arguments: Engine.tested) func aRefusedCheckoutWritesNothingInsideAnAllOrNothingTransaction(engine: Engine)
        throws
    {
        let (t, code) = try market(engine)
        try t.db.run("UPDATE market_price SET points = 20 WHERE item_id = (SELECT id FROM item WHERE sku = 'AL-PAS')")
        try t.db.inTransaction(units: .allOrNothing) {
            try refused(t, code, ["AL-PAS:7"], ["not enough points: the basket costs 140, 120 left"])
            #expect(try t.db.scalar("SELECT count(*) FROM points_entry") == 0)
            try t.checkout(code, "AL-PAS:2", on: "2026-01-20")
        }
        #expect(
            try t.db.query("SELECT kind, points FROM points_entry ORDER BY id") { "\($0.text(0)) \($0.int(1))" } == [
                "allowance 120", "spend -40"
            ])
        #expect(try PointsLedger(t.db).check().isEmpty)
        #expect(try t.ledger.check().isEmpty)
    }

    @Test(arguments: Engine.tested) func notEnoughPointsSuspendedCardAndNoPrice(engine: Engine) throws {
        let (t, code) = try market(engine)
        try t.db.run("UPDATE market_price SET points = 20 WHERE item_id = (SELECT id FROM item WHERE sku = 'AL-PAS')")
        try refused(t, code, ["AL-PAS:7"], ["not enough points: the basket costs 140, 120 left"])
        try refused(t, code, ["EM-SAC:1"], ["EM-SAC has no points price at the market"])
        try Cards(t.db).suspend(
            code: code, on: try CivilDate(parsing: "2026-01-15"), reason: "pause", operatorName: "tester")
        try refused(t, code, ["AL-PAS:1"], ["the card is suspended since 2026-01-15"])
    }

    @Test(arguments: Engine.tested) func aBackdatedCheckoutCannotSpendPointsAlreadySpentLaterInTheCycle(engine: Engine)
        throws
    {
        let (t, code) = try market(engine)
        try t.db.run("UPDATE market_price SET points = 20 WHERE item_id = (SELECT id FROM item WHERE sku = 'AL-PAS')")
        try t.checkout(code, "AL-PAS:4", on: "2026-01-25")
        // On the 15th the balance alone says 120, but 80 of it is spent on the 25th.
        try refused(t, code, ["AL-PAS:3"], on: "2026-01-15", ["not enough points: the basket costs 60, 40 left"])
        try t.checkout(code, "AL-PAS:2", on: "2026-01-15")
        #expect(try PointsLedger(t.db).check().isEmpty)
    }

    @Test(arguments: Engine.tested) func aRefusalListsEveryReasonAtOnce(engine: Engine) throws {
        let (t, code) = try market(engine)
        try t.checkout(code, "AL-OLI:1", on: "2026-01-12")
        try t.checkout(code, "AL-OLI:1", on: "2026-01-13")
        try refused(
            t, code, ["AL-OLI:1", "AL-PAS:40"], on: "2026-01-20",
            [
                "out of stock: AL-PAS has 10 at EMP, 40 requested",
                "over the limit: AL-OLI at most 2 per cycle (from 2026-01-01), 2 already taken, 1 in the basket",
                "not enough points: the basket costs 132, 96 left"
            ])
    }

    @Test(arguments: Engine.tested) func anOverrideExceedsALimitAndIsRecordedWithItsReason(engine: Engine) throws {
        let (t, code) = try market(engine)
        let done = try t.checkout(code, "AL-OLI:2", on: "2026-01-20", override: "family of five this week")
        #expect(done.evaluation.overridden == ["over the limit: AL-OLI at most 1 per visit, 2 in the basket"])
        #expect(
            try t.db.first(
                "SELECT rule, reason, operator FROM market_override WHERE document_id = ?", [done.document.id]
            ) {
                [$0.text(0), $0.text(1), $0.text(2)]
            } == ["over the limit: AL-OLI at most 1 per visit, 2 in the basket", "family of five this week", "tester"])
        #expect(
            try t.db.scalarText("SELECT reason FROM document WHERE id = ?", [done.document.id])
                == "limit override: family of five this week")
        // An override never buys points or stock.
        try refused(
            t, code, ["AL-OLI:5"],
            [
                "out of stock: AL-OLI has 1 at EMP, 5 requested",
                "over the limit: AL-OLI at most 1 per visit, 5 in the basket",
                "over the limit: AL-OLI at most 2 per cycle (from 2026-01-01), 2 already taken, 5 in the basket"
            ])
    }

    @Test(arguments: Engine.tested) func aReversedCheckoutGivesPointsAndLimitsBack(engine: Engine) throws {
        let (t, code) = try market(engine)
        let done = try t.checkout(code, "AL-OLI:1", "AL-PAS:2", on: "2026-01-20")
        let household = try Households(t.db).household(code: code)
        #expect(try PointsLedger(t.db).balance(household, on: try CivilDate(parsing: "2026-01-20")) == 102)
        try t.ledger.reverse(number: done.document.number, reason: "wrong card", context: TestDatabase.on("2026-01-21"))
        #expect(try PointsLedger(t.db).balance(household, on: try CivilDate(parsing: "2026-01-21")) == 120)
        #expect(try t.onHand("EMP", "AL-OLI") == 3)
        try t.checkout(code, "AL-OLI:1", on: "2026-01-22")
        try t.checkout(code, "AL-OLI:1", on: "2026-01-23")
        #expect(try t.ledger.check().isEmpty)
    }

    /// The points a checkout judges from are read from the entries and their reversals' dates, not
    /// through the `points_movement` view: they must add up to what the view says, with a spend refunded
    /// in the same cycle and one refunded in the next (its spend before the cycle read in detail, its
    /// refund in it).
    @Test(arguments: Engine.tested) func refundsInTheSameAndTheNextCycleCountAsTheViewSays(engine: Engine) throws {
        let (t, code) = try market(engine)
        let refundedNextCycle = try t.checkout(code, "AL-PAS:2", on: "2026-01-20")
        let refundedSameCycle = try t.checkout(code, "IG-SAP:1", on: "2026-01-22")
        try t.checkout(code, "AL-PAS:1", on: "2026-01-24")
        try t.ledger.reverse(
            number: refundedSameCycle.document.number, reason: "wrong card", context: TestDatabase.on("2026-01-25"))
        try t.ledger.reverse(
            number: refundedNextCycle.document.number, reason: "wrong card", context: TestDatabase.on("2026-02-03"))
        try t.checkout(code, "AL-PAS:1", on: "2026-02-05")
        let household = try Households(t.db).household(code: code)
        for day in ["2026-01-22", "2026-01-25", "2026-02-03", "2026-02-05"] {
            let viewed = try t.db.scalar(
                "SELECT coalesce(sum(points), 0) FROM points_movement WHERE household_id = ? AND date <= ?",
                [household.id, day])
            #expect(try PointsLedger(t.db).balance(household, on: try CivilDate(parsing: day)) == Int(viewed ?? -1))
        }
        // Both refunds came back: the February checkout could spend them (120 a month, 3 points a pasta).
        #expect(
            try t.db.scalar(
                "SELECT count(*) FROM points_movement WHERE household_id = ? AND kind = 'refund'",
                [
                    household.id
                ]) == 2)
        #expect(try PointsLedger(t.db).check().isEmpty)
        #expect(try t.ledger.check().isEmpty)
    }

    /// A checkout checks its date once, before the card (its posting does not ask again): dated in a
    /// closed period it is refused with the close's message, an unknown card notwithstanding, and
    /// writes nothing; the day after the close it goes through.
    @Test(arguments: Engine.tested) func aCheckoutInAClosedPeriodIsRefusedBeforeItsCard(engine: Engine) throws {
        let (t, code) = try market(engine)
        try t.ledger.closePeriod(until: try CivilDate(parsing: "2026-01-20"), operatorName: "boss")
        let closed = "the period up to 2026-01-20 is closed: a document dated 2026-01-20 cannot be posted"
        let before = try t.dump()
        #expect(throws: ScortaError.refused(closed)) { try t.checkout(code, "AL-PAS:1", on: "2026-01-20") }
        #expect(throws: ScortaError.refused(closed)) { try t.checkout("NOPE-NOPE-0", "AL-PAS:1", on: "2026-01-20") }
        #expect(try t.dump() == before)
        #expect(try t.checkout(code, "AL-PAS:1", on: "2026-01-21").evaluation.total == 3)
        #expect(try t.ledger.check().isEmpty)
    }

    /// A checkout reads the limits by their keys alone and names them from its basket: the same
    /// limits, labels and order as the market's list, less those on nothing in the basket.
    @Test(arguments: Engine.tested) func aCheckoutJudgesTheLimitsTheMarketListsOnWhatItHolds(engine: Engine) throws {
        let (t, _) = try market(engine)
        let market = Market(t.db)
        try market.setLimit(sku: nil, category: "food-starch", per: "cycle", quantity: 40)
        try market.setLimit(sku: nil, category: "sleeping", per: "visit", quantity: 1)
        try market.setLimit(sku: "AL-PAS", category: nil, per: "cycle", quantity: 9)
        try market.setLimit(sku: "AL-PAS", category: nil, per: "visit", quantity: 4)
        try market.setLimit(sku: "IG-SAP", category: nil, per: "visit", quantity: 2)
        let catalogue = Catalogue(t.db)
        let basket = try ["AL-PAS", "AL-OLI", "EM-SAC"].map { (item: try catalogue.item(sku: $0), quantity: 1) }
        let listed = try market.limitRules().filter { limit in basket.contains { limit.covers($0.item) } }
        let judged = try market.limitRules(covering: basket)
        #expect(judged.map(\.label) == listed.map(\.label))
        #expect(judged.map(\.scope) == listed.map(\.scope))
        #expect(judged.map(\.quantity) == listed.map(\.quantity))
        #expect(judged.map(\.itemID) == listed.map(\.itemID))
        #expect(judged.map(\.categoryCode) == listed.map(\.categoryCode))
        #expect(judged.count >= 4 && !judged.contains { $0.label == "IG-SAP" })
    }

    /// A household's entries are read with each spend's reversal looked up by its own key, never
    /// joined to the documents: joined, the server chose to hash every document of the ledger for a
    /// household with a few dozen entries (3 M of a one-shot checkout's 30 M instructions).
    @Test(.enabled(if: PostgreSQLCluster.enabled)) func aHouseholdsEntriesAreReadWithoutJoiningTheDocuments() throws {
        let (t, code) = try market(.postgreSQL)
        try t.checkout(code, "AL-PAS:1", on: "2026-01-20")
        let household = try Households(t.db).household(code: code)
        let plan = try t.db.makeStatement("EXPLAIN " + PointsLedger.entriesSQL.description).map([household.id]) {
            $0.text(0)
        }
        #expect(plan.contains { $0.contains("SubPlan") })
        #expect(!plan.contains { $0.contains("Join") })
    }

    /// On a server a one-line checkout (its household's cycle already settled) costs 6 round trips
    /// once connected: the basket's codes, the closed period and the card travel with the
    /// transaction's beginning, the members with the household's other reads (the points' entries
    /// and the market's location among them), the channel and the posting's check of the date with
    /// the judging's reads, the document's number and the ids of the document, its line and the
    /// points spent (`Database.reserveIDs`) with the posting's first read; every write (the
    /// decrement judged with their answers) with the chain's head, then the seal with COMMIT. Each
    /// is two context switches even on loopback: one more fails here.
    @Test(.enabled(if: PostgreSQLCluster.enabled)) func aOneLineCheckoutOnAServerTakesSixRoundTrips() throws {
        let (t, code) = try market(.postgreSQL)
        try t.checkout(code, "AL-PAS:1", on: "2026-01-20")
        guard case .postgreSQL(let connection) = t.db.engine else {
            Issue.record("not a PostgreSQL database")
            return
        }
        let before = connection.roundTrips
        let done = try t.checkout(code, "AL-PAS:1", on: "2026-01-21")
        #expect(connection.roundTrips - before == 6)
        #expect(done.evaluation.total == 3)
        #expect(try t.ledger.check().isEmpty)
        // The ids taken ahead are the ones the server would have given: none skipped, as on SQLite.
        for table in ["document", "document_line", "points_entry"] {
            #expect(
                try t.db.makeStatement("SELECT max(id) - count(*) FROM \(table)").scalar() == 0, "\(table)")
        }
        let verified = try HashChain.verify(t.db)
        #expect(verified.firstBroken == nil && verified.problems.isEmpty)
    }

    @Test(arguments: Engine.tested) func checkFindsPointsThatDoNotAddUp(engine: Engine) throws {
        let (t, code) = try market(engine)
        let done = try t.checkout(code, "AL-PAS:2", on: "2026-01-20")
        #expect(try PointsLedger(t.db).check().isEmpty)
        try t.db.run("UPDATE points_entry SET points = -200 WHERE kind = 'spend'")
        #expect(
            try PointsLedger(t.db).check() == [
                "checkout \(done.document.number) spent 200 points but its items cost 6",
                "points of \(HouseholdCode.display(code)) go below zero (-80) on 2026-01-20"
            ])
    }
}
