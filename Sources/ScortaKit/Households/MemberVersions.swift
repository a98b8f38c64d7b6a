/// Every recorded version of a household's members, read in one query: what
/// a snapshot on any date needs. A checkout takes one snapshot for its
/// recipients and one for each allowance it settles; asked member by member
/// they were a query each (5% of posting the benchmark's dataset).
struct MemberVersions {
    /// Each member's versions, earliest `valid_from` first.
    private let versions: [Int64: [(validFrom: String, spec: MemberSpec)]]

    init(_ household: Household, in db: Database) throws {
        var versions: [Int64: [(validFrom: String, spec: MemberSpec)]] = [:]
        try db.prepare(MemberVersions.loadSQL).forEach([household.id]) { row in
            versions[row.int64(0), default: []].append((row.text(1), try Households.spec(row, from: 2)))
        }
        // Each member's versions put in date order here (ISO dates, one a day): an ORDER BY
        // sorted the household's few rows in a temporary b-tree at every checkout.
        self.versions = versions.mapValues { $0.sorted { $0.validFrom < $1.validFrom } }
    }

    /// Every version of a household's members (its one value: the household's id).
    static let loadSQL: StaticString = """
        SELECT v.member_id, v.valid_from, v.birth, v.age_band, v.sex, v.homeless, v.disability, v.third_country,
               v.foreign_minority
        FROM member_version v JOIN member m ON m.id = v.member_id WHERE m.household_id = ?
        """

    /// The member's attributes as recorded for `date`: the latest version
    /// from on or before it, else (a date before any record) the first one.
    /// ISO dates compare as text, as they do in the query it replaces.
    func spec(memberID: Int64, on date: CivilDate) throws -> MemberSpec {
        guard let list = versions[memberID], let first = list.first else {
            throw ScortaError.invalid("member id \(memberID) has no recorded attributes")
        }
        let day = date.description
        return list.last(where: { $0.validFrom <= day })?.spec ?? first.spec
    }

    /// What the reports need about each member present on `date`.
    func snapshot(_ household: Household, on date: CivilDate) throws -> [RecipientSnapshot] {
        try household.members(on: date).map {
            RecipientSnapshot(memberID: $0.id, spec: try spec(memberID: $0.id, on: date), on: date)
        }
    }
}
