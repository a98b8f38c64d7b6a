/// Registers and keeps households and their members. Attribute changes are
/// dated (`member_version`), so a distribution snapshots what was true on
/// its own date, and erasure removes personal data without touching figures.
///
///     let households = Households(db)
///     let code = try households.register(members: [try MemberSpec(parsing: "born=1980,sex=f,homeless=yes")],
///                                        referredBy: "CASC", on: today, operatorName: "anna")
public struct Households {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    // MARK: - Registering

    /// Registers a household with its members and, unless `cardMonths` is 0,
    /// issues its market card (default length from the points rules).
    /// Returns the new household's code.
    @discardableResult
    public func register(
        members: [MemberSpec], referredBy: String? = nil, name: String? = nil, note: String? = nil,
        on date: CivilDate, cardMonths: Int? = nil, operatorName: String
    ) throws -> String {
        guard !members.isEmpty else {
            throw ScortaError.invalid("a household needs at least one member (--member born=YYYY,sex=f ...)")
        }
        return try db.inSavepoint {
            let code = try unusedCode()
            let id = try db.insert(
                "INSERT INTO household(code, referred_by, registered_on, name, note) VALUES (?, ?, ?, ?, ?) RETURNING id",
                [code, referredBy?.nonEmpty, date.description, name?.nonEmpty, note?.nonEmpty])
            // New rows, new keys: sealed without looking for a latest record (see `sealInserted`).
            try HashChain.sealInserted(.household, key: [id], in: db)
            for member in members { try addMember(household: id, member, on: date, operatorName: operatorName) }
            let months = try cardMonths ?? Cards(db).defaultMonths(on: date)
            if months > 0 {
                try Cards(db).issue(householdID: id, from: date, months: months, operatorName: operatorName)
            }
            try Audit.record(db, operator: operatorName, action: .change, subject: code, detail: "registered")
            return code
        }
    }

    /// A random code no household has, and no replaced card had (a blocked
    /// card found later must not open another household's points).
    func unusedCode(_ draw: () -> String = HouseholdCode.random) throws -> String {
        var code = draw()
        while try db.scalar(
            "SELECT 1 FROM household WHERE code = ?1 UNION ALL SELECT 1 FROM card_replacement WHERE old_code = ?1",
            [code]) != nil
        {
            code = draw()
        }
        return code
    }

    func addMember(household: Int64, _ spec: MemberSpec, on date: CivilDate, operatorName: String) throws {
        try spec.validate()
        let memberID = try db.insert(
            """
            INSERT INTO member(household_id, sex, age_band, birth, name, joined_on) VALUES (?, ?, ?, ?, ?, ?) RETURNING id
            """,
            [household, spec.sex.rawValue, spec.ageBand?.rawValue, spec.birth?.description, spec.name, date.description]
        )
        try recordVersion(memberID: memberID, spec, from: date, operatorName: operatorName, newMember: true)
    }

    /// Stores the member's attributes valid from `date` and refreshes the
    /// member row with the latest version (what `show` prints as current).
    /// A `newMember` has no records yet: its two are sealed without looking for a latest one.
    func recordVersion(
        memberID: Int64, _ spec: MemberSpec, from date: CivilDate, operatorName: String, newMember: Bool = false
    ) throws {
        try spec.validate()
        try db.run(
            """
            INSERT INTO member_version(member_id, valid_from, birth, age_band, sex, homeless, disability, third_country,
                                       foreign_minority, recorded_at, operator)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(member_id, valid_from) DO UPDATE SET birth = excluded.birth, age_band = excluded.age_band,
                sex = excluded.sex, homeless = excluded.homeless, disability = excluded.disability,
                third_country = excluded.third_country, foreign_minority = excluded.foreign_minority,
                recorded_at = excluded.recorded_at, operator = excluded.operator
            """,
            [
                memberID, date.description, spec.birth?.description, spec.ageBand?.rawValue, spec.sex.rawValue,
                spec.homeless, spec.disability, spec.thirdCountry, spec.foreignMinority, Clock.timestamp(), operatorName
            ])
        try db.run(
            """
            UPDATE member SET (birth, age_band, sex, homeless, disability, third_country, foreign_minority) =
                (SELECT birth, age_band, sex, homeless, disability, third_country, foreign_minority FROM member_version
                 WHERE member_id = ?1 ORDER BY valid_from DESC LIMIT 1)
            WHERE id = ?1
            """, [memberID])
        if newMember {
            try HashChain.sealInserted(.memberVersion, key: [memberID, date.description], in: db)
            try HashChain.sealInserted(.member, key: [memberID], in: db)
        } else {
            try HashChain.seal(.memberVersion, key: [memberID, date.description], in: db)
            try HashChain.seal(.member, key: [memberID], in: db)
        }
    }

    // MARK: - Editing

