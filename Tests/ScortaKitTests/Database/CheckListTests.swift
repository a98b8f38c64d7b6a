import Testing

@testable import ScortaKit

/// The CHECK lists of the rows written on every distribution, checkout and
/// registration are checked in place on SQLite, and still refuse what they refused.
@Suite struct CheckListTests {
    func opcodes(_ db: Database, _ sql: String) throws -> [String] {
        try db.makeStatement("EXPLAIN " + sql).map([]) { $0.text(1) }
    }

    @Test func aRecipientAndAPointsEntryAreWrittenWithoutATemporaryTable() throws {
        let test = try TestDatabase()
        let recipient = try opcodes(
            test.db,
            "INSERT INTO distribution_recipient(document_id, member_id, age_band, age, sex) VALUES (1, NULL, '30-64', 40, 'male')"
        )
        let points = try opcodes(
            test.db,
            "INSERT INTO points_entry(household_id, date, kind, points, cycle_start, recorded_at, operator) VALUES (1, '2026-01-01', 'spend', -3, '2026-01-01', 'x', 'x')"
        )
        #expect(recipient.contains("Insert") && points.contains("Insert"))
        #expect(!recipient.contains("OpenEphemeral"))
        #expect(!points.contains("OpenEphemeral"))
        for table in Schema.checkListTables {
            let sql =
                try test.db.makeStatement("SELECT sql FROM sqlite_master WHERE name = ?").scalarText([table]) ?? ""
            for (list, _) in Schema.checkListRewrites { #expect(!sql.contains(list), "\(table): \(list)") }
        }
    }

    @Test func theRewrittenChecksRefuseWhatTheListsRefused() throws {
        let test = try TestDatabase()
        let household = try Households(test.db).register(
            members: [MemberSpec(ageBand: .from30To64, sex: .female)], referredBy: "CASC",
            on: CivilDate(year: 2026, month: 1, day: 1)!,
            cardMonths: 12, operatorName: "tester")
        let id = try #require(
            try test.db.makeStatement("SELECT id FROM household WHERE code = ?").scalar([household]))
        for kind in ["allowance", "spend", "lapse", "adjustment"] {
            try test.db.makeStatement(
                "INSERT INTO points_entry(household_id, date, kind, points, cycle_start, recorded_at, operator) VALUES (?, '2026-02-01', ?, 0, '2026-02-01', 'x', 'x')"
            ).run([id, kind])
        }
        let wrongKind = #expect(throws: DatabaseError.self) {
            try test.db.makeStatement(
                "INSERT INTO points_entry(household_id, date, kind, points, cycle_start, recorded_at, operator) VALUES (?, '2026-01-01', 'gift', 1, '2026-01-01', 'x', 'x')"
            ).run([id])
        }
        #expect(wrongKind?.resultCode == .constraintCheck)
        let wrongSex = #expect(throws: DatabaseError.self) {
            try test.db.makeStatement("UPDATE member SET sex = 'other' WHERE household_id = ?").run([id])
        }
        #expect(wrongSex?.resultCode == .constraintCheck)
        let wrongBand = #expect(throws: DatabaseError.self) {
            try test.db.makeStatement("UPDATE member SET age_band = '10-20' WHERE household_id = ?").run([id])
        }
        #expect(wrongBand?.resultCode == .constraintCheck)
    }
}
