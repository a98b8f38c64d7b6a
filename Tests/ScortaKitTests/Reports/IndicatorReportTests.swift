import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

/// The figures of `ReportScenario`, worked out by hand.
@Suite struct IndicatorReportTests {
    /// FEAD breakdown order: children ≤15, 65+, women, migrants, disabilities, homeless.
    @Test(arguments: Engine.tested) func feadPersonsCountedOnceWithBreakdowns(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let reach = try scenario.report("fead-2014").all.reach
        // H1 (three distributions in March) once, H4's four, two anonymous; H2 was reversed.
        #expect(reach.anyone.total == 7)
        #expect(reach.anyone.estimates == 2)
        #expect(reach.material.total == 7)
        #expect(reach.material.estimates == 2)
        // ≤15: the boy (15 at his first March distribution, 16 at the second) and the girl (2026 − 2018 = 8).
        // 65+: the man born 1950 and the anonymous 65+. Women: H4's two and the anonymous woman; one sex unknown.
        // Migrants: the H4 woman; the two anonymous unknown. Disabilities: the H4 man. Homeless: H1; the H4
        // woman and the two anonymous unknown.
        #expect(reach.material.yes == [2, 2, 3, 1, 1, 1])
        #expect(reach.material.unknown == [0, 0, 1, 2, 2, 3])
        // Food: only H4's pasta, so H4's four members, counted apart from material support.
        #expect(reach.food.total == 4)
        #expect(reach.food.estimates == 0)
        #expect(reach.food.yes == [2, 1, 2, 1, 1, 0])
        #expect(reach.food.unknown == [0, 0, 0, 0, 0, 1])
    }

    /// ESF+ order: children <18, 18-29, 65+, women, disabilities, third-country, foreign/minorities, homeless.
    @Test(arguments: Engine.tested) func esfBreakdowns(engine: Engine) throws {
        let reach = try ReportScenario(engine).report("esf-2021").all.reach
        #expect(reach.material.total == 7)
        #expect(reach.material.yes == [2, 1, 2, 3, 1, 1, 1, 1])
        #expect(reach.material.unknown == [0, 0, 0, 1, 2, 2, 2, 3])
    }

    @Test(arguments: Engine.tested) func kitsValuedThroughTheRecipeTheirLotWasAssembledWith(engine: Engine) throws {
        let result = try ReportScenario(engine).report("fead-2014")
        // Lot A (v1): LE-LEN 15.00 + LE-FED 3.00 other, LE-PIU 25.00 sleeping, LE-ASC 9.00 hygiene.
        // Lot B (v2): LE-LEN 15.00 other, 2 × EM-COP 9.00 sleeping.
        // Hygiene also: IG-RAS 0.35, H1's IG-SAP 0.90, IG-SHA 2.10, IG-DEN 1.20, the anonymous IG-SAP 0.90.
        // Sleeping also: the anonymous EM-COP 9.00.
        #expect(result.all.centsByCategory["other"] == 3300)
        #expect(result.all.centsByCategory["sleeping"] == 5200)
        #expect(result.all.centsByCategory["hygiene"] == 1445)
        #expect(result.all.goodsCents == 9945)
        #expect(result.all.foodCents == 225)
        #expect(result.all.foodGrams == 1500)
        #expect(result.all.gramsByCategory["food-starch"] == 1500)
        let kit = try #require(result.all.items[try ReportScenario.itemID(result, "KIT-LET")])
        #expect(kit.quantity == 2 && kit.cents == 5200 + 3300)
    }

    @Test(arguments: Engine.tested) func esfTargetGroupsAddUpToTheCent(engine: Engine) throws {
        let all = try ReportScenario(engine).report("esf-2021").all
        // H4's 52.35 (kit 52.00 + razor 0.35) in four shares of 13.0875: children 26.175, other 26.175;
        // the tie on the leftover cent goes to the earlier group. H1's 4.20 + 33.00 to homeless;
        // the anonymous 0.90 and 9.00 to other (homeless unknown). Pasta 2.25: 1.125 + 1.125.
        #expect(all.goodsByGroup == [2618, 3720, 3607])
        #expect(all.goodsByGroup.reduce(0, +) == all.goodsCents)
        #expect(all.foodByGroup == [113, 0, 112])
        #expect(all.foodByGroup.reduce(0, +) == all.foodCents)
    }

