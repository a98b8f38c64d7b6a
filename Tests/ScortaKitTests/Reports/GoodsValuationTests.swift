import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

/// A kit lot is valued by the recipe it was assembled with, on both engines;
/// on a server every kit lot's recipe comes in one round trip, however many
/// kit lots a year's report meets.
struct GoodsValuationTests {
    @Test(arguments: Engine.tested) func eachKitLotKeepsItsOwnRecipe(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let db = scenario.db
        let kit = try scenario.base.catalogue.item(sku: "KIT-LET").id
        func lot(_ code: String) throws -> Int64 {
            try #require(try db.scalar("SELECT id FROM lot WHERE code = ?", [code]))
        }
        func recipe(version: Int) throws -> [String] {
            try db.query(
                """
                SELECT i.sku, c.quantity FROM kit_component c JOIN kit_recipe r ON r.id = c.recipe_id
                JOIN item i ON i.id = c.item_id WHERE r.kit_item_id = ? AND r.version = ? ORDER BY i.sku
                """, [kit, version]
            ) { "\($0.text(0))×\($0.int(1))" }
        }
        let (lotA, lotB) = (try lot("LOTA"), try lot("LOTB"))
        let (first, second) = (try recipe(version: 1), try recipe(version: 2))
        #expect(first != second && second == ["EM-COP×2", "LE-LEN×1"])
        let valuation = try GoodsValuation(db)
        func shown(_ parts: [(itemID: Int64, quantity: Int)]) -> [String] {
            parts.map { "\(valuation.item($0.itemID).sku)×\($0.quantity)" }.sorted()
        }
        let before = roundTrips(db)
        #expect(shown(try valuation.recipe(kit: kit, lot: lotB, units: 1)) == second)
        #expect(shown(try valuation.recipe(kit: kit, lot: lotA, units: 1)) == first)
        #expect(shown(try valuation.recipe(kit: kit, lot: lotB, units: 1)) == second)
        if engine == .postgreSQL { #expect(roundTrips(db) - before == 1) }
        #expect(valuation.kitUnitsWithoutRecipe == 0)
    }

    func roundTrips(_ db: Database) -> Int {
        guard case .postgreSQL(let connection) = db.engine else { return 0 }
        return connection.roundTrips
    }
}
