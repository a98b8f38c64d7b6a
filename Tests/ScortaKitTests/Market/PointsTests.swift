import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct PointsTests {
    func rules(_ t: TestDatabase) throws -> PointsRules {
        try PointsRules.require(t.db, on: try CivilDate(parsing: "2026-01-01"))
    }

    @Test(arguments: Engine.tested) func allowanceFromComposition(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let rules = try rules(t)  // Seeds/market.json: 120 + 40 per further member + 20 per child under 18, at most 400
        #expect(rules.allowance(ages: []) == 0)
        #expect(rules.allowance(ages: [40]) == 120)
        #expect(rules.allowance(ages: [40, 38]) == 160)
        #expect(rules.allowance(ages: [40, 38, 5, 17]) == 120 + 40 * 3 + 20 * 2)
        #expect(rules.allowance(ages: [40, 18, nil]) == 200)
        #expect(rules.allowance(ages: Array(repeating: 3, count: 9)) == 400)
        // Through the database: an assumed band 0-15 is a child, 30-64 is not.
        let code = try t.household("born=1985,sex=f", "band=0-15,sex=m", "born=2012-05-01,sex=f")
        let household = try Households(t.db).household(code: code)
        #expect(try PointsLedger(t.db).balance(household, on: try CivilDate(parsing: "2026-01-10")) == 120 + 80 + 40)
    }

    @Test(arguments: Engine.tested) func unusedPointsLapseAtTheEndOfTheCycle(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.stockMarket(["AL-PAS": 20])
        let code = try t.household("born=1985,sex=f", on: "2026-01-10")
        try t.checkout(code, "AL-PAS:3", on: "2026-01-20")
        let household = try Households(t.db).household(code: code)
        let points = PointsLedger(t.db)
        #expect(try points.balance(household, on: try CivilDate(parsing: "2026-01-31")) == 111)
        #expect(try points.balance(household, on: try CivilDate(parsing: "2026-02-01")) == 120)
        #expect(
            try points.pending(household, through: try CivilDate(parsing: "2026-02-01"), rules: try rules(t)) == [
                .init(
                    date: try CivilDate(parsing: "2026-01-31"), kind: "lapse", points: -111,
                    cycleStart: try CivilDate(parsing: "2026-01-01")),
                .init(
                    date: try CivilDate(parsing: "2026-02-01"), kind: "allowance", points: 120,
                    cycleStart: try CivilDate(parsing: "2026-02-01"))
            ])
        // The next checkout writes them; the statement then shows them as recorded.
        try t.checkout(code, "AL-PAS:1", on: "2026-02-03")
        let statement = try points.statement(code: code, through: try CivilDate(parsing: "2026-02-03"))
        #expect(
            statement.map {
                "\($0.date) \($0.kind) \($0.points) \($0.balance) \($0.cycle?.description ?? "-") \($0.document ?? "-")"
            } == [
                "2026-01-10 allowance 120 120 2026-01-01 -",
                "2026-01-20 spend -9 111 2026-01-01 CON-2026-00001",
                "2026-01-31 lapse -111 0 2026-01-01 -",
                "2026-02-01 allowance 120 120 2026-02-01 -",
                "2026-02-03 spend -3 117 2026-02-01 CON-2026-00002"
            ])
        #expect(statement.allSatisfy { $0.reason == nil })
        // From a date on: the balance still runs from the start.
        let later = try points.statement(
            code: code, through: try CivilDate(parsing: "2026-02-02"), from: try CivilDate(parsing: "2026-01-31"))
        #expect(later.map { "\($0.kind) \($0.balance)" } == ["lapse 0", "allowance 120"])
        #expect(
            throws: ScortaError.refused(
                "the points of \(HouseholdCode.display(code)) are already counted up to the cycle starting 2026-02-01; a market document cannot be dated 2026-01-25"
            )
        ) {
            try t.checkout(code, "AL-PAS:1", on: "2026-01-25")
        }
    }

    @Test(arguments: Engine.tested) func cyclesOfNDaysCountFromTheFirstCard(engine: Engine) throws {
        var rules = try rules(TestDatabase(engine))
        rules.cycle = .days(28)
        let anchor = try CivilDate(parsing: "2026-01-10")
        let first = rules.cycle(containing: anchor, anchor: anchor)
        #expect(first.start.description == "2026-01-10" && first.end.description == "2026-02-06")
        #expect(
            rules.cycle(containing: try CivilDate(parsing: "2026-02-06"), anchor: anchor).end.description
                == "2026-02-06")
        #expect(
            rules.cycle(containing: try CivilDate(parsing: "2026-02-07"), anchor: anchor).start.description
                == "2026-02-07")
        #expect(
            rules.cycle(containing: try CivilDate(parsing: "2026-01-09"), anchor: anchor).start.description
                == "2025-12-13")
    }

    @Test(arguments: Engine.tested) func withoutLapseUnusedPointsCarryOver(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.db.run("UPDATE points_rule SET lapse = 0")
        let code = try t.household("born=1985,sex=f", on: "2026-01-10")
        let household = try Households(t.db).household(code: code)
        #expect(try PointsLedger(t.db).balance(household, on: try CivilDate(parsing: "2026-03-01")) == 360)
    }

    @Test(arguments: Engine.tested) func manualAdjustmentNeedsAReasonAndCannotGoNegative(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let code = try t.household("born=1985,sex=f", on: "2026-01-10")
        let context = TestDatabase.on("2026-01-12")
        #expect(try PointsLedger(t.db).adjust(code: code, points: 30, reason: "late referral", context: context) == 150)
        #expect(throws: ScortaError.refused("\(HouseholdCode.display(code)) has 150 points; cannot take 200")) {
            try PointsLedger(t.db).adjust(code: code, points: -200, reason: "mistake", context: context)
        }
        #expect(try t.db.scalarText("SELECT reason FROM points_entry WHERE kind = 'adjustment'") == "late referral")
    }

    @Test(arguments: Engine.tested) func cardRenewalSuspensionAndExpiry(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let code = try t.household("born=1985,sex=f", on: "2026-01-10", months: 3)
        let cards = Cards(t.db)
        let id = try Households(t.db).household(code: code).id
        #expect(
            try cards.status(householdID: id, on: try CivilDate(parsing: "2026-04-09"))
                == .valid(until: try CivilDate(parsing: "2026-04-09")))
        #expect(
            try cards.status(householdID: id, on: try CivilDate(parsing: "2026-04-10"))
                == .expired(on: try CivilDate(parsing: "2026-04-09")))
        let renewed = try cards.renew(
            code: code, on: try CivilDate(parsing: "2026-04-01"), months: 6, operatorName: "tester")
        #expect(renewed.from.description == "2026-04-10" && renewed.until.description == "2026-10-09")
        #expect(
            try cards.status(householdID: id, on: try CivilDate(parsing: "2026-04-01"))
                == .valid(until: try CivilDate(parsing: "2026-10-09")))
        try cards.suspend(
            code: code, on: try CivilDate(parsing: "2026-05-01"), reason: "pause between terms", operatorName: "tester")
        #expect(
            try cards.status(householdID: id, on: try CivilDate(parsing: "2026-06-01"))
                == .suspended(since: try CivilDate(parsing: "2026-05-01")))
        try cards.resume(code: code, on: try CivilDate(parsing: "2026-07-01"), operatorName: "tester")
        #expect(
            try cards.status(householdID: id, on: try CivilDate(parsing: "2026-06-30"))
                == .suspended(since: try CivilDate(parsing: "2026-05-01")))
        #expect(
            try cards.status(householdID: id, on: try CivilDate(parsing: "2026-07-01"))
                == .valid(until: try CivilDate(parsing: "2026-10-09")))
    }
}
