/// A household in `household list`: code, members and card on a date; no personal data.
public struct HouseholdRow: Equatable, Sendable, TablePresentable {
    /// As printed on the card (K7Q2-9XM4-P).
    public let code: String
    public let registeredOn: CivilDate
    public let referredBy: String?
    public let members: Int
    /// The card's state on the date ("valid until 2027-03-31", "expired 2026-06-30", ...).
    public let card: String
    public let erased: Bool

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("code", "CODE"), .init("registered_on", "REGISTERED"), .init("referred_by", "REFERRED BY"),
            .init("members", "MEMBERS", alignRight: true), .init("card", "CARD"), .init("erased", "ERASED")
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [
            .string(code), .string(registeredOn.description), .optional(referredBy), .int(members), .string(card),
            .bool(erased)
        ]
    }
}

/// A household `household import` registered: the sheet's key for it and the code it was given.
public struct ImportedHousehold: Equatable, Sendable, TablePresentable {
    /// The sheet's `household` column, grouping the rows of one household.
    public let key: String
    /// Normalised (K7Q29XM4P); shown as printed on the card.
    public let code: String

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [.init("household", "KEY"), .init("code", "CODE")]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [.string(key), .string(HouseholdCode.display(code))]
    }
}

/// One household as `household show` prints it: members with their current
/// attributes, the card, and (marked `_personal`) what an operator chose to record.
public struct HouseholdDetail: Sendable {
    public let household: Household
    public let card: Cards.Status
    public let cardPeriods: [(from: CivilDate, until: CivilDate)]
    /// Cards this household had before (lost, replaced), with when and why.
    public let replacedCards: [Cards.Replacement]
    /// The date age bands and the card are shown for.
    public let date: CivilDate

    /// The household as one JSON object; keys in this order.
    public var json: JSONValue {
        .object([
            ("code", .string(HouseholdCode.display(household.code))),
            ("registered_on", .string(household.registeredOn.description)),
            ("referred_by", .optional(household.referredBy)), ("card", .string(card.summary)),
            (
                "card_periods",
                .array(
                    cardPeriods.map {
                        .object([("from", .string($0.from.description)), ("until", .string($0.until.description))])
                    })
            ),
            (
                "replaced_cards",
                .array(
                    replacedCards.map {
                        .object([
                            ("code", .string(HouseholdCode.display($0.oldCode))),
                            ("replaced_on", .string($0.on.description)),
                            ("reason", .string($0.reason))
                        ])
                    })
            ),
            (
                "members",
                .array(
                    household.members.map { member in
                        let spec = member.spec
                        return .object([
                            ("number", .int(member.number)), ("born", .optional(spec.birth?.description)),
                            ("age_band", .string(spec.band(on: date).rawValue)),
                            ("assumed_band", .optional(spec.ageBand?.rawValue)),
                            ("sex", .string(spec.sex.rawValue)), ("homeless", .answer(spec.homeless)),
                            ("disability", .answer(spec.disability)),
                            ("third_country", .answer(spec.thirdCountry)),
                            ("foreign_minority", .answer(spec.foreignMinority)),
                            ("joined_on", .string(member.joinedOn.description)),
                            ("left_on", .optional(member.leftOn?.description)),
                            ("name_personal", .optional(spec.name))
                        ])
                    })
            ),
            ("name_personal", .optional(household.name)), ("note_personal", .optional(household.note)),
            ("erased_at", .optional(household.erasedAt))
        ])
    }
}

extension HouseholdDetail: Presentable {
    public func writeText(to out: TextOutput) throws { try RecordOutput(json, keyWidth: 15).writeText(to: out) }
    public func writeJSON(to out: TextOutput) throws { try RecordOutput(json, keyWidth: 15).writeJSON(to: out) }
}

/// One distribution in `scorta distributions`: who it reached, how much, and whether it was reversed.
public struct DistributionRow: Equatable, Sendable, TablePresentable {
    public let date: CivilDate
    public let document: String
    public let channel: String?
    /// The location the goods left.
    public let location: String?
    /// The household code as printed, nil for an anonymous contact.
    public let household: String?
    public let persons: Int
    public let units: Int
    /// Points spent, for a checkout at the social market.
    public let points: Int?
    public let reversedBy: String?

    init(_ row: Row) throws {
        date = try row["date"]
        document = try row["document"]
        channel = try row["channel"]
        location = try row["location"]
        household = (try row["household"] as String?).map(HouseholdCode.display)
        persons = try row["persons"]
        units = try row["units"]
        points = try row["points"]
        reversedBy = try row["reversed_by"]
    }

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("date", "DATE"), .init("document", "DOCUMENT"), .init("channel", "CHANNEL"),
            .init("location", "FROM"),
            .init("household", "HOUSEHOLD"), .init("persons", "PERSONS", alignRight: true),
            .init("units", "UNITS", alignRight: true),
            .init("points", "POINTS", alignRight: true), .init("reversed_by", "REVERSED BY")
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [
            .string(date.description), .string(document), .optional(channel), .optional(location),
            .string(household ?? "anonymous"),
            .int(persons), .int(units), .optional(points), .optional(reversedBy)
        ]
    }
}
