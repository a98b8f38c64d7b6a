import ScortaHarness
import Testing

@testable import ScortaKit

/// Issue 16, market desk: finding a household by the personal data recorded
/// (for a lost card), audited, showing the least that identifies it.
@Suite struct HouseholdSearchTests {
    func households(_ engine: Engine) throws -> (t: TestDatabase, rossi: String, jose: String, noted: String) {
        let t = try TestDatabase(engine)
        let rossi = try t.household(
            "born=1980,sex=f,name=Maria Rossi", "born=2015,sex=m", on: "2026-01-05", name: "Famiglia Rossi")
        let jose = try t.household("born=1970,sex=m,name=José Álvarez", on: "2026-01-06")
        let noted = try Households(t.db).register(
            members: [try MemberSpec(parsing: "born=1990,sex=f")], note: "sister of Anna Bianchi",
            on: try CivilDate(parsing: "2026-01-07"), operatorName: "tester")
        return (t, rossi, jose, noted)
    }

    @Test(arguments: Engine.tested) func namesMemberNamesAndNotesMatchByWordStartsIgnoringCaseAndAccents(engine: Engine)
        throws
    {
        let (t, rossi, jose, noted) = try households(engine)
        let households = Households(t.db)
        let date = try CivilDate(parsing: "2026-01-10")
        #expect(
            try households.find("ROSS", on: date) == [
                HouseholdMatch(
                    code: rossi, matched: "name: Famiglia Rossi", members: 2,
                    registeredOn: try CivilDate(parsing: "2026-01-05"),
                    card: "valid until 2026-07-04")
            ])
        #expect(try households.find("maria", on: date).map(\.matched) == ["member 1: Maria Rossi"])
        #expect(try households.find("jose alv", on: date).map(\.code) == [jose])
        #expect(try households.find("álvarez", on: date).map(\.matched) == ["member 1: José Álvarez"])
        // A note matches, but is never shown.
        #expect(try households.find("bianchi", on: date).map { [$0.code, $0.matched] } == [[noted, "note"]])
        // Every word must match (the start of a word, not its middle).
        #expect(try households.find("maria alvarez", on: date) == [])
        #expect(try households.find("ossi", on: date) == [])
        #expect(
            throws: ScortaError.invalid(
                "search with at least 2 letters of a name or note, e.g. 'scorta household find rossi'")
        ) {
            try households.find(" r ", on: date)
        }
    }

    @Test(arguments: Engine.tested) func everySearchIsAuditedWithoutTheWordsSearched(engine: Engine) throws {
        let (t, rossi, _, _) = try households(engine)
        let date = try CivilDate(parsing: "2026-01-10")
        let before = try t.db.scalar("SELECT max(id) FROM audit") ?? 0
        _ = try Households(t.db).find("rossi", on: date, operatorName: "marco", format: nil)
        _ = try Households(t.db).find("nobody", on: date, operatorName: "marco", format: "json")
        let entries = try t.db.query(
            "SELECT operator, action, subject, detail FROM audit WHERE id > ? ORDER BY id", [before]
        ) {
            [$0.text(0), $0.text(1), $0.text(2), $0.text(3)]
        }
        #expect(
            entries == [
                ["marco", "search", "households", "search of names and notes: 1 household found"],
                ["marco", "show", rossi, "found by a search of names and notes"],
                ["marco", "search", "households", "search of names and notes as json: 0 households found"]
            ])
        #expect(try t.db.scalar("SELECT count(*) FROM audit WHERE detail LIKE '%ossi%' OR detail LIKE '%nobody%'") == 0)
        #expect(try HashChain.verify(t.db).problems == [])
    }

    @Test(arguments: Engine.tested) func erasedHouseholdsCannotBeFoundAndTooManyMatchesAreRefused(engine: Engine) throws
    {
        let (t, rossi, _, _) = try households(engine)
        let date = try CivilDate(parsing: "2026-01-10")
        try Households(t.db).erase(code: rossi, operatorName: "tester")
        #expect(try Households(t.db).find("rossi", on: date) == [])
        for _ in 0...Households.searchLimit {
            _ = try t.household("born=1980,sex=m", on: "2026-01-08", name: "Bruno Verdi")
        }
        let before = try t.dump()
        #expect(throws: ScortaError.refused("21 households match; give more of the name (at most 20 are shown)")) {
            try Households(t.db).find("verdi", on: date, operatorName: "marco", format: nil)
        }
        #expect(try t.dump() == before)
    }
}
