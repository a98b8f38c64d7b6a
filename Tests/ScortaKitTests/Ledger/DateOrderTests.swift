import ScortaHarness
import Testing

@testable import ScortaKit

/// Issue 12, reproduction 1: the ledger holds in date order, not only today.
@Suite struct DateOrderTests {
    @discardableResult
    func anonymous(_ t: TestDatabase, _ line: String, on date: String) throws -> PostedDocument {
        try Distributions(t.db).distribute(
            from: "MAG-A", to: .anonymous(.from30To64, .male), channel: "UMN",
            lines: [try LineSpec(parsing: line)], context: TestDatabase.on(date))
    }

    @Test(arguments: Engine.tested) func aBackdatedDistributionBeforeTheStockArrivedIsRefused(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let receipt = try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 5)],
            context: TestDatabase.on("2026-11-20"))
        let before = try t.db.scalar("SELECT count(*) FROM document")
        #expect(
            throws: ScortaError.refused(
                "not enough stock of AL-PAS at MAG-A on 2026-11-01: 0 available then "
                    + "(\(receipt.number) receives it on 2026-11-20), 3 requested")
        ) {
            try anonymous(t, "AL-PAS:3", on: "2026-11-01")
        }
        #expect(try t.db.scalar("SELECT count(*) FROM document") == before)
        // On the day it arrived, or after, it can leave.
        try anonymous(t, "AL-PAS:3", on: "2026-11-20")
        #expect(try t.ledger.check().isEmpty)
    }

    @Test(arguments: Engine.tested) func aBackdatedPostingIsJudgedAgainstEveryLaterDate(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 5)],
            context: TestDatabase.on("2026-11-01"))
        let later = try anonymous(t, "AL-PAS:4", on: "2026-11-10")
        // 5 on hand on 5 November, but the distribution of 10 November needs 4 of them.
        #expect(
            throws: ScortaError.refused(
                "not enough stock of AL-PAS at MAG-A on 2026-11-05: 1 available then "
                    + "(it would go negative on 2026-11-10 at \(later.number)), 3 requested")
        ) {
            try t.ledger.transfer(
                from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "AL-PAS", quantity: 3)],
                context: TestDatabase.on("2026-11-05"))
        }
        try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "AL-PAS", quantity: 1)],
            context: TestDatabase.on("2026-11-05"))
        #expect(try t.onHand("MAG-A", "AL-PAS") == 0)
        #expect(try t.ledger.check().isEmpty)
    }

    @Test(arguments: Engine.tested) func aDipWithinALaterDayCounts(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 3)],
            context: TestDatabase.on("2026-11-01"))
        // On 10 November all 3 leave, then 3 more arrive: the day ends at 3 but touches 0.
        let out = try anonymous(t, "AL-PAS:3", on: "2026-11-10")
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 3)],
            context: TestDatabase.on("2026-11-10"))
        #expect(
            throws: ScortaError.refused(
                "not enough stock of AL-PAS at MAG-A on 2026-11-05: 0 available then "
                    + "(it would go negative on 2026-11-10 at \(out.number)), 1 requested")
        ) {
            try anonymous(t, "AL-PAS:1", on: "2026-11-05")
        }
    }

    @Test(arguments: Engine.tested) func reversalsCountsKitsAndCheckoutsKeepTheRule(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let receipt = try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 5)],
            context: TestDatabase.on("2026-11-01"))
        let out = try anonymous(t, "AL-PAS:4", on: "2026-11-10")
        // Reversing the receipt on the 5th would leave the distribution of the 10th short.
        #expect(
            throws: ScortaError.refused(
                "not enough stock of AL-PAS at MAG-A on 2026-11-05: 1 available then "
                    + "(it would go negative on 2026-11-10 at \(out.number)), 5 requested")
        ) {
            try t.ledger.reverse(number: receipt.number, reason: "wrong", context: TestDatabase.on("2026-11-05"))
        }
        #expect(
            throws: ScortaError.refused(
                "a reversal of \(receipt.number) cannot be dated 2026-10-31, before the document itself (2026-11-01)")
        ) {
            try t.ledger.reverse(number: receipt.number, reason: "wrong", context: TestDatabase.on("2026-10-31"))
        }
        // A count typed in late expects what was there on its date (5), and its difference is judged then.
        #expect(
            throws: ScortaError.refused(
                "not enough stock of AL-PAS at MAG-A on 2026-11-05: 1 available then "
                    + "(it would go negative on 2026-11-10 at \(out.number)), 5 requested")
        ) {
            try t.ledger.count(
                at: "MAG-A", entries: [CountEntry(sku: "AL-PAS", counted: 0)], full: false,
                context: TestDatabase.on("2026-11-05"))
        }
        let count = try t.ledger.count(
            at: "MAG-A", entries: [CountEntry(sku: "AL-PAS", counted: 4)], full: false,
            context: TestDatabase.on("2026-11-05"))
        #expect(count.lines.map(\.quantity) == [1])
        #expect(try t.db.scalar("SELECT expected FROM count_line WHERE document_id = ?", [count.id]) == 5)
        #expect(try t.onHand("MAG-A", "AL-PAS") == 0)
        #expect(try t.ledger.check().isEmpty)
    }

    @Test(arguments: Engine.tested) func aLotPickedFirstExpiryIsOneThatHadTheStockThen(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [LineSpec(sku: "AL-PAS", quantity: 5, lot: "OLD", expiry: try CivilDate(parsing: "2027-06-01"))],
            context: TestDatabase.on("2026-10-01"))
        // Expires first, but arrived only on 15 November.
        try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [LineSpec(sku: "AL-PAS", quantity: 5, lot: "NEW", expiry: try CivilDate(parsing: "2027-01-01"))],
            context: TestDatabase.on("2026-11-15"))
        let posted = try anonymous(t, "AL-PAS:2", on: "2026-11-01")
        #expect(try posted.lines.map { try t.catalogue.lot(id: $0.lotID!)!.code } == ["OLD"])
        #expect(try t.ledger.check().isEmpty)
    }

    /// `available(on:upTo:)` reads lots first-expiry-first only until they hold the limit: what
    /// the dataset generator asks (can 100 leave?) without one query per lot of a long-stocked item.
    /// It still judges each lot on the date, not on today's balance.
    @Test(arguments: Engine.tested) func availableUpToALimitStopsThereAndStillJudgesTheDate(engine: Engine) throws {
        let t = try TestDatabase(engine)
        for (lot, day) in [("OLD", "2026-10-01"), ("MID", "2026-10-02"), ("NEW", "2026-11-15")] {
            try t.ledger.receive(
                at: "MAG-A", from: nil,
                lines: [LineSpec(sku: "AL-PAS", quantity: 5, lot: lot, expiry: try CivilDate(parsing: "2027-06-01"))],
                context: TestDatabase.on(day))
        }
        let location = try t.catalogue.location(code: "MAG-A").id
        let item = try t.catalogue.item(sku: "AL-PAS").id
        let today = try CivilDate(parsing: "2026-11-20")
        #expect(try t.ledger.available(on: today, location: location, item: item) == 15)
        #expect(try t.ledger.available(on: today, location: location, item: item, upTo: 7) == 7)
        #expect(try t.ledger.available(on: today, location: location, item: item, upTo: 100) == 15)
        // On 1 November only OLD and MID had arrived.
        let before = try CivilDate(parsing: "2026-11-01")
        #expect(try t.ledger.available(on: before, location: location, item: item, upTo: 12) == 10)
        #expect(try t.ledger.available(on: before, location: location, item: item, upTo: 1) == 1)
    }

    @Test(arguments: Engine.tested) func checkReplaysInDateOrderAndNamesTheFirstNegativeDate(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 5)],
            context: TestDatabase.on("2026-11-20"))
        let out = try anonymous(t, "AL-PAS:3", on: "2026-11-25")
        #expect(try t.ledger.check().isEmpty)
        // Today's balance still matches, but in date order the stock left before it arrived.
        try t.db.run("UPDATE document SET date = '2026-11-01' WHERE id = ?", [out.id])
        let problems = try t.ledger.check()
        #expect(
            problems.contains("negative stock in date order: AL-PAS at MAG-A goes to -3 on 2026-11-01 (\(out.number))"))
        #expect(
            problems.contains(
                "daily movement mismatch: AL-PAS at MAG-A on 2026-11-01 is missing in stock_day but the ledger replays to net -3, low -3"
            ))
        #expect(
            problems.contains(
                "daily movement mismatch: AL-PAS at MAG-A on 2026-11-25 is in stock_day but the ledger has no movement then"
            ))
    }

    @Test(arguments: Engine.tested) func theMigrationFillsTheDailyMovementsOfAnExistingLedger(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 3)],
            context: TestDatabase.on("2026-11-01"))
        try anonymous(t, "AL-PAS:3", on: "2026-11-10")
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 3)],
            context: TestDatabase.on("2026-11-10"))
        let posted = try t.db.query(
            "SELECT location_id, item_id, lot_id, date, net, low FROM stock_day ORDER BY 1, 2, 3, 4"
        ) { row in
            (0..<6).map { row.value($0) }.description
        }
        try t.db.execute(
            "DROP TABLE stock_day; DROP TABLE period_reopen; DROP INDEX document_receipt_reference;"
                + "ALTER TABLE period_close DROP COLUMN chain_head; ALTER TABLE period_close DROP COLUMN document_count;"
                + "DELETE FROM schema_migration WHERE identifier = '0007-ledger-rules'")
        try t.db.migrate()
        let backfilled = try t.db.query(
            "SELECT location_id, item_id, lot_id, date, net, low FROM stock_day ORDER BY 1, 2, 3, 4"
        ) { row in
            (0..<6).map { row.value($0) }.description
        }
        #expect(backfilled == posted)
        #expect(
            try t.db.scalar(
                "SELECT low FROM stock_day WHERE date = '2026-11-10' AND location_id = (SELECT id FROM location WHERE code = 'MAG-A')"
            ) == -3)
        #expect(try t.ledger.check().isEmpty)
    }
}
