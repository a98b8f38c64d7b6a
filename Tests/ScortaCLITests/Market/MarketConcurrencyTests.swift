import Foundation
import ScortaHarness
import Testing

/// Two tills (two processes) selling the last bottle of oil at once: exactly
/// one checkout goes through, the other is refused and writes nothing.
@Suite struct MarketConcurrencyTests {
    @Test(arguments: Engine.tested) func twoCheckoutsRaceForTheLastUnit(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        try s.stockMarket("AL-OLI:1")
        let cards = [try s.register("--member", "born=1980,sex=f"), try s.register("--member", "born=1975,sex=m")]
        let results = ConcurrencyTests().racing(s, times: 2) { index in
            ["market", "checkout", "--card", cards[index], "AL-OLI:1", "--date", "2026-10-05"]
        }
        #expect(results.filter { $0.status == 0 }.count == 1, "\(results.map(\.stderr))")
        let refused = try #require(results.first { $0.status != 0 })
        #expect(refused.stderrWithoutWaits == "Error: out of stock: AL-OLI has 0 at EMP, 1 requested\n")
        #expect(
            s.sql(
                "SELECT coalesce(sum(quantity), 0) FROM balance b JOIN item i ON i.id = b.item_id WHERE i.sku = 'AL-OLI' AND b.location_id = (SELECT id FROM location WHERE code = 'EMP')"
            ) == "0")
        #expect(s.sql("SELECT count(*) FROM points_entry WHERE kind = 'spend'") == "1")
        #expect(s.sql("SELECT count(*) FROM document WHERE type = 'distribution'") == "1")
        #expect(s.sql("SELECT count(*) FROM distribution_recipient") == "1")
        #expect(s.run("check").status == 0)
    }
}
