import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct HouseholdTests {
    func recipients(_ t: TestDatabase, _ number: String) throws -> [RecipientSnapshot] {
        let id = try #require(try t.db.scalar("SELECT id FROM document WHERE number = ?", [number]))
        return try Distributions(t.db).recipients(documentID: id)
    }

    @Test(arguments: Engine.tested) func distributionSnapshotsEachMemberAsOnItsDate(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 10)],
            context: TestDatabase.on("2026-01-02"))
        let code = try t.household(
            "born=1990-06-20,sex=f,homeless=yes,third-country=yes", "born=2010-03,sex=m", "band=65+,sex=u")
        try Households(t.db).edit(
            code: code, changes: [.member(1, "homeless=no")], on: try CivilDate(parsing: "2026-03-01"),
            operatorName: "tester")
        let distributions = Distributions(t.db)
        let march = try distributions.distribute(
            from: "MAG-A", to: .household(code), channel: "CD", lines: [LineSpec(sku: "IG-SAP", quantity: 1)],
            context: TestDatabase.on("2026-03-05"))
        // Typed in later from a February paper sheet: February's attributes.
        let february = try distributions.distribute(
            from: "MAG-A", to: .household(code), channel: "UMN", lines: [LineSpec(sku: "IG-SAP", quantity: 1)],
            context: TestDatabase.on("2026-02-01"))
        let before = try recipients(t, february.number)
        let after = try recipients(t, march.number)
        #expect(before.map(\.homeless) == [true, nil, nil])
        #expect(after.map(\.homeless) == [false, nil, nil])
        #expect(before.map(\.thirdCountry) == [true, nil, nil])
        #expect(before.map(\.age) == [35, 15, nil])
        #expect(after.map(\.age) == [35, 16, nil])
        #expect(after.map(\.ageBand) == [.from30To64, .from16To17, .from65])
        #expect(after.map(\.sex) == [.female, .male, .unknown])
        #expect(
            try t.db.scalar(
                "SELECT household_id IS NOT NULL AND channel_id IS NOT NULL FROM document WHERE number = ?",
                [march.number]) == 1)
    }

    @Test(arguments: Engine.tested) func anonymousContactIsOneEstimatedPerson(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "EM-SAC", quantity: 2)],
            context: TestDatabase.on("2026-01-02"))
        let posted = try Distributions(t.db).distribute(
            from: "MAG-A", to: .anonymous(.from30To64, .male), channel: "UMN",
            lines: [LineSpec(sku: "EM-SAC", quantity: 1)], context: TestDatabase.on("2026-01-03"))
        #expect(try recipients(t, posted.number) == [RecipientSnapshot(anonymous: .from30To64, sex: .male)])
        #expect(try t.onHand("MAG-A", "EM-SAC") == 1)
        #expect(throws: ScortaError.invalid("channel 'XX' does not exist (known: CASC, CD, EMP, HF, UMN)")) {
            try Distributions(t.db).distribute(
                from: "MAG-A", to: .anonymous(.upTo15, .female), channel: "XX",
                lines: [LineSpec(sku: "EM-SAC", quantity: 1)], context: TestDatabase.on("2026-01-03"))
        }
    }

    @Test(arguments: Engine.tested) func membersWhoLeftOrJoinedCountOnlyWhilePresent(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 10)],
            context: TestDatabase.on("2026-01-02"))
        let code = try t.household("born=1980,sex=f", "born=1982,sex=m")
        try Households(t.db).edit(
            code: code, changes: [.removeMember(2), .addMember(try MemberSpec(parsing: "born=2026-02,sex=f"))],
            on: try CivilDate(parsing: "2026-02-15"), operatorName: "tester")
        try Households(t.db).edit(
            code: code, changes: [.member(1, "name=Ada")], on: try CivilDate(parsing: "2026-02-15"),
            operatorName: "tester")
        #expect(try Households(t.db).household(code: code).members[0].spec.name == "Ada")
        try Households(t.db).edit(
            code: code, changes: [.member(1, "name=")], on: try CivilDate(parsing: "2026-02-15"), operatorName: "tester"
        )
        let household = try Households(t.db).household(code: code)
        #expect(household.members[0].spec.name == nil)
        #expect(household.members(on: try CivilDate(parsing: "2026-02-14")).map(\.number) == [1, 2])
        #expect(household.members(on: try CivilDate(parsing: "2026-02-15")).map(\.number) == [1, 3])
        #expect(throws: ScortaError.invalid("household \(HouseholdCode.display(code)) has no member 7 (it has 3)")) {
            try Households(t.db).edit(code: code, changes: [.member(7, "sex=f")], on: .today(), operatorName: "tester")
        }
    }

    @Test(arguments: Engine.tested) func erasureRemovesPersonalDataAndKeepsEveryFigure(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.stockMarket(["AL-PAS": 20])
        let code = try t.household(
            "born=1980,sex=f,homeless=yes,name=Ada", "born=2015,sex=m,name=Leo", name: "Family R.")
        try Households(t.db).edit(
            code: code, changes: [.note("calls on Tuesdays")], on: try CivilDate(parsing: "2026-01-10"),
            operatorName: "tester")
        try t.checkout(code, "AL-PAS:2", on: "2026-01-20")
        let snapshots = try t.db.makeStatement(
            "SELECT * FROM distribution_recipient ORDER BY \(t.db.dialect.insertionOrder)"
        ).map { row in (0..<row.columnCount).map { "\(row.value($0))" } }
        let history = try Distributions(t.db).history().array()
        let balance = try PointsLedger(t.db).balance(
            try Households(t.db).household(code: code), on: try CivilDate(parsing: "2026-01-25"))

        try Households(t.db).erase(code: code)

        let household = try Households(t.db).household(code: code)
        #expect(household.name == nil && household.note == nil && household.erasedAt != nil)
        #expect(household.members.allSatisfy { $0.spec.name == nil })
        #expect(try t.dump().contains("Ada") == false)
        #expect(try t.dump().contains("Family R.") == false)
        #expect(
            try t.db.makeStatement("SELECT * FROM distribution_recipient ORDER BY \(t.db.dialect.insertionOrder)").map {
                row in (0..<row.columnCount).map { "\(row.value($0))" }
            } == snapshots)
        #expect(try Distributions(t.db).history().array() == history)
        #expect(
            history.map(\.household) == [HouseholdCode.display(code)] && history[0].units == 2
                && history[0].persons == 2)
        #expect(try PointsLedger(t.db).balance(household, on: try CivilDate(parsing: "2026-01-25")) == balance)
        #expect(snapshots.count == 2)
    }

    @Test(arguments: Engine.tested) func importRegistersAllOrNothing(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let csv = """
            household,referred_by,sex,born,band,homeless
            A,CASC,f,1985,,yes
            A,CASC,m,2012-04,,
            B,Caritas,u,,30-64,unknown
            """
        let codes = try Households(t.db).importCSV(
            csv, source: "in.csv", on: try CivilDate(parsing: "2026-02-01"), operatorName: "tester")
        #expect(codes.map(\.key) == ["A", "B"])
        #expect(try Households(t.db).household(code: codes[0].code).members.count == 2)
        #expect(try Households(t.db).household(code: codes[1].code).referredBy == "Caritas")
        let bad = "household,sex,born\nC,f,1990\nD,f,19x0\n"
        #expect(
            throws: ScortaError.badRows(
                summary: "bad.csv: 1 row cannot be imported; nothing was written",
                rows: ["bad.csv:3: birth date '19x0' must be YYYY, YYYY-MM or YYYY-MM-DD"])
        ) {
            try Households(t.db).importCSV(bad, source: "bad.csv", on: .today(), operatorName: "tester")
        }
        #expect(try t.db.scalar("SELECT count(*) FROM household") == 2)
    }
}
