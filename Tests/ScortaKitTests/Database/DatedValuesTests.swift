import ScortaHarness
import Testing

@testable import ScortaKit

/// Dated figures (unit values, points prices): what was true on a date stays true.
@Suite struct DatedValuesTests {
    @Test(arguments: Engine.tested) func theRowInForceOnADateAndNoSecondFigureForADate(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let soap = try t.catalogue.item(sku: "IG-SAP")
        let prices = DatedValues(db: t.db, table: "market_price", column: "points")
        let march = try CivilDate(parsing: "2026-03-01")
        let june = try CivilDate(parsing: "2026-06-01")
        try t.db.run("DELETE FROM market_price WHERE item_id = ?", [soap.id])
        #expect(try prices.value(itemID: soap.id, on: june) == nil)
        try prices.set(itemID: soap.id, 4, from: march, operatorName: "boss")
        try prices.set(itemID: soap.id, 6, from: june, operatorName: "boss")
        #expect(try prices.value(itemID: soap.id, on: try CivilDate(parsing: "2026-02-28")) == nil)
        #expect(try prices.value(itemID: soap.id, on: try CivilDate(parsing: "2026-05-31")) == 4)
        #expect(try prices.value(itemID: soap.id, on: june) == 6)
        // A date that has a figure already is never set again: a report may have read it.
        #expect(
            throws: ScortaError.refused(
                "IG-SAP already has a value from 2026-06-01 (6, recorded "
                    + (try t.db.scalarText(
                        "SELECT recorded_at FROM market_price WHERE item_id = ? AND valid_from = '2026-06-01'",
                        [soap.id]) ?? "")
                    + " by boss): a value once set for a date is never replaced; give a later date")
        ) {
            try prices.set(itemID: soap.id, 5, from: june, operatorName: "anna")
        }
        #expect(try prices.value(itemID: soap.id, on: try CivilDate(parsing: "2026-11-30")) == 6)
        #expect(try t.db.scalar("SELECT count(*) FROM market_price WHERE item_id = ?", [soap.id]) == 2)
    }
}
