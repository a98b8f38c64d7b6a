import ScortaHarness
import Testing

@testable import ScortaKit

/// Household, distribution and market queries return typed rows, checked by field.
@Suite struct HouseholdRowsTests {
    @Test(arguments: Engine.tested) func aHouseholdListsAndShowsAsTypedValues(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.stockMarket(["AL-PAS": 20])
        let code = try t.household("born=1980,sex=f,homeless=yes", "born=2015,sex=m", name: "Family R.")
        let rows = try Households(t.db).list(on: try CivilDate(parsing: "2026-01-20"))
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row.code == HouseholdCode.display(code) && row.members == 2 && row.referredBy == "CASC" && !row.erased)
        #expect(row.registeredOn == CivilDate(year: 2026, month: 1, day: 10) && row.card.hasPrefix("valid until "))

        let detail = try Households(t.db).show(code: code, on: try CivilDate(parsing: "2026-01-20"))
        #expect(detail.household.members.count == 2 && detail.household.name == "Family R.")
        #expect(detail.card == .valid(until: detail.cardPeriods[0].until))
        guard case .object(let members) = detail.json else {
            Issue.record("not an object")
            return
        }
        #expect(
            members.map(\.0) == [
                "code", "registered_on", "referred_by", "card", "card_periods", "replaced_cards", "members",
                "name_personal",
                "note_personal", "erased_at"
            ])
    }

    @Test(arguments: Engine.tested) func distributionRowsNameTheHouseholdOrSayAnonymous(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.stockMarket(["AL-PAS": 20])
        let code = try t.household("born=1980,sex=f", "born=2015,sex=m")
        let checkout = try t.checkout(code, "AL-PAS:2", on: "2026-01-20")
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 5)],
            context: TestDatabase.on("2026-01-02"))
        try Distributions(t.db).distribute(
            from: "MAG-A", to: .anonymous(.from30To64, .male), channel: "UMN",
            lines: [LineSpec(sku: "AL-PAS", quantity: 1)], context: TestDatabase.on("2026-01-21"))
        let rows = try Distributions(t.db).history().array()
        #expect(rows.map(\.household) == [HouseholdCode.display(code), nil])
        #expect(
            rows[0].document == checkout.document.number && rows[0].persons == 2 && rows[0].units == 2
                && rows[0].points == 6)
        #expect(
            rows[0].location == "EMP" && rows[1].location == "MAG-A" && rows[1].channel == "UMN"
                && rows[1].points == nil)
        #expect(
            TableSource([rows[1]]).columns.map(\.key) == [
                "date", "document", "channel", "location", "household", "persons", "units",
                "points", "reversed_by"
            ])
        #expect(Listing([rows[1]]).rows[0][4] == .string("anonymous"))
        #expect(try Distributions(t.db).history(channel: "UMN").array().map(\.persons) == [1])
    }

    @Test(arguments: Engine.tested) func pricesAndLimitsAreTyped(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.stockMarket(["AL-PAS": 20])
        let prices = try Market(t.db).prices(on: try CivilDate(parsing: "2026-01-20"))
        let pasta = try #require(prices.rows.first { $0.sku == "AL-PAS" })
        #expect(pasta.points == 3 && pasta.stock == 20)
        #expect(prices.table.columns.last?.title == "AT \(prices.location)")
        try Market(t.db).setLimit(sku: "AL-PAS", category: nil, per: "visit", quantity: 4)
        #expect(try Market(t.db).limits().contains(LimitRow(appliesTo: "AL-PAS", per: .visit, quantity: 4)))
    }

    /// Limits are listed by what they apply to, per visit before per cycle, whatever order they were set in
    /// (sorted in Swift, as SQLite's text order).
    @Test(arguments: Engine.tested) func limitsAreListedByWhatTheyApplyToVisitBeforeCycle(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let market = Market(t.db)
        try market.setLimit(sku: nil, category: "child", per: "cycle", quantity: 5)
        try market.setLimit(sku: "AL-PAS", category: nil, per: "cycle", quantity: 9)
        try market.setLimit(sku: "AL-PAS", category: nil, per: "visit", quantity: 4)
        #expect(
            try market.limits().map { "\($0.appliesTo) \($0.per.rawValue) \($0.quantity)" } == [
                "AL-OLI visit 1", "AL-OLI cycle 2", "AL-PAS visit 4", "AL-PAS cycle 9", "AL-TON visit 3",
                "BI-PAN visit 2", "IG-ASS cycle 3", "child items cycle 5", "hygiene items cycle 12"
            ])
    }
}
