/// A household (nucleo familiare): the unit that receives goods, known by a
/// random code. A single homeless person is a household of one.
public struct Household: Sendable {
    public let id: Int64
    public let code: String
    public let referredBy: String?
    public let registeredOn: CivilDate
    /// Personal data, optional and erasable.
    public let name: String?
    public let note: String?
    public let erasedAt: String?
    public let members: [Member]

    /// Members present on `date` (joined on or before it, not yet left). A
    /// paper sheet typed in before the household was registered still counts
    /// the members it was registered with.
    public func members(on date: CivilDate) -> [Member] {
        members.filter { member in
            (member.leftOn.map { date < $0 } ?? true) && (member.joinedOn <= date || member.joinedOn == registeredOn)
        }
    }
}

/// One member with the current values of their attributes.
public struct Member: Sendable {
    public let id: Int64
    /// 1, 2, ... within the household, in the order they were added.
    public let number: Int
    public let spec: MemberSpec
    public let joinedOn: CivilDate
    public let leftOn: CivilDate?
}

/// What the reports need about one person reached by a distribution, as it
/// was on the distribution date (a row of `distribution_recipient`).
public struct RecipientSnapshot: Sendable, Equatable {
    public let memberID: Int64?
    public let ageBand: AgeBand
    public let age: Int?
    public let sex: Sex
    public let homeless: Bool?
    public let disability: Bool?
    public let thirdCountry: Bool?
    public let foreignMinority: Bool?

    /// A member as recorded on `date`.
    public init(memberID: Int64?, spec: MemberSpec, on date: CivilDate) {
        self.memberID = memberID
        self.age = spec.birth?.age(on: date)
        self.ageBand = spec.band(on: date)
        self.sex = spec.sex
        self.homeless = spec.homeless
        self.disability = spec.disability
        self.thirdCountry = spec.thirdCountry
        self.foreignMinority = spec.foreignMinority
    }

    /// An anonymous contact: an estimate, age band and sex only.
    public init(anonymous band: AgeBand, sex: Sex) {
        self.memberID = nil
        self.ageBand = band
        self.age = nil
        self.sex = sex
        self.homeless = nil
        self.disability = nil
        self.thirdCountry = nil
        self.foreignMinority = nil
    }
}
