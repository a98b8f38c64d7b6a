import ScortaHarness

@testable import ScortaKit

/// A ledger with at least one row in every sealed table and every kind of
/// document dependent: seeds, a receipt with a lot, a kit assembly, a
/// household with a card (suspended and resumed, an attribute changed), a
/// market checkout over a limit with an override, a points adjustment, an
/// anonymous distribution with a note, a count, a new operator, a changed
/// value and price, a lost card replaced, an audit entry, a close undone and a close.
enum SealScenario {
    static func build(_ engine: Engine = .sqlite) throws -> (t: TestDatabase, household: String) {
        let t = try TestDatabase(engine)
        let ledger = t.ledger
        try t.stockMarket(["AL-PAS": 20, "IG-SAP": 10])
        try ledger.receive(
            at: "MAG-A", from: "FEAD",
            lines: ["LE-LEN", "LE-FED", "LE-PIU", "LE-ASC", "EM-COP"].map { LineSpec(sku: $0, quantity: 10) }
                + [LineSpec(sku: "IG-DEN", quantity: 5, lot: "L1", expiry: CivilDate(year: 2027, month: 6, day: 30))],
            context: TestDatabase.on("2026-01-03", ref: "DDT-9"))
        try ledger.assemble(
            kit: "KIT-LET", quantity: 2, at: "MAG-A", lotCode: "LOTA", context: TestDatabase.on("2026-01-04"))
        let household = try t.household("born=1990,sex=m,homeless=yes", on: "2026-01-05", name: "Mario")
        try Market(t.db).setLimit(sku: "IG-SAP", category: nil, per: "visit", quantity: 1)
        _ = try t.checkout(household, "AL-PAS:2", "IG-SAP:2", on: "2026-01-10", override: "agreed with social services")
        try PointsLedger(t.db).adjust(
            code: household, points: 5, reason: "late referral", context: TestDatabase.on("2026-01-11"))
        try Cards(t.db).suspend(
            code: household, on: try CivilDate(parsing: "2026-01-12"), reason: "missed appointment",
            operatorName: "tester")
        try Cards(t.db).resume(code: household, on: try CivilDate(parsing: "2026-01-14"), operatorName: "tester")
        try Households(t.db).edit(
            code: household, changes: [.member(1, "homeless=no")], on: try CivilDate(parsing: "2026-01-15"),
            operatorName: "tester")
        var note = TestDatabase.on("2026-01-16")
        note.note = "seen near the station"
        try Distributions(t.db).distribute(
            from: "MAG-A", to: .anonymous(.from30To64, .male), channel: "UMN",
            lines: [LineSpec(sku: "EM-COP", quantity: 1)], context: note)
        try ledger.count(
            at: "EMP", entries: [CountEntry(sku: "IG-SAP", counted: 7)], full: false,
            context: TestDatabase.on("2026-01-17"))
        try Operators(t.db).add("marco", roles: [.market], by: "tester")
        let catalogue = t.catalogue
        try catalogue.setValue(
            itemID: try catalogue.item(sku: "IG-SAP").id, cents: 95, from: try CivilDate(parsing: "2026-02-01"),
            operatorName: "tester")
        try Market(t.db).setPrice(
            item: try catalogue.item(sku: "IG-SAP"), points: 7, from: try CivilDate(parsing: "2026-02-01"),
            operatorName: "tester")
        let replaced = try Cards(t.db).replace(
            code: household, on: try CivilDate(parsing: "2026-01-18"), reason: "lost", operatorName: "tester")
        _ = try Households(t.db).show(code: replaced, on: try CivilDate(parsing: "2026-01-18"), operatorName: "tester")
        try ledger.closePeriod(until: try CivilDate(parsing: "2026-01-17"), operatorName: "tester")
        try ledger.reopenPeriod(reason: "closed a day too early by mistake", operatorName: "tester")
        try ledger.closePeriod(until: try CivilDate(parsing: "2026-01-18"), operatorName: "tester")
        return (t, replaced)
    }

    /// Every message `verify` and `check` give about the database as it is now.
    static func findings(_ db: Database) throws -> [String] {
        let verification = try HashChain.verify(db)
        return (verification.firstBroken.map { ["\($0) no longer matches its recorded hash"] } ?? [])
            + verification.problems
            + (try Consistency.problems(in: db))
    }

    /// Runs `tamper` the way someone with `sqlite3` would (foreign keys off,
    /// no Scorta code), collects what verify and check say, then undoes it.
    static func findings(after tamper: (Database) throws -> Void, in db: Database) throws -> [String] {
        try db.enforceForeignKeys(false)
        defer { try? db.enforceForeignKeys(true) }
        try db.execute("BEGIN")
        defer { try? db.execute("ROLLBACK") }
        try tamper(db)
        return try findings(db)
    }
}
