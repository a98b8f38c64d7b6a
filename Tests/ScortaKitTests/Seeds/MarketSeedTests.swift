import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct MarketSeedTests {
    func market(_ change: (inout [String: Any]) -> Void) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: TestDatabase.seedsPath + "/market.json"))
        var object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        change(&object)
        return String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
    }

    @Test(arguments: Engine.tested) func theSeededRulesArePlausible(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let rules = try PointsRules.require(t.db, on: try CivilDate(parsing: "2026-06-01"))
        #expect(rules.cycle == .month && rules.lapse && rules.location == "EMP")
        #expect(try t.db.scalar("SELECT count(*) FROM market_price") ?? 0 >= 20)
        #expect(try Market(t.db).price(itemID: try t.catalogue.item(sku: "AL-PAS").id, on: rules.validFrom) == 3)
    }

    @Test func aBadEntryNamesTheFileAndTheEntry() throws {
        let loader = SeedLoaderTests()
        #expect(
            try loader.createFails(
                "market.json",
                try market { $0["prices"] = [["sku": "AL-PAS", "points": 3], ["sku": "AL-XXX", "points": 4]] })
                == "Seeds/market.json: entry prices[1] (AL-XXX): unknown item 'AL-XXX'")
        #expect(
            try loader.createFails("market.json", try market { $0["prices"] = [["sku": "AL-PAS"]] })
                == "Seeds/market.json: entry prices[0]: missing 'points'")
        #expect(
            try loader.createFails("market.json", try market { $0["cycle"] = ["kind": "week"] })
                == "Seeds/market.json: entry cycle: kind must be \"month\", or \"days\" with \"days\": 1 to 366")
        #expect(
            try loader.createFails(
                "market.json", try market { $0["limits"] = [["category": "hygene", "per": "visit", "quantity": 2]] }
            )
            .hasPrefix("Seeds/market.json: entry limits[0]: unknown report category 'hygene'"))
        #expect(
            try loader.createFails(
                "market.json", try market { $0["limits"] = [["sku": "AL-OLI", "per": "week", "quantity": 2]] })
                == "Seeds/market.json: entry limits[0]: per 'week' must be visit or cycle")
        #expect(
            try loader.createFails("market.json", try market { $0["location"] = "MAG-A" })
                == "Seeds/market.json: entry location: location 'MAG-A' is a warehouse, not a market")
    }
}