    /// One change to a household, applied with `edit`.
    public enum Change: Sendable {
        /// `key=value` pairs for member number N, valid from the edit's date.
        case member(Int, String)
        case addMember(MemberSpec)
        /// The member leaves the household on the edit's date.
        case removeMember(Int)
        case referredBy(String?)
        case name(String?)
        case note(String?)
    }

    /// Applies changes dated `date` (attribute changes keep their history).
    public func edit(code: String, changes: [Change], on date: CivilDate, operatorName: String) throws {
        guard !changes.isEmpty else { throw ScortaError.invalid("nothing to change") }
        try db.inSavepoint {
            let household = try self.household(code: code)
            // Attribute versions and members dated inside a closed period would change what its reports read.
            if changes.contains(where: {
                if case .member = $0 { return true }
                if case .addMember = $0 { return true }
                return false
            }) {
                try Ledger(db).checkNotClosed(date, "a change of member attributes")
            }
            for change in changes {
                switch change {
                case .member(let number, let text):
                    let member = try self.member(number, of: household)
                    var spec = try version(memberID: member.id, on: date)
                    try spec.apply(text)
                    try recordVersion(memberID: member.id, spec, from: date, operatorName: operatorName)
                    // A name is personal data, not a dated attribute: set or cleared as given.
                    if text.split(separator: ",").contains(where: { $0.trimmingSpaces.lowercased().hasPrefix("name=") })
                    {
                        try db.run("UPDATE member SET name = ? WHERE id = ?", [spec.name, member.id])
                    }
                case .addMember(let spec):
                    try addMember(household: household.id, spec, on: date, operatorName: operatorName)
                case .removeMember(let number):
                    let member = try self.member(number, of: household)
                    try db.run("UPDATE member SET left_on = ? WHERE id = ?", [date.description, member.id])
                case .referredBy(let text):
                    try db.run("UPDATE household SET referred_by = ? WHERE id = ?", [text?.nonEmpty, household.id])
                case .name(let text):
                    try db.run("UPDATE household SET name = ? WHERE id = ?", [text?.nonEmpty, household.id])
                case .note(let text):
                    try db.run("UPDATE household SET note = ? WHERE id = ?", [text?.nonEmpty, household.id])
                }
            }
            // Member departures and the referral are sealed columns; names and notes are not (an unchanged row gets no record).
            try HashChain.seal(.household, key: [household.id], in: db)
            try HashChain.seal(.member, where: "household_id = ?", [household.id], in: db)
            try Audit.record(
                db, operator: operatorName, action: .change, subject: household.code, detail: "edited from \(date)")
        }
    }

    func member(_ number: Int, of household: Household) throws -> Member {
        guard let member = household.members.first(where: { $0.number == number }) else {
            throw ScortaError.invalid(
                "household \(HouseholdCode.display(household.code)) has no member \(number) (it has \(household.members.count))"
            )
        }
        return member
    }

    /// Erases the personal data (household name and note, member names, the
    /// notes of its distributions) on request. Codes, attributes and
    /// distribution snapshots stay, so every past report prints the same
    /// figures. None of it is hashed, so the chain still verifies; the erasure
    /// itself is sealed (the household's `erased_at`). Returns how many
    /// distribution notes were kept because a form-1 hash (a document sealed
    /// before the "0008-seal" migration) covers them.
    @discardableResult
    public func erase(code: String) throws -> Int {
        try db.inSavepoint {
            let household = try self.household(code: code)
            try db.run(
                "UPDATE household SET name = NULL, note = NULL, erased_at = ? WHERE id = ?",
                [Clock.timestamp(), household.id])
            try db.run("UPDATE member SET name = NULL WHERE household_id = ?", [household.id])
            try db.run(
                """
                UPDATE document SET note = NULL WHERE household_id = ? AND type = 'distribution' AND note IS NOT NULL
                AND id IN (SELECT document_id FROM chain WHERE document_id IS NOT NULL AND form >= 2)
                """, [household.id])
            try HashChain.seal(.household, key: [household.id], in: db)
            return Int(
                try db.scalar(
                    "SELECT count(*) FROM document WHERE household_id = ? AND type = 'distribution' AND note IS NOT NULL",
                    [household.id]) ?? 0)
        }
    }

    // MARK: - Reading

    /// The household with this code (typed or scanned; dashes and case do not matter).
    public func household(code text: String) throws -> Household {
        try household(code: text) { _ in [] }
    }

