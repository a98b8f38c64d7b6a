import ScortaKit
import Testing

@testable import ScortaHarness

/// The full year's monthly counts take the first items held in one lot only (a count without a lot
/// must name one), the same items whether the ledger holds a few lots an item or hundreds.
@Suite final class DatasetGeneratorCountTests {
    let folder: ScratchFolder

    init() throws { folder = try ScratchFolder("scorta-generator-counts") }

    /// At MAG-A: soap in one lot, shower gel in two, toothbrushes without a lot, toothpaste in two
    /// lots of which one has gone to MAG-B whole, razors both without a lot and in one.
    func ledger() throws -> (DatasetGenerator, Int64) {
        let db = try Store.create(
            path: folder.path("counts.sqlite"), seeds: try SeedFiles.locate(explicit: nil),
            date: CivilDate(year: 2026, month: 1, day: 1)!, firstOperator: "bench")
        let ledger = Ledger(db)
        let day = PostingContext(date: CivilDate(year: 2026, month: 1, day: 5)!, operatorName: "bench")
        let expiry = CivilDate(year: 2027, month: 6, day: 30)!
        try ledger.receive(
            at: "MAG-A", from: "Fornitore",
            lines: [
                LineSpec(sku: "IG-SAP", quantity: 10, lot: "S1", expiry: expiry),
                LineSpec(sku: "IG-SHA", quantity: 4, lot: "G1", expiry: expiry),
                LineSpec(sku: "IG-SHA", quantity: 5, lot: "G2"),
                LineSpec(sku: "IG-SPZ", quantity: 7),
                LineSpec(sku: "IG-DEN", quantity: 3, lot: "D1", expiry: expiry),
                LineSpec(sku: "IG-DEN", quantity: 8, lot: "D2", expiry: expiry),
                LineSpec(sku: "IG-RAS", quantity: 2),
                LineSpec(sku: "IG-RAS", quantity: 6, lot: "R1")
            ], context: day)
        try ledger.transfer(
            from: "MAG-A", to: "MAG-B", lines: [LineSpec(sku: "IG-DEN", quantity: 3, lot: "D1")], context: day)
        return (DatasetGenerator(db: db, size: .smoke), try Catalogue(db).location(code: "MAG-A").id)
    }

    @Test func itemsHeldInOneLotComeInItemOrderUpToTheLimit() throws {
        let (generator, magA) = try ledger()
        let all = try generator.heldInOneLot(at: magA, limit: 5)
        #expect(all.map(\.sku) == ["IG-SAP", "IG-SPZ", "IG-DEN"])
        #expect(all.map(\.lot) == ["S1", nil, "D2"])
        #expect(all.map(\.quantity) == [10, 7, 8])
        #expect(try generator.heldInOneLot(at: magA, limit: 2).map(\.sku) == ["IG-SAP", "IG-SPZ"])
    }

    /// A place where nothing is held in one lot gives nothing to count.
    @Test func aPlaceWithoutSuchItemsGivesNone() throws {
        let (generator, _) = try ledger()
        let market = try Catalogue(generator.db).location(code: "EMP").id
        #expect(try generator.heldInOneLot(at: market, limit: 5).isEmpty)
    }
}
