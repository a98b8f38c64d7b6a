import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct TillTests {
    @Test(arguments: Engine.tested) func scansUndoesRefusesAndCommitsOneCheckout(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.stockMarket(["AL-PAS": 30, "AL-OLI": 2])
        let code = try t.household("born=1985,sex=f", on: "2026-01-10")
        var till = try Till(t.db, card: code, context: TestDatabase.on("2026-01-20"))
        #expect(till.balance == 120)
        guard case .added(let pasta, let total, let left) = try till.enter("18001234567856") else {
            Issue.record("not added")
            return
        }
        #expect((pasta.quantity, total, left) == (24, 72, 48))  // a box of 24 per scan
        _ = try till.enter("undo")
        guard case .added(_, let total2, let left2) = try till.enter("3*AL-PAS") else {
            Issue.record("not added")
            return
        }
        #expect((total2, left2) == (9, 111))
        guard case .refused(let text, let reasons) = try till.enter("2*AL-OLI") else {
            Issue.record("not refused")
            return
        }
        #expect(text == "2*AL-OLI" && reasons == ["over the limit: AL-OLI at most 1 per visit, 2 in the basket"])
        guard case .refused(_, let unknown) = try till.enter("0000") else {
            Issue.record("not refused")
            return
        }
        #expect(unknown == ["unknown barcode or SKU '0000'"])
        guard case .added = try till.enter("8001234567859") else {
            Issue.record("not added")
            return
        }
        guard case .removed(let removed, let total3, _) = try till.enter("undo") else {
            Issue.record("not removed")
            return
        }
        #expect(removed.quantity == 1 && total3 == 9)
        #expect(try t.db.scalar("SELECT count(*) FROM document WHERE type = 'distribution'") == 0)
        guard case .committed(let done) = try till.enter("done") else {
            Issue.record("not committed")
            return
        }
        #expect(done.evaluation.total == 9)
        #expect(try t.onHand("EMP", "AL-PAS") == 27)
        guard case .ignored = try till.enter("AL-PAS") else {
            Issue.record("a finished till takes no more lines")
            return
        }
    }

    @Test(arguments: Engine.tested) func cancelWritesNothingAndABadCardIsRefusedAtOnce(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.stockMarket(["AL-PAS": 30])
        let code = try t.household("born=1985,sex=f", on: "2026-01-10", months: 1)
        let before = try t.dump()
        var till = try Till(t.db, card: code, context: TestDatabase.on("2026-01-20"))
        _ = try till.enter("AL-PAS")
        guard case .cancelled = try till.enter("cancel") else {
            Issue.record("not cancelled")
            return
        }
        #expect(try t.dump() == before)
        #expect(throws: ScortaError.refused("the card expired on 2026-02-09")) {
            try Till(t.db, card: code, context: TestDatabase.on("2026-02-10"))
        }
    }
}