    /// The household, its members read in one round trip with `readingAlso`: reads that need
    /// only its id, which the caller makes next (sent ahead on a server, `Database.readAhead`).
    func household(code text: String, readingAlso: (Int64) -> [(sql: String, values: [any SQLBindable])]) throws
        -> Household
    {
        guard let code = HouseholdCode.normalise(text) else {
            throw ScortaError.invalid(
                "'\(text)' is not a household code (9 symbols, e.g. K7Q2-9XM4-P; check the last symbol)")
        }
        // The household read by its code in one statement (a checkout reads it first).
        guard let household = try household(Households.byCodeSQL, code, readingAlso: readingAlso) else {
            if let blocked = try Cards(db).blockedRefusal(code) { throw ScortaError.refused(blocked) }
            throw ScortaError.invalid("household \(HouseholdCode.display(code)) does not exist")
        }
        return household
    }

    public func household(id: Int64) throws -> Household {
        guard let household = try household(Households.byIDSQL, id) else {
            throw ScortaError.invalid("household id \(id) does not exist")
        }
        return household
    }

    static let byCodeSQL: StaticString =
        "SELECT id, code, referred_by, registered_on, name, note, erased_at FROM household WHERE code = ?"
    static let byIDSQL: StaticString =
        "SELECT id, code, referred_by, registered_on, name, note, erased_at FROM household WHERE id = ?"

    static let membersSQL: StaticString = """
        SELECT id, birth, age_band, sex, homeless, disability, third_country, foreign_minority, name, joined_on, left_on
        FROM member WHERE household_id = ? ORDER BY id
        """

    /// The household `sql` finds by `key`, with its members; nil when there is none.
    private func household(
        _ sql: StaticString, _ key: any SQLBindable,
        readingAlso: (Int64) -> [(sql: String, values: [any SQLBindable])] = { _ in [] }
    ) throws -> Household? {
        guard
            let row = try db.first(
                sql, [key],
                {
                    (
                        $0.int64(0), $0.text(1), $0.optionalText(2), $0.text(3), $0.optionalText(4),
                        $0.optionalText(5), $0.optionalText(6)
                    )
                })
        else { return nil }
        let id = row.0
        var number = 0
        let also = readingAlso(id)
        if !also.isEmpty { try db.readAhead([(Households.membersSQL.description, [id])] + also) }
        let members = try db.query(Households.membersSQL, [id]) { row -> Member in
            number += 1
            return Member(
                id: row.int64(0), number: number, spec: try Households.spec(row, from: 1, name: row.optionalText(8)),
                joinedOn: try CivilDate(parsing: row.text(9)),
                leftOn: try row.optionalText(10).map { try CivilDate(parsing: $0) })
        }
        return Household(
            id: id, code: row.1, referredBy: row.2, registeredOn: try CivilDate(parsing: row.3), name: row.4,
            note: row.5, erasedAt: row.6, members: members)
    }

    /// Reads birth, age_band, sex, homeless, disability, third_country, foreign_minority from `offset`,
    /// as stored (the lenient parsers for typed input only when a stored value is not in its stored form).
    static func spec(_ row: Row, from offset: Int, name: String? = nil) throws -> MemberSpec {
        func flag(_ index: Int) -> Bool? { row.optionalInt(offset + index).map { $0 != 0 } }
        let sex = row.text(offset + 2)
        return MemberSpec(
            birth: try row.optionalText(offset).map { try BirthDate(stored: $0) },
            ageBand: try row.optionalText(offset + 1).map { try AgeBand(rawValue: $0) ?? AgeBand(parsing: $0) },
            sex: try Sex(rawValue: sex) ?? Sex(parsing: sex), homeless: flag(3), disability: flag(4),
            thirdCountry: flag(5), foreignMinority: flag(6), name: name)
    }

    /// The member's attributes as recorded for `date`: the latest version
    /// from on or before it, else (a date before any record) the first one.
    public func version(memberID: Int64, on date: CivilDate) throws -> MemberSpec {
        let columns = "birth, age_band, sex, homeless, disability, third_country, foreign_minority"
        if let spec = try db.cachedStatement(
            """
            SELECT \(columns) FROM member_version WHERE member_id = ? AND valid_from <= ? ORDER BY valid_from DESC LIMIT 1
            """
        ).first([memberID, date.description], { try Households.spec($0, from: 0) }) {
            return spec
        }
        guard
            let first = try db.cachedStatement(
                "SELECT \(columns) FROM member_version WHERE member_id = ? ORDER BY valid_from LIMIT 1"
            )
            .first([memberID], { try Households.spec($0, from: 0) })
        else {
            throw ScortaError.invalid("member id \(memberID) has no recorded attributes")
        }
        return first
    }

    /// What the reports need about each member present on `date`.
    /// Every member's versions in one query (see `MemberVersions`).
    public func snapshot(_ household: Household, on date: CivilDate) throws -> [RecipientSnapshot] {
        try MemberVersions(household, in: db).snapshot(household, on: date)
    }
}

extension String {
    var nonEmpty: String? {
        let trimmed = trimmingSpaces
        return trimmed.isEmpty ? nil : trimmed
    }
}
