/// A reporting framework (FEAD 2014-2020 or ESF+ 2021-2027) as described in
/// `Seeds/report-frameworks.json`: indicator codes, their official wording,
/// the breakdowns of persons reached and the category lists. Kept in data
/// because the official wording must be checked and may change.
public struct ReportFramework: Decodable, Sendable {
    /// Italian and English wording of one label.
    public struct Wording: Decodable, Sendable {
        public let it: String
        public let en: String
        public func text(_ language: ReportLanguage) -> String { language == .english ? en : it }
    }

    /// An indicator: its code and official wording.
    public struct Indicator: Decodable, Sendable {
        public let code: String
        public let it: String
        public let en: String
        public var wording: Wording { Wording(it: it, en: en) }
    }

    /// Who counts in a breakdown or target group. An empty rule matches everyone
    /// (the "other target groups" catch-all).
    public struct Rule: Decodable, Sendable {
        public let ageBands: [String]?
        public let sex: String?
        public let attributes: [String]?

        enum CodingKeys: String, CodingKey {
            case ageBands = "age_bands"
            case sex, attributes
        }
    }

    /// A line with a rule: a breakdown of persons reached ("of which ...",
    /// with its food and material codes) or an ESF+ target group (with its
    /// food and goods value codes; the first group whose rule matches a
    /// recipient takes their share).
    public struct RuledLine: Decodable, Sendable {
        public let key: String
        public let food: String
        public let material: String
        public let it: String
        public let en: String
        public let rule: Rule

        enum CodingKeys: String, CodingKey { case key, food, material, it, en }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            key = try container.decode(String.self, forKey: .key)
            food = try container.decode(String.self, forKey: .food)
            material = try container.decode(String.self, forKey: .material)
            it = try container.decode(String.self, forKey: .it)
            en = try container.decode(String.self, forKey: .en)
            rule = try Rule(from: decoder)
        }
        public var wording: Wording { Wording(it: it, en: en) }
    }

    /// A report line gathering one or more categories of `categories.csv`.
    public struct CategoryLine: Decodable, Sendable {
        public let code: String
        public let categories: [String]
        public let it: String
        public let en: String
        public var wording: Wording { Wording(it: it, en: en) }
    }

    public struct Recipients: Decodable, Sendable {
        public let food: Indicator
        public let material: Indicator
    }

    public struct Values: Decodable, Sendable {
        public let total: Indicator?
        public let food: Indicator?
        public let goods: Indicator
    }

    public let code: String
    public let title: Wording
    public let legalBasis: Wording
    /// The key in `organisation.json` holding the publicity statement for this framework.
    public let publicitySetting: String
    public let wordingChecked: Bool
    public let recipients: Recipients
    public let breakdowns: [RuledLine]
    public let values: Values
    public let goodsCategories: [CategoryLine]
    public let foodTotal: Indicator
    public let foodCategories: [CategoryLine]
    public let targetGroups: [RuledLine]

    enum CodingKeys: String, CodingKey {
        case code, title, recipients, breakdowns, values
        case legalBasis = "legal_basis"
        case publicitySetting = "publicity_setting"
        case wordingChecked = "wording_checked"
        case goodsCategories = "goods_categories"
        case foodTotal = "food_total"
        case foodCategories = "food_categories"
        case targetGroups = "target_groups"
    }
}

/// The language of a report: Italian by default, English with `--lang en`.
public enum ReportLanguage: String, Sendable {
    case italian = "it"
    case english = "en"

    public init(option: String?) throws {
        guard let option else {
            self = .italian
            return
        }
        guard let language = ReportLanguage(rawValue: option) else {
            throw ScortaError.invalid("report language '\(option)' must be it or en")
        }
        self = language
    }
}

// MARK: - Matching a recipient

/// What a distribution recorded about one person reached (its snapshot row);
/// nil attributes are unknown.
public struct ReportedPerson: Sendable, Equatable {
    public var ageBand: String
    public var sex: String
    public var homeless: Bool?
    public var disability: Bool?
    public var thirdCountry: Bool?
    public var foreignMinority: Bool?

    public init(
        ageBand: String, sex: String, homeless: Bool?, disability: Bool?, thirdCountry: Bool?, foreignMinority: Bool?
    ) {
        self.ageBand = ageBand
        self.sex = sex
        self.homeless = homeless
        self.disability = disability
        self.thirdCountry = thirdCountry
        self.foreignMinority = foreignMinority
    }

    func attribute(_ name: String) -> Bool? {
        switch name {
        case "homeless": return homeless
        case "disability": return disability
        case "third_country": return thirdCountry
        case "foreign_minority": return foreignMinority
        default: return nil
        }
    }
}

extension ReportFramework.Rule {
    static let knownAttributes: Set<String> = ["homeless", "disability", "third_country", "foreign_minority"]
    static let knownBands: Set<String> = ["0-15", "16-17", "18-29", "30-64", "65+"]

    /// true, false, or nil when the answer depends on something not recorded
    /// (counting rule 7: unknown is not counted and is shown apart).
    func matches(_ person: ReportedPerson) -> Bool? {
        if let ageBands, !ageBands.contains(person.ageBand) { return false }
        if let sex {
            if person.sex == "unknown" { return nil }
            if person.sex != sex { return false }
        }
        if let attributes {
            let values = attributes.map { person.attribute($0) }
            if values.contains(true) { return true }
            if values.contains(nil) { return nil }
            return false
        }
        return true
    }
}
