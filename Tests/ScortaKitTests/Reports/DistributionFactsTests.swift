import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

/// The report facts cache (`distribution_fact`): written with every
/// distribution, proved by `check`, rebuilt by the backfill, and never
/// holding a figure that a later catalogue edit could make stale.
@Suite struct DistributionFactsTests {
    func factRows(_ db: Database) throws -> Int { Int(try db.scalar("SELECT count(*) FROM distribution_fact") ?? 0) }

    @Test(arguments: Engine.tested) func everyDistributionHasARowThatCheckAccepts(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let distributions = Int(
            try scenario.db.scalar("SELECT count(*) FROM document WHERE type = 'distribution'") ?? 0)
        #expect(distributions == 10)
        #expect(try factRows(scenario.db) == distributions)
        #expect(try DistributionFacts(scenario.db).check() == [])
    }

    @Test(arguments: Engine.tested) func checkNamesATamperedRowAndAMissingOne(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let db = scenario.db
        let (first, second) = try #require(
            try db.prepare(
                """
                SELECT min(document_id), max(document_id) FROM distribution_fact
                """
            ).first { ($0.int64(0), $0.int64(1)) })
        let numbers = try [first, second].map {
            try #require(try db.prepare("SELECT number FROM document WHERE id = ?").first([$0]) { $0.text(0) })
        }
        try db.run("UPDATE distribution_fact SET lines = ? WHERE document_id = ?", [SQLValue.blob([1, 2, 3]), first])
        try db.run("DELETE FROM distribution_fact WHERE document_id = ?", [second])
        #expect(
            try DistributionFacts(db).check() == [
                "report facts of \(numbers[0]) differ from its lines and recipients",
                "distribution \(numbers[1]) has no report facts row"
            ])
    }

    /// The migration's backfill fills in distributions written before it.
    @Test(arguments: Engine.tested) func backfillRestoresTheRowsAndTheSameReport(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let before = try scenario.report("esf-2021").all
        try scenario.db.run("DELETE FROM distribution_fact")
        #expect(try scenario.report("esf-2021").all.distributions == 0)
        try DistributionFacts(scenario.db).backfill()
        #expect(try factRows(scenario.db) == 10)
        #expect(try DistributionFacts(scenario.db).check() == [])
        let after = try scenario.report("esf-2021").all
        #expect(after.goodsByGroup == before.goodsByGroup && after.centsByCategory == before.centsByCategory)
        #expect(after.reach.material.yes == before.reach.material.yes && after.distributions == 7)
    }

    /// A database made before 0006-report-facts gets its rows when opened.
    @Test(arguments: Engine.tested) func theMigrationFillsInEarlierDistributions(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let db = scenario.db
        try db.execute(
            "DROP TABLE distribution_fact; DELETE FROM schema_migration WHERE identifier = '0006-report-facts'")
        try db.migrate()
        #expect(try factRows(db) == 10)
        #expect(try DistributionFacts(db).check() == [])
        #expect(try scenario.report("esf-2021").all.distributions == 7)
    }

    /// Values stay catalogue data: a value set later, backdated, changes the
    /// report at once (the facts hold quantities, not cents).
    @Test(arguments: Engine.tested) func aBackdatedValueChangesTheReport(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let before = try scenario.report("fead-2014").all.centsByCategory["hygiene"]
        #expect(before == 1445)
        let soap = try scenario.base.catalogue.item(sku: "IG-SAP")
        try scenario.base.catalogue.setValue(
            itemID: soap.id, cents: 100, from: CivilDate(year: 2026, month: 3, day: 1)!, operatorName: "tester")
        // H1's and the anonymous soap, 0.90 each, are now 1.00.
        #expect(try scenario.report("fead-2014").all.centsByCategory["hygiene"] == 1465)
    }

    @Test func varintsRoundTrip() {
        var bytes: [UInt8] = []
        let values: [Int64] = [0, 1, 127, 128, 300, 16_384, 1 << 40]
        for value in values { FactCoding.append(value, to: &bytes) }
        var read: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count { read.append(FactCoding.read(buffer.baseAddress!, &offset)) }
        }
        #expect(read == values.map(Int.init))
    }
}
