import ScortaHarness
import Testing

@testable import ScortaKit

/// Issue 12, reproductions 2 and 4: nothing dated ahead, closes that can be
/// undone only on the record, and closed periods that stay as reports read them.
@Suite struct PeriodRulesTests {
    let tomorrow = CivilDate.today().adding(days: 1)

    @Test(arguments: Engine.tested) func documentsDatedAfterTodayAreRefused(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let message = "a document cannot be dated \(tomorrow), after today (\(CivilDate.today()))"
        #expect(throws: ScortaError.refused(message)) {
            try t.ledger.receive(
                at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 5)],
                context: TestDatabase.on(tomorrow.description))
        }
        let receipt = try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 5)],
            context: TestDatabase.on("2026-11-02"))
        #expect(throws: ScortaError.refused(message)) {
            try Distributions(t.db).distribute(
                from: "MAG-A", to: .anonymous(.from30To64, .male), channel: "UMN",
                lines: [LineSpec(sku: "AL-PAS", quantity: 1)], context: TestDatabase.on(tomorrow.description))
        }
        #expect(throws: ScortaError.refused(message)) {
            try t.ledger.reverse(number: receipt.number, reason: nil, context: TestDatabase.on(tomorrow.description))
        }
        let code = try t.household("born=1980,sex=f", on: "2026-11-01")
        try t.stockMarket(["AL-PAS": 5], on: "2026-11-02")
        #expect(throws: ScortaError.refused(message)) { try t.checkout(code, "AL-PAS:1", on: tomorrow.description) }
        #expect(throws: ScortaError.refused("cannot close up to \(tomorrow): it is after today (\(CivilDate.today()))"))
        {
            try t.ledger.closePeriod(until: tomorrow, operatorName: "boss")
        }
        #expect(try t.db.scalar("SELECT count(*) FROM period_close") == 0)
    }

    @Test(arguments: Engine.tested) func aCloseRecordsTheChainHeadAndCanBeUndoneOnlyWithAReason(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 5)],
            context: TestDatabase.on("2026-03-02"))
        let headBefore = try HashChain.head(t.db)
        let first = try t.ledger.closePeriod(until: try CivilDate(parsing: "2026-03-31"), operatorName: "boss")
        // The head the close found; the close itself is then sealed after it.
        #expect(first.chainHead == headBefore && first.documentCount == 1)
        #expect(try HashChain.head(t.db) != headBefore)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 5)],
            context: TestDatabase.on("2026-08-02"))
        try t.ledger.closePeriod(until: try CivilDate(parsing: "2026-09-30"), operatorName: "boss")
        #expect(throws: ScortaError.invalid("reopening a closed period needs a reason")) {
            try t.ledger.reopenPeriod(reason: "  ", operatorName: "admin")
        }
        let reopen = try t.ledger.reopenPeriod(reason: "closed the wrong quarter", operatorName: "admin")
        #expect(
            reopen.from.description == "2026-04-01" && reopen.until.description == "2026-09-30"
                && reopen.operatorName == "admin")
        #expect(try t.ledger.closedUntil()?.description == "2026-03-31")
        // Dates the undone close had closed take documents again; the close still in force holds.
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 1)],
            context: TestDatabase.on("2026-09-01"))
        #expect(
            throws: ScortaError.refused(
                "the period up to 2026-03-31 is closed: a document dated 2026-03-31 cannot be posted")
        ) {
            try t.ledger.receive(
                at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 1)],
                context: TestDatabase.on("2026-03-31"))
        }
        #expect(
            try t.ledger.reopens(
                overlapping: try CivilDate(parsing: "2026-01-01"), try CivilDate(parsing: "2026-03-31")
            ).isEmpty)
        #expect(
            try t.ledger.reopens(
                overlapping: try CivilDate(parsing: "2026-09-01"), try CivilDate(parsing: "2026-12-31")) == [reopen])
        let canonical = try Ledger.canonicalReopen(id: reopen.id, in: t.db)
        #expect(canonical?.contains("reason=24:closed the wrong quarter\n") == true)
        // The first close can be undone too; then nothing is closed.
        try t.ledger.reopenPeriod(reason: "audit asked", operatorName: "admin")
        #expect(try t.ledger.closedUntil() == nil)
        #expect(throws: ScortaError.refused("no period is closed: there is nothing to reopen")) {
            try t.ledger.reopenPeriod(reason: "again", operatorName: "admin")
        }
    }

    @Test(arguments: Engine.tested) func reportsOfAReopenedPeriodSaySo(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "AL-PAS", quantity: 5)],
            context: TestDatabase.on("2026-03-02"))
        try t.ledger.closePeriod(until: try CivilDate(parsing: "2026-03-31"), operatorName: "boss")
        try t.ledger.reopenPeriod(reason: "wrong date", operatorName: "admin")
        let register = try StockRegister(
            db: t.db, location: "MAG-A", from: try CivilDate(parsing: "2026-03-01"),
            to: try CivilDate(parsing: "2026-03-31"))
        let document = try register.document(language: .english, organisation: Organisation(settings: [:]))
        #expect(document.reopened.count == 1)
        #expect(
            document.header.contains {
                $0.hasPrefix("Note: the dates up to 2026-03-31 had been closed and were reopened on ")
                    && $0.hasSuffix(" by admin (reason: wrong date); this report may differ from one printed before.")
            })
        let later = try StockRegister(
            db: t.db, location: "MAG-A", from: try CivilDate(parsing: "2026-04-01"),
            to: try CivilDate(parsing: "2026-04-30"))
        #expect(try later.document(language: .english, organisation: Organisation(settings: [:])).reopened.isEmpty)
    }

    @Test(arguments: Engine.tested) func valuesPricesAndAttributesCannotTakeEffectInAClosedPeriod(engine: Engine) throws
    {
        let t = try TestDatabase(engine)
        let code = try t.household("born=1980,sex=f", on: "2026-01-10")
        try t.ledger.closePeriod(until: try CivilDate(parsing: "2026-06-30"), operatorName: "boss")
        let soap = try t.catalogue.item(sku: "IG-SAP")
        let june = try CivilDate(parsing: "2026-06-30")
        #expect(
            throws: ScortaError.refused(
                "the period up to 2026-06-30 is closed: a unit value of IG-SAP from 2026-06-30 would change what its reports read; give a date after 2026-06-30"
            )
        ) {
            try t.catalogue.setValue(itemID: soap.id, cents: 99, from: june, operatorName: "boss")
        }
        #expect(
            throws: ScortaError.refused(
                "the period up to 2026-06-30 is closed: a points price of IG-SAP from 2026-06-30 would change what its reports read; give a date after 2026-06-30"
            )
        ) {
            try Market(t.db).setPrice(item: soap, points: 9, from: june, operatorName: "boss")
        }
        #expect(
            throws: ScortaError.refused(
                "the period up to 2026-06-30 is closed: a change of member attributes from 2026-06-30 would change what its reports read; give a date after 2026-06-30"
            )
        ) {
            try Households(t.db).edit(code: code, changes: [.member(1, "homeless=yes")], on: june, operatorName: "boss")
        }
        try t.catalogue.setValue(itemID: soap.id, cents: 99, from: june.adding(days: 1), operatorName: "boss")
        try Households(t.db).edit(
            code: code, changes: [.member(1, "homeless=yes")], on: june.adding(days: 1), operatorName: "boss")
    }

    @Test(arguments: Engine.tested) func aValueAlreadyStartingOnADateIsNotReplaced(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let soap = try t.catalogue.item(sku: "IG-SAP")
        let start = try CivilDate(parsing: "2026-01-01")
        let cents = try t.catalogue.value(itemID: soap.id, on: start)!
        let recorded = try t.db.scalarText(
            "SELECT recorded_at || ' by ' || operator FROM item_value WHERE item_id = ? AND valid_from = '2026-01-01'",
            [soap.id])!
        #expect(
            throws: ScortaError.refused(
                "IG-SAP already has a unit value from 2026-01-01 (EUR \(Money.format(cents: cents)), recorded \(recorded)): "
                    + "a unit value once set for a date is never replaced; give a later date")
        ) {
            try t.catalogue.setValue(itemID: soap.id, cents: cents + 100, from: start, operatorName: "boss")
        }
        #expect(try t.catalogue.value(itemID: soap.id, on: start) == cents)
    }
}