    @Test func largestRemainderApportionment() {
        #expect(apportion(1000, weights: [1, 1, 1]) == [334, 333, 333])
        #expect(apportion(1001, weights: [1, 0, 2]) == [334, 0, 667])
        #expect(apportion(5, weights: [0, 0, 0]) == [0, 0, 0])
        for total in [0, 1, 7, 99, 12_345] {
            #expect(apportion(total, weights: [3, 5, 7]).reduce(0, +) == total)
        }
    }

    @Test(arguments: Engine.tested) func periodBoundariesAreInclusive(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let day = { (text: String) in
            try DistributionFilter(from: CivilDate(parsing: text), to: CivilDate(parsing: text))
        }
        // Only H1's soap on the first and the toothpaste on the last day of March.
        let first = try scenario.report("fead-2014", filter: try day("2026-03-01")).all
        #expect(first.reach.anyone.total == 1 && first.goodsCents == 90)
        let last = try scenario.report("fead-2014", filter: try day("2026-03-31")).all
        #expect(last.reach.anyone.total == 1 && last.goodsCents == 120)
    }

    @Test(arguments: Engine.tested) func reversedDistributionsAreLeftOut(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let day = try DistributionFilter(from: CivilDate(parsing: "2026-03-20"), to: CivilDate(parsing: "2026-03-21"))
        let result = try scenario.report("fead-2014", filter: day).all
        #expect(result.distributions == 0)
        #expect(result.reach.anyone.total == 0)
    }

    @Test(arguments: Engine.tested) func erasedHouseholdCountsTheSame(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let organisation = try Organisation.load(scenario.db)
        var heads: [String] = []
        func json() throws -> String {
            let (out, text) = TextOutput.collecting()
            var result = try scenario.report("esf-2021")
            heads.append(try #require(result.anchor).head)
            // Every figure is the same; only the seal line moves on (the erasure is itself a sealed record).
            result.anchor = nil
            try result.document(language: .english, organisation: organisation).writeJSON(to: out)
            return text()
        }
        let before = try json()
        try Households(scenario.db).erase(code: scenario.h4)
        try Households(scenario.db).erase(code: scenario.h1)
        #expect(try json() == before)
        #expect(heads[0] != heads[1])
        #expect(before.contains("\"persons\":7"))
    }

    @Test(arguments: Engine.tested) func byChannelAndLocation(engine: Engine) throws {
        let result = try ReportScenario(engine).report("fead-2014")
        // UMN: H1 on 03-01 and 03-31, both anonymous contacts (H2's reversed one is out).
        #expect(result.channels["UMN"]?.reach.anyone.total == 3)
        #expect(result.channels["UMN"]?.reach.anyone.estimates == 2)
        #expect(result.channels["HF"]?.reach.anyone.total == 4)
        #expect(result.channels["EMP"]?.reach.food.total == 4)
        #expect(result.locations["MAG-A"]?.reach.anyone.total == 7)
    }

    @Test(arguments: Engine.tested) func filterByChannel(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        var filter = scenario.march
        filter.channelCode = "CD"
        let result = try scenario.report("fead-2014", filter: filter).all
        #expect(result.reach.anyone.total == 1)
        #expect(result.goodsCents == 210 + 3300)
    }

    @Test(arguments: Engine.tested) func rulesArePrintedAtTheEnd(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let document = try scenario.report("esf-2021").document(
            language: .italian, organisation: try Organisation.load(scenario.db))
        let (out, text) = TextOutput.collecting()
        try document.writeText(to: out)
        let printed = text()
        #expect(printed.contains("Regole di conteggio applicate"))
        #expect(printed.contains("resti più alti"))
        #expect(printed.contains("EMCR10"))
        #expect(printed.hasSuffix("Cofinanziato dall'Unione europea\n\n"))
    }
}

extension ReportScenario {
    static func itemID(_ result: IndicatorReport.Result, _ sku: String) throws -> Int64 {
        try #require(result.valuation.items.first { $0.value.sku == sku }?.key)
    }
}
