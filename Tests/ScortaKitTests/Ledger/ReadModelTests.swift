import ScortaHarness
import Testing

@testable import ScortaKit

/// Queries return typed rows read by column name: the fields are checked
/// here by name, never by position in a display table.
@Suite struct ReadModelTests {
    /// 12 soaps in lot S1 (expiring 2026-03-20) and 5 toothpastes at MAG-A; 4 soaps moved to EMP.
    static func stocked(_ engine: Engine) throws -> TestDatabase {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: "Banco",
            lines: [
                LineSpec(sku: "IG-SAP", quantity: 12, lot: "S1", expiry: try CivilDate(parsing: "2026-03-20")),
                LineSpec(sku: "IG-DEN", quantity: 5)
            ], context: TestDatabase.on("2026-03-01", ref: "DDT-9"))
        try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 4)],
            context: TestDatabase.on("2026-03-02"))
        return t
    }

    @Test(arguments: Engine.tested) func stockRowsCarryTheirFieldsByName(engine: Engine) throws {
        let t = try Self.stocked(engine)
        let rows = try t.ledger.stock().array()
        #expect(
            rows.map { "\($0.location) \($0.sku) \($0.quantity)" } == [
                "EMP IG-SAP 4", "MAG-A IG-DEN 5", "MAG-A IG-SAP 8"
            ])
        let soap = try #require(rows.first { $0.location == "MAG-A" && $0.sku == "IG-SAP" })
        #expect(soap.lot == "S1")
        #expect(soap.expiry == CivilDate(year: 2026, month: 3, day: 20))
        #expect(soap.name == "Sapone solido 100 g")
        #expect(soap.unit == "pz")
        let paste = try #require(rows.first { $0.sku == "IG-DEN" })
        #expect(paste.lot == nil && paste.expiry == nil)
        #expect(try t.ledger.stock(location: "EMP", sku: "IG-DEN").array().isEmpty)
        #expect(try t.ledger.stock(location: "EMP", sku: "IG-DEN", includeZero: false).array().count == 0)
    }

    /// Schema step 0018 drops the index of balances by item (a bulk receipt wrote an entry a lot into
    /// it); an item's stock at every location is still found, through the balances' key on SQLite.
    @Test(arguments: Engine.tested) func anItemAtEveryLocationIsReadWithoutAnIndexByItem(engine: Engine) throws {
        let t = try Self.stocked(engine)
        let index =
            engine == .sqlite
            ? "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'balance_item'"
            : "SELECT count(*) FROM pg_indexes WHERE indexname = 'balance_item'"
        #expect(try t.db.makeStatement(index).scalar() == 0)
        #expect(
            try t.ledger.stock(sku: "IG-SAP").array().map { "\($0.location) \($0.quantity)" } == ["EMP 4", "MAG-A 8"])
        guard engine == .sqlite else { return }
        let plan = try t.db.makeStatement(
            "EXPLAIN QUERY PLAN "
                + Ledger.stockSQL(where: "b.quantity > 0 AND b.item_id = ? AND \(Ledger.everyLocation)")
        ).map([1]) { $0.text(3) }
        // The balances' key, or (for balances with stock) the picking index that starts with the same two columns.
        #expect(
            plan.contains {
                $0.contains("SEARCH b USING PRIMARY KEY (location_id=? AND item_id=?)")
                    || $0.contains("SEARCH b USING COVERING INDEX balance_picking (location_id=? AND item_id=?)")
            }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN b") }, "\(plan)")
    }

    /// The rows are read on demand: the same value walked again sees what was posted since.
    @Test(arguments: Engine.tested) func queryRowsRunTheirQueryOnEveryWalk(engine: Engine) throws {
        let t = try Self.stocked(engine)
        let emp = try t.ledger.stock(location: "EMP")
        #expect(try emp.array().map(\.quantity) == [4])
        try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-DEN", quantity: 2)],
            context: TestDatabase.on("2026-03-03"))
        #expect(try emp.array().map(\.sku) == ["IG-DEN", "IG-SAP"])
        #expect(try emp.map(\.quantity).array() == [2, 4])
    }

    @Test(arguments: Engine.tested) func historyRowsSayWhereEachLineMoved(engine: Engine) throws {
        let t = try Self.stocked(engine)
        let rows = try t.ledger.history(sku: "IG-SAP", location: nil, from: nil, to: nil).array()
        #expect(rows.count == 2)
        #expect(
            rows[0].type == .receipt && rows[0].from == nil && rows[0].to == "MAG-A" && rows[0].quantity == 12
                && rows[0].lot == "S1")
        #expect(rows[1].type == .transfer && rows[1].from == "MAG-A" && rows[1].to == "EMP" && rows[1].quantity == 4)
        #expect(rows[1].date == CivilDate(year: 2026, month: 3, day: 2))
        let reversal = try t.ledger.reverse(
            number: rows[1].document, reason: "wrong shelf", context: TestDatabase.on("2026-03-04"))
        let last = try #require(
            try t.ledger.history(sku: "IG-SAP", location: "EMP", from: CivilDate(year: 2026, month: 3, day: 3), to: nil)
                .array().last)
        #expect(last.document == reversal.number && last.type == .reversal && last.reverses == rows[1].document)
    }

    @Test(arguments: Engine.tested) func expiringRowsCountTheDaysLeft(engine: Engine) throws {
        let t = try Self.stocked(engine)
        let rows = try t.ledger.expiring(within: 30, today: CivilDate(year: 2026, month: 3, day: 10)!).array()
        #expect(rows.map(\.location) == ["EMP", "MAG-A"])
        #expect(rows.allSatisfy { $0.daysLeft == 10 && $0.lot == "S1" && $0.sku == "IG-SAP" })
        #expect(
            try t.ledger.expiring(within: 30, today: CivilDate(year: 2026, month: 3, day: 25)!, location: "EMP").array()
                .map(\.daysLeft) == [-5])
        #expect(try t.ledger.expiring(within: 5, today: CivilDate(year: 2026, month: 3, day: 10)!).array().isEmpty)
    }

    @Test(arguments: Engine.tested) func aDocumentHasItsHeadLinesAndCounts(engine: Engine) throws {
        let t = try Self.stocked(engine)
        let receipt = try #require(try t.ledger.documents(DocumentFilter(type: .receipt)).array().first)
        #expect(
            receipt.supplier == "Banco" && receipt.reference == "DDT-9" && receipt.lines == 2 && receipt.units == 17)
        #expect(receipt.operatorName == "tester" && receipt.reversedBy == nil)
        let detail = try t.ledger.document(number: receipt.number)
        #expect(
            detail.type == .receipt && detail.location == "MAG-A" && detail.counterparty == "Banco"
                && detail.reference == "DDT-9")
        #expect(detail.lines.map(\.sku) == ["IG-SAP", "IG-DEN"])
        #expect(detail.lines[0].expiry == CivilDate(year: 2026, month: 3, day: 20) && detail.lines[0].to == "MAG-A")
        #expect(detail.counted.isEmpty)
        let count = try t.ledger.count(
            at: "EMP", entries: [CountEntry(sku: "IG-SAP", lot: "S1", counted: 3)], full: false,
            context: TestDatabase.on("2026-03-05"))
        let counted = try t.ledger.document(number: count.number).counted
        #expect(counted.map { [$0.expected, $0.counted, $0.difference] } == [[4, 3, -1]])
        #expect(throws: ScortaError.invalid("document 'RIC-1999-00001' does not exist")) {
            try t.ledger.document(number: "RIC-1999-00001")
        }
    }

    /// The JSON of `show` keeps its keys and order: counted appears for counts only.
    @Test(arguments: Engine.tested) func aDocumentsJSONKeepsItsShape(engine: Engine) throws {
        let t = try Self.stocked(engine)
        let number = try #require(try t.ledger.documents(DocumentFilter(type: .transfer)).array().first?.number)
        guard case .object(let members) = try t.ledger.document(number: number).json else {
            Issue.record("not an object")
            return
        }
        #expect(
            members.map(\.0) == [
                "number", "type", "date", "recorded_at", "operator", "location", "counterparty", "reference", "reason",
                "note", "channel", "household", "reverses", "reversed_by", "lines"
            ])
        guard case .array(let lines) = members.last?.1, case .object(let line)? = lines.first else {
            Issue.record("no lines")
            return
        }
        #expect(line.map(\.0) == ["sku", "name", "lot", "expiry", "from", "to", "quantity"])
        #expect(line.last?.1 == .int(4))
    }

    @Test(arguments: Engine.tested) func reorderAndValueRowsAreTyped(engine: Engine) throws {
        let t = try Self.stocked(engine)
        try t.ledger.setReorderLevel(sku: "IG-SAP", at: "EMP", level: 10)
        let reorder = try t.ledger.reorderList()
        #expect(
            reorder.map { "\($0.location) \($0.sku) \($0.level) \($0.onHand) \($0.short)" } == ["EMP IG-SAP 10 4 6"])
        let value = try t.ledger.stockValue(on: CivilDate(year: 2026, month: 3, day: 2)!)
        let total = try #require(value.last)
        #expect(total.location == nil && total.category == nil && total.name == "Totale" && total.units == 17)
        #expect(value.filter { $0.category == nil }.map(\.name) == ["Totale EMP", "Totale MAG-A", "Totale"])
    }
}
