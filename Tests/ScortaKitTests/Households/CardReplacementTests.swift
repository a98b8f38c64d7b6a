import ScortaHarness
import Testing

@testable import ScortaKit

/// Issue 16, market desk: a lost card is replaced by a new code, the old one
/// blocked, the household's history kept under the new code.
@Suite struct CardReplacementTests {
    @Test(arguments: Engine.tested) func theNewCodeCarriesTheHistoryAndTheOldOneIsRefusedAsReplaced(engine: Engine)
        throws
    {
        let t = try TestDatabase(engine)
        try t.stockMarket(["AL-PAS": 20])
        let old = try t.household("born=1980,sex=f", on: "2026-01-05", months: 6)
        let checkout = try t.checkout(old, "AL-PAS:2", on: "2026-01-10")
        let cards = Cards(t.db)
        let before = try Households(t.db).household(code: old)
        let pointsBefore = try PointsLedger(t.db).balance(before, on: try CivilDate(parsing: "2026-01-12"))

        let new = try cards.replace(
            code: HouseholdCode.display(old), on: try CivilDate(parsing: "2026-01-12"), reason: "lost",
            operatorName: "tester")
        #expect(new != old)
        #expect(HouseholdCode.normalise(new) == new)
        let after = try Households(t.db).household(code: new)
        #expect(after.id == before.id)
        #expect(after.members.map(\.id) == before.members.map(\.id))
        #expect(try PointsLedger(t.db).balance(after, on: try CivilDate(parsing: "2026-01-12")) == pointsBefore)
        #expect(
            try cards.status(householdID: after.id, on: try CivilDate(parsing: "2026-01-12"))
                == .valid(until: try CivilDate(parsing: "2026-07-04")))
        #expect(try Distributions(t.db).history(household: new).array().map(\.document) == [checkout.document.number])
        #expect(
            try cards.replacements(householdID: after.id)
                == [
                    Cards.Replacement(
                        oldCode: old, newCode: new, on: try CivilDate(parsing: "2026-01-12"), reason: "lost")
                ])

        // The old card: refused as replaced wherever a code is read, without the new code or anything personal.
        let refusal = ScortaError.refused(
            "card \(HouseholdCode.display(old)) was replaced on 2026-01-12 and is blocked: ask for the household's new card"
        )
        #expect(throws: refusal) { try Households(t.db).household(code: old) }
        #expect(throws: refusal) { try t.checkout(old, "AL-PAS:1", on: "2026-01-12") }
        #expect(throws: refusal) { try LabelSelection(t.db).cards(codes: [old]) }
        #expect(throws: refusal) {
            try cards.replace(
                code: old, on: try CivilDate(parsing: "2026-01-12"), reason: "lost", operatorName: "tester")
        }
        #expect(try t.checkout(new, "AL-PAS:1", on: "2026-01-12").householdCode == new)

        // Sealed: the replacement record and the household's new code, both in the chain; an audit entry names both codes.
        #expect(try t.db.scalar("SELECT count(*) FROM chain WHERE kind = 'card_replacement'") == 1)
        #expect(try HashChain.verify(t.db).problems == [])
        #expect(try Consistency.problems(in: t.db) == [])
        #expect(
            try t.db.scalarText(
                "SELECT detail FROM audit WHERE subject = ? AND action = 'change' ORDER BY id DESC LIMIT 1", [new])
                == "card replaced: \(HouseholdCode.display(old)) blocked")
    }

    @Test(arguments: Engine.tested) func theAuditTrailFollowsTheHouseholdUnderEveryCodeItHad(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let first = try t.household("born=1980,sex=f", on: "2026-01-05")
        let second = try Cards(t.db).replace(
            code: first, on: try CivilDate(parsing: "2026-01-12"), reason: "lost", operatorName: "tester")
        let third = try Cards(t.db).replace(
            code: second, on: try CivilDate(parsing: "2026-01-20"), reason: "stolen", operatorName: "tester")
        _ = try t.household("born=1990,sex=m", on: "2026-01-06")
        for code in [first, second, HouseholdCode.display(third)] {
            #expect(
                try Cards(t.db).codes(ofAny: code) == (current: third, former: [first, second]) as (String, [String]),
                "\(code)")
        }
        let trail = try Audit.entries(t.db, subject: third, formerly: [first, second])
        #expect(trail.map(\.action) == [.change, .change, .change])
        #expect(trail.map(\.subject) == [third, second, first])
        #expect(throws: ScortaError.invalid("household 0000-0000-0 does not exist")) {
            try Cards(t.db).codes(ofAny: "0000-0000-0")
        }
    }

    @Test(arguments: Engine.tested) func aReplacementNeedsAReasonAndAnUnknownCodeStaysUnknown(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let code = try t.household("born=1980,sex=f", on: "2026-01-05")
        let before = try t.dump()
        #expect(throws: ScortaError.invalid("replacing a card needs a reason (lost, stolen, damaged...)")) {
            try Cards(t.db).replace(
                code: code, on: try CivilDate(parsing: "2026-01-12"), reason: " ", operatorName: "tester")
        }
        #expect(throws: ScortaError.invalid("household 0000-0000-0 does not exist")) {
            try Cards(t.db).replace(
                code: "0000-0000-0", on: try CivilDate(parsing: "2026-01-12"), reason: "lost", operatorName: "tester")
        }
        #expect(try t.dump() == before)
    }

    @Test(arguments: Engine.tested) func aReplacedOrTakenCodeIsNeverGivenAgain(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let blocked = try t.household("born=1980,sex=f", on: "2026-01-05")
        let current = try Cards(t.db).replace(
            code: blocked, on: try CivilDate(parsing: "2026-01-12"), reason: "lost", operatorName: "tester")
        let fresh = "K7Q29XM4" + String(HouseholdCode.check("K7Q29XM4"))
        var draws = [blocked, current, fresh]
        #expect(try Households(t.db).unusedCode { draws.removeFirst() } == fresh)
        #expect(draws.isEmpty)
    }

    /// Unblocking the lost card by hand (the replacement deleted, the old code
    /// put back) is named by verify, row by row.
    @Test(arguments: Engine.tested) func undoingAReplacementOutsideScortaIsNamedByVerify(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let old = try t.household("born=1980,sex=f", on: "2026-01-05")
        try Cards(t.db).replace(
            code: old, on: try CivilDate(parsing: "2026-01-12"), reason: "lost", operatorName: "tester")
        let id = try #require(try t.db.scalar("SELECT id FROM card_replacement"))
        let household = try #require(try t.db.scalar("SELECT household_id FROM card_replacement"))
        let findings = try SealScenario.findings(
            after: { db in
                try db.run("DELETE FROM card_replacement")
                try db.run("UPDATE household SET code = ?", [old])
            }, in: t.db)
        #expect(
            findings.contains("card_replacement \(id) is sealed but missing: it was deleted outside Scorta"),
            "\(findings)")
        #expect(
            findings.contains(
                "household \(household) no longer matches its sealed record: it was changed outside Scorta"),
            "\(findings)")
        let reworded = try SealScenario.findings(
            after: { db in
                try db.run("UPDATE card_replacement SET reason = 'found again'")
            }, in: t.db)
        #expect(
            reworded == ["card_replacement \(id) no longer matches its sealed record: it was changed outside Scorta"])
    }
}
