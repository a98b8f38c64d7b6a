import ScortaHarness
import Testing

@testable import ScortaKit

/// Lots read in picking order from the balances' picking index, a page at a
/// time (schema step 0019): the order is the one picking always had, and a
/// line served by its first lots reads those and a few more, not every lot.
@Suite struct PickingTests {
    /// Lots of IG-DEN at MAG-A received in an order unlike picking's: ties on expiry, lots
    /// without expiry, and stock without a lot (the no-lot key). Gives the codes in picking order.
    static func receiveMixedLots(_ t: TestDatabase) throws -> [String?] {
        func lot(_ code: String, _ expiry: String?) throws -> LineSpec {
            LineSpec(sku: "IG-DEN", quantity: 2, lot: code, expiry: try expiry.map { try CivilDate(parsing: $0) })
        }
        try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [
                try lot("NONE-1", nil), try lot("LATE", "2028-01-31"), try lot("TIE-1", "2027-05-01"),
                try lot("EARLY", "2026-12-01"), try lot("TIE-2", "2027-05-01"), try lot("NONE-2", nil),
                try lot("FAR", "9999-12-31")
            ],
            context: TestDatabase.on("2026-03-01"))
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-DEN", quantity: 3)],
            context: TestDatabase.on("2026-03-01"))
        // Older id, later expiry than a lot made after it: the expiry decides, not the id.
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [try lot("TIE-0", "2027-05-01")], context: TestDatabase.on("2026-03-02"))
        // The no-lot key (id 0) comes first of the lots without expiry: the lowest id.
        return ["EARLY", "TIE-1", "TIE-2", "TIE-0", "LATE", "FAR", nil, "NONE-1", "NONE-2"]
    }

    static func codes(_ t: TestDatabase, _ lots: [(lot: Int64, quantity: Int)]) throws -> [String?] {
        try lots.map { held in
            held.lot == Lot.noLot ? nil : try t.db.scalarText("SELECT code FROM lot WHERE id = ?", [held.lot])
        }
    }

    /// The order picking had before the index: every lot read and sorted (earliest expiry
    /// first, then no expiry, lowest id within a tie).
    static func sortedAsBefore(_ t: TestDatabase, location: Int64, item: Int64) throws -> [(
        lot: Int64, quantity: Int
    )] {
        var lots = try t.db.query(
            """
            SELECT b.lot_id, b.quantity, l.expiry FROM balance b LEFT JOIN lot l ON l.id = b.lot_id
            WHERE b.location_id = ? AND b.item_id = ? AND b.quantity > 0
            """, [location, item]
        ) { (lot: $0.int64(0), quantity: $0.int(1), expiry: $0.optionalText(2)) }
        lots.sort { first, second in
            switch (first.expiry, second.expiry) {
            case (let one?, let other?) where one != other: one < other
            case (nil, .some): false
            case (.some, nil): true
            default: first.lot < second.lot
            }
        }
        return lots.map { ($0.lot, $0.quantity) }
    }

    @Test(arguments: Engine.tested) func theOrderIsFirstExpiryThenNoExpiryThenOldestLot(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let expected = try Self.receiveMixedLots(t)
        let location = try t.catalogue.location(code: "MAG-A").id
        let item = try t.catalogue.item(sku: "IG-DEN").id
        let read = try t.ledger.lotsFirstExpiry(location: location, item: item)
        #expect(try Self.codes(t, read) == expected)
        let before = try Self.sortedAsBefore(t, location: location, item: item)
        #expect(read.map(\.lot) == before.map(\.lot))
        #expect(read.map(\.quantity) == before.map(\.quantity))
        // Across pages (4, then 32 after the last read) the order is the same.
        var paged = Ledger.PickingLots(location: location, item: item)
        #expect(try paged.lot(3, in: t.db)?.lot == read[3].lot)
        #expect(paged.read.count == Ledger.PickingLots.firstPage && !paged.complete)
        #expect(try paged.all(in: t.db).map(\.lot) == read.map(\.lot))
        // Picking takes them in that order: 2 + 2 + 1 of the first three lots.
        let transfer = try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-DEN", quantity: 5)],
            context: TestDatabase.on("2026-03-03"))
        #expect(try Self.codes(t, transfer.lines.map { ($0.lotID ?? 0, $0.quantity) }) == ["EARLY", "TIE-1", "TIE-2"])
        #expect(transfer.lines.map(\.quantity) == [2, 2, 1])
        // The lots the transfer made at EMP pick in the same order there.
        let market = try t.catalogue.location(code: "EMP").id
        #expect(
            try Self.codes(t, t.ledger.lotsFirstExpiry(location: market, item: item)) == ["EARLY", "TIE-1", "TIE-2"])
        #expect(try t.ledger.check().isEmpty)
    }

    @Test(arguments: Engine.tested) func aLineServedByItsFirstLotReadsAFewOfMany(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let lots = try (1...40).map { n in
            LineSpec(
                sku: "AL-PAS", quantity: 5, lot: "L\(n)",
                expiry: try CivilDate(parsing: "2027-01-01").adding(days: 40 - n))
        }
        try t.ledger.receive(at: "MAG-A", from: nil, lines: lots, context: TestDatabase.on("2026-01-02"))
        try t.ledger.transfer(from: "MAG-A", to: "EMP", lines: lots, context: TestDatabase.on("2026-01-02"))
        let market = try t.catalogue.location(code: "EMP").id
        let item = try t.catalogue.item(sku: "AL-PAS")
        // The first page only: what a line of up to four lots needs.
        var first = Ledger.PickingLots(location: market, item: item.id)
        let earliest = try #require(try first.lot(0, in: t.db))
        #expect(first.read.count == Ledger.PickingLots.firstPage)
        #expect(try t.db.scalarText("SELECT code FROM lot WHERE id = ?", [earliest.lot]) == "L40")
        // A basket line judged at the market reads its shelf that far, not the 40 lots.
        let code = try t.household("born=1980,sex=f")
        let household = try Households(t.db).household(code: code)
        let judged = try Market(t.db).evaluate(
            household, basket: [(item, 7)], on: try CivilDate(parsing: "2026-01-20"))
        #expect(judged.refusals.allSatisfy { !$0.hasPrefix("out of stock") }, "\(judged.refusals)")
        #expect(judged.shelf?.lots[item.id]?.read.count == Ledger.PickingLots.firstPage)
        // Short of stock: the refusal reads all of them once and names the total.
        let short = try Market(t.db).evaluate(
            household, basket: [(item, 201)], on: try CivilDate(parsing: "2026-01-20"))
        #expect(short.refusals.contains("out of stock: AL-PAS has 200 at EMP, 201 requested"))
        #expect(short.shelf?.lots[item.id]?.read.count == 40)
        // `available(on:upTo:)` stops as soon as it has enough.
        #expect(
            try t.ledger.available(on: try CivilDate(parsing: "2026-01-20"), location: market, item: item.id, upTo: 7)
                == 7)
        #expect(
            try t.ledger.available(on: try CivilDate(parsing: "2026-01-20"), location: market, item: item.id) == 200)
    }

    /// On SQLite the picking reads are index range reads in order: no sort, no scan of the lots.
    @Test func pickingReadsUseThePickingIndexWithoutSorting() throws {
        let t = try TestDatabase()
        func plan(_ sql: StaticString, _ values: [any SQLBindable]) throws -> String {
            try t.db.makeStatement("EXPLAIN QUERY PLAN \(sql)").map(values) { $0.text(3) }.joined(separator: "\n")
        }
        let first = try plan(Ledger.firstLotsSQL, [1, 1, 4])
        let next = try plan(Ledger.nextLotsSQL, [1, 1, 20_220_101, 3, 32])
        for read in [first, next] {
            #expect(read.contains("USING COVERING INDEX balance_picking"), "\(read)")
            #expect(!read.contains("TEMP B-TREE"), "\(read)")
        }
        // The next page starts after the last lot read, by the index, not by skipping the first ones.
        #expect(next.contains("(pick_expiry,lot_id)>(?,?)"), "\(next)")
    }

    /// Counting an item without naming a lot needs to know only whether it is held in more than one.
    @Test(arguments: Engine.tested) func countingWithoutALotNamesHowManyLotsHoldIt(engine: Engine) throws {
        let t = try TestDatabase(engine)
        _ = try Self.receiveMixedLots(t)
        #expect(
            throws: ScortaError.invalid("IG-DEN is held in 9 lots at MAG-A: count each lot as SKU:LOT=QTY")
        ) {
            try t.ledger.count(
                at: "MAG-A", entries: [CountEntry(sku: "IG-DEN", counted: 3)], full: false,
                context: TestDatabase.on("2026-03-05"))
        }
    }

    /// A ledger from before step 0019: its balances without a picking key.
    static func undoStep(_ db: Database) throws {
        try db.execute(
            """
            CREATE TABLE balance_before (
                location_id INTEGER NOT NULL REFERENCES location(id),
                item_id INTEGER NOT NULL REFERENCES item(id),
                lot_id INTEGER NOT NULL,
                quantity INTEGER NOT NULL CHECK (quantity >= 0),
                PRIMARY KEY (location_id, item_id, lot_id)
            )\(db.isPostgreSQL ? "" : " WITHOUT ROWID");
            INSERT INTO balance_before SELECT location_id, item_id, lot_id, quantity FROM balance;
            DROP TABLE balance;
            ALTER TABLE balance_before RENAME TO balance;
            DELETE FROM schema_migration WHERE identifier = '0019-balance-picking';
            """)
    }

    @Test(arguments: Engine.tested) func aLedgerFromBeforeGetsItsKeysAndPicksAsBefore(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let expected = try Self.receiveMixedLots(t)
        try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-DEN", quantity: 5)],
            context: TestDatabase.on("2026-03-03"))
        let keys = try t.db.query("SELECT lot_id, pick_expiry FROM balance ORDER BY location_id, item_id, lot_id") {
            "\($0.int64(0)):\($0.int64(1))"
        }
        try Self.undoStep(t.db)
        try t.db.migrate()
        #expect(
            try t.db.query("SELECT lot_id, pick_expiry FROM balance ORDER BY location_id, item_id, lot_id") {
                "\($0.int64(0)):\($0.int64(1))"
            } == keys)
        #expect(keys.contains("0:99999999"))
        #expect(keys.contains { $0.hasSuffix(":20261201") })
        #expect(try t.ledger.check().isEmpty)
        let location = try t.catalogue.location(code: "MAG-A").id
        let item = try t.catalogue.item(sku: "IG-DEN").id
        // EARLY and TIE-1 went to EMP, TIE-2 in part.
        #expect(
            try Self.codes(t, t.ledger.lotsFirstExpiry(location: location, item: item)) == Array(expected.dropFirst(2)))
    }

    @Test(arguments: Engine.tested) func checkFindsAPickingKeyTamperedWith(engine: Engine) throws {
        let t = try TestDatabase(engine)
        _ = try Self.receiveMixedLots(t)
        try t.db.run(
            "UPDATE balance SET pick_expiry = 20200101 WHERE lot_id = (SELECT id FROM lot WHERE code = 'NONE-2')")
        #expect(
            try t.ledger.check() == [
                "balance picking key mismatch: IG-DEN lot NONE-2 at MAG-A is picked as expiring 20200101 but its lot gives 99999999"
            ])
    }
}
