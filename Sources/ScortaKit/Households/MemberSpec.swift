/// An assumed age band, for people who give no birth date; the bands serve
/// both FEAD (15 or below, 65+) and ESF+ (below 18, 18-29, 65+).
public enum AgeBand: String, CaseIterable, Sendable {
    case upTo15 = "0-15"
    case from16To17 = "16-17"
    case from18To29 = "18-29"
    case from30To64 = "30-64"
    case from65 = "65+"

    public init(age: Int) {
        switch age {
        case ..<16: self = .upTo15
        case 16...17: self = .from16To17
        case 18...29: self = .from18To29
        case 30...64: self = .from30To64
        default: self = .from65
        }
    }

    public init(parsing text: String) throws {
        guard let band = AgeBand(rawValue: text.trimmingSpaces) else {
            throw ScortaError.invalid(
                "age band '\(text)' must be one of \(AgeBand.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = band
    }
}

public enum Sex: String, CaseIterable, Sendable {
    case female, male, nonbinary, unknown

    public init(parsing text: String) throws {
        switch text.trimmingSpaces.lowercased() {
        case "f", "female", "donna", "w": self = .female
        case "m", "male", "uomo": self = .male
        case "x", "nb", "nonbinary", "non-binary": self = .nonbinary
        case "u", "unknown", "?", "": self = .unknown
        default: throw ScortaError.invalid("sex '\(text)' must be female, male, nonbinary or unknown (f, m, x, u)")
        }
    }
}

/// A birth date as people give it: full, year-month, or year only.
public struct BirthDate: Sendable, Equatable, CustomStringConvertible {
    public let year: Int
    public let month: Int?
    public let day: Int?

    public init(parsing text: String) throws {
        let parts = text.trimmingSpaces.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        let bad = ScortaError.invalid("birth date '\(text)' must be YYYY, YYYY-MM or YYYY-MM-DD")
        guard (1...3).contains(parts.count), parts[0].count == 4, let year = Int(parts[0]) else { throw bad }
        guard year >= 1900 else { throw ScortaError.invalid("birth date '\(text)' is before 1900") }
        // Found by the bad-input sweep: a typo such as 2999 would count as a child in every report.
        guard year <= CivilDate.today().year else { throw ScortaError.invalid("birth date '\(text)' is in the future") }
        var month: Int?
        var day: Int?
        if parts.count == 2 {
            guard parts[1].count == 2, let value = Int(parts[1]), (1...12).contains(value) else { throw bad }
            month = value
        } else if parts.count == 3 {
            guard let date = try? CivilDate(parsing: text.trimmingSpaces) else { throw bad }
            month = date.month
            day = date.day
        }
        self.init(year: year, month: month, day: day)
    }

    /// A birth date as Scorta stored it (YYYY, YYYY-MM or YYYY-MM-DD, checked
    /// when written), read byte by byte: every member of a household is read
    /// at each checkout, and the parser for typed input (trimming, splitting,
    /// today's date for the future check) was 2% of posting the benchmark's
    /// dataset. Anything else goes to that parser, which names what is wrong.
    init(stored text: String) throws {
        var bytes = text
        if let date = bytes.withUTF8(BirthDate.stored) {
            self = date
        } else {
            self = try BirthDate(parsing: text)
        }
    }

    private static func stored(_ bytes: UnsafeBufferPointer<UInt8>) -> BirthDate? {
        func number(_ from: Int, _ count: Int) -> Int? {
            var value = 0
            for index in from..<(from + count) {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count == 4 || bytes.count == 7 || bytes.count == 10, let year = number(0, 4), year >= 1900 else {
            return nil
        }
        guard bytes.count > 4 else { return BirthDate(year: year, month: nil, day: nil) }
        guard bytes[4] == 45, let month = number(5, 2), (1...12).contains(month) else { return nil }
        guard bytes.count > 7 else { return BirthDate(year: year, month: month, day: nil) }
        guard bytes[7] == 45, let day = number(8, 2), CivilDate(year: year, month: month, day: day) != nil else {
            return nil
        }
        return BirthDate(year: year, month: month, day: day)
    }

    public init(year: Int, month: Int?, day: Int?) {
        self.year = year
        self.month = month
        self.day = day
    }

    public var description: String {
        "\(year)" + (month.map { "-" + $0.zeroPadded(2) } ?? "") + (day.map { "-" + $0.zeroPadded(2) } ?? "")
    }

    /// Age in whole years on `date`. A year-only birth date gives the
    /// distribution year minus the birth year (counting rule 3); a year-month
    /// one counts the birthday from the first of that month.
    public func age(on date: CivilDate) -> Int {
        guard let month else { return max(0, date.year - year) }
        var age = date.year - year
        if date.month < month || (date.month == month && day.map { date.day < $0 } == true) { age -= 1 }
        return max(0, age)
    }
}

/// What is recorded about one member: birth date or an assumed band, sex,
/// and the report attributes (nil = unknown). `name` is optional personal data.
public struct MemberSpec: Sendable, Equatable {
    public var birth: BirthDate?
    public var ageBand: AgeBand?
    public var sex: Sex = .unknown
    public var homeless: Bool?
    public var disability: Bool?
    public var thirdCountry: Bool?
    public var foreignMinority: Bool?
    public var name: String?

    public init(
        birth: BirthDate? = nil, ageBand: AgeBand? = nil, sex: Sex = .unknown, homeless: Bool? = nil,
        disability: Bool? = nil, thirdCountry: Bool? = nil, foreignMinority: Bool? = nil, name: String? = nil
    ) {
        self.birth = birth
        self.ageBand = ageBand
        self.sex = sex
        self.homeless = homeless
        self.disability = disability
        self.thirdCountry = thirdCountry
        self.foreignMinority = foreignMinority
        self.name = name
    }

    /// The keys `born`, `band`, `sex`, `homeless`, `disability`, `third-country`, `foreign`, `name`.
    public static let keys = ["born", "band", "sex", "homeless", "disability", "third-country", "foreign", "name"]

    /// Parses `born=1984-05,sex=f,homeless=yes` (as typed after `--member`).
    public init(parsing text: String) throws {
        self.init()
        try apply(text, requireAge: true)
    }

    /// Applies `key=value` pairs on top of these values (an edit).
    public mutating func apply(_ text: String, requireAge: Bool = false) throws {
        for pair in text.split(separator: ",") {
            let sides = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).trimmingSpaces
            }
            guard sides.count == 2, !sides[0].isEmpty else {
                throw ScortaError.invalid(
                    "member '\(pair)' must be key=value (keys: \(MemberSpec.keys.joined(separator: ", ")))")
            }
            try set(sides[0].lowercased(), sides[1])
        }
        if requireAge { try validate() }
    }

    /// Sets one field from its text; an empty value clears it (unknown).
    public mutating func set(_ key: String, _ value: String) throws {
        let empty = value.trimmingSpaces.isEmpty
        switch key {
        case "born", "birth":
            birth = empty ? nil : try BirthDate(parsing: value)
            if birth != nil { ageBand = nil }
        case "band", "age_band", "age-band":
            ageBand = empty ? nil : try AgeBand(parsing: value)
            if ageBand != nil { birth = nil }
        case "sex": sex = try Sex(parsing: value)
        case "homeless": homeless = try MemberSpec.answer(value, key)
        case "disability": disability = try MemberSpec.answer(value, key)
        case "third-country", "third_country", "tcn": thirdCountry = try MemberSpec.answer(value, key)
        case "foreign", "foreign_minority", "foreign-minority", "minority":
            foreignMinority = try MemberSpec.answer(value, key)
        case "name": name = empty ? nil : value.trimmingSpaces
        default:
            throw ScortaError.invalid("unknown member key '\(key)' (keys: \(MemberSpec.keys.joined(separator: ", ")))")
        }
    }

    public func validate() throws {
        guard birth != nil || ageBand != nil else {
            throw ScortaError.invalid(
                "a member needs a birth date (born=YYYY[-MM[-DD]]) or an assumed age band (band=30-64)")
        }
    }

    /// yes/no/unknown (also sì, si, y, n, 1, 0, ?); unknown is nil.
    static func answer(_ text: String, _ key: String) throws -> Bool? {
        switch text.trimmingSpaces.lowercased() {
        case "yes", "y", "si", "sì", "1", "true": return true
        case "no", "n", "0", "false": return false
        case "unknown", "?", "", "u": return nil
        default: throw ScortaError.invalid("\(key) '\(text)' must be yes, no or unknown")
        }
    }

    /// Age band on `date`: from the birth date when known, else the assumed band.
    public func band(on date: CivilDate) -> AgeBand {
        if let birth { return AgeBand(age: birth.age(on: date)) }
        return ageBand ?? .from30To64
    }
}
