import ScortaHarness
import Testing

@testable import ScortaKit

/// Issue 16, market desk: a clerk voids their own checkout of the same day.
@Suite struct VoidTests {
    /// A household with 120 points, pasta and soap at the market, and one
    /// checkout by "tester" on 2026-01-10.
    func market(_ engine: Engine) throws -> (TestDatabase, String, Checkout) {
        let t = try TestDatabase(engine)
        try t.stockMarket(["AL-PAS": 20, "IG-SAP": 10])
        let household = try t.household("born=1980,sex=f", on: "2026-01-05")
        let done = try t.checkout(household, "AL-PAS:3", "IG-SAP:2", on: "2026-01-10")
        return (t, household, done)
    }

    func points(_ t: TestDatabase, _ code: String, _ date: String) throws -> Int {
        try PointsLedger(t.db).balance(try Households(t.db).household(code: code), on: try CivilDate(parsing: date))
    }

    @Test(arguments: Engine.tested) func theClerksOwnCheckoutOfTodayIsReversedWithStockAndPointsTogether(engine: Engine)
        throws
    {
        let (t, household, done) = try market(engine)
        let today = try CivilDate(parsing: "2026-01-10")
        #expect(try t.onHand("EMP", "AL-PAS") == 17)
        let before = try points(t, household, "2026-01-10")
        let voided = try Market(t.db).void(
            number: done.document.number, reason: "wrong card scanned", operatorName: "tester", today: today)
        #expect(voided.reversal.type == .reversal)
        #expect(voided.reversal.date == today)
        #expect(voided.points == done.evaluation.total)
        #expect(voided.householdCode == household)
        #expect(try t.onHand("EMP", "AL-PAS") == 20)
        #expect(try t.onHand("EMP", "IG-SAP") == 10)
        #expect(try points(t, household, "2026-01-10") == before + done.evaluation.total)
        // The one reversal path: the STO document points at the checkout, carries the reason, and is sealed.
        let row = try #require(
            try t.db.first(
                "SELECT reverses_id, reason, operator FROM document WHERE number = ?", [voided.reversal.number]
            ) {
                ($0.int64(0), $0.text(1), $0.text(2))
            })
        #expect(row.0 == done.document.id)
        #expect(row.1 == "void at the till: wrong card scanned")
        #expect(row.2 == "tester")
        #expect(try t.db.scalar("SELECT count(*) FROM chain WHERE document_id = ?", [voided.reversal.id]) == 1)
        #expect(try Consistency.problems(in: t.db) == [])
        #expect(try HashChain.verify(t.db).problems == [])
    }

    @Test(arguments: Engine.tested) func anotherClerksAnOlderOrAVoidedCheckoutIsRefusedAndNothingIsWritten(
        engine: Engine
    ) throws {
        let (t, _, done) = try market(engine)
        let number = done.document.number
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 1)],
            context: TestDatabase.on("2026-01-10"))
        let before = try t.dump()
        let market = Market(t.db)
        let today = try CivilDate(parsing: "2026-01-10")
        #expect(
            throws: ScortaError.refused(
                "\(number) was checked out by 'tester'; a clerk voids only their own checkouts (a manager can reverse it with 'scorta reverse')"
            )
        ) {
            try market.void(number: number, reason: "mistake", operatorName: "marco", today: today)
        }
        #expect(
            throws: ScortaError.refused(
                "\(number) is dated 2026-01-10; a clerk voids only checkouts of today, 2026-01-11 (a manager can reverse it with 'scorta reverse')"
            )
        ) {
            try market.void(
                number: number, reason: "mistake", operatorName: "tester", today: try CivilDate(parsing: "2026-01-11"))
        }
        #expect(
            throws: ScortaError.refused(
                "RIC-2026-00002 is not a market checkout; only checkouts are voided at the till (a manager reverses other documents with 'scorta reverse')"
            )
        ) {
            try market.void(number: "RIC-2026-00002", reason: "mistake", operatorName: "tester", today: today)
        }
        #expect(throws: ScortaError.invalid("document 'CON-2026-00099' does not exist")) {
            try market.void(number: "CON-2026-00099", reason: "mistake", operatorName: "tester", today: today)
        }
        #expect(throws: ScortaError.invalid("voiding a checkout needs a reason")) {
            try market.void(number: number, reason: "  ", operatorName: "tester", today: today)
        }
        #expect(try t.dump() == before)
        try market.void(number: number, reason: "mistake", operatorName: "tester", today: today)
        #expect(throws: ScortaError.refused("\(number) was already reversed by STO-2026-00001")) {
            try market.void(number: number, reason: "again", operatorName: "tester", today: today)
        }
    }

    @Test(arguments: Engine.tested) func anOutreachDistributionToAHouseholdIsNotACheckout(engine: Engine) throws {
        let (t, household, _) = try market(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 1)],
            context: TestDatabase.on("2026-01-10"))
        let posted = try Distributions(t.db).distribute(
            from: "MAG-A", to: .household(household), channel: "UMN",
            lines: [LineSpec(sku: "AL-PAS", quantity: 1)], context: TestDatabase.on("2026-01-10"))
        #expect(
            throws: ScortaError.refused(
                "\(posted.number) is not a market checkout; only checkouts are voided at the till (a manager reverses other documents with 'scorta reverse')"
            )
        ) {
            try Market(t.db).void(
                number: posted.number, reason: "mistake", operatorName: "tester",
                today: try CivilDate(parsing: "2026-01-10"))
        }
    }
}
