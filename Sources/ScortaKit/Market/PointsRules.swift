/// How many points a household gets, how often, and what happens to the
/// unused ones (Seeds/market.json; one row of `points_rule`, effective from a date).
public struct PointsRules: Sendable, Equatable {
    public enum Cycle: Sendable, Equatable {
        /// Calendar month.
        case month
        /// Every N days from the household's first card date.
        case days(Int)
    }

    public var validFrom: CivilDate
    public var cycle: Cycle
    /// Points for the first member, and for each further member.
    public var firstMember: Int
    public var furtherMember: Int
    /// Extra points for each member younger than `childUnder` years.
    public var childExtra: Int
    public var childUnder: Int
    /// A cap on the allowance per cycle, if any.
    public var maximum: Int?
    /// Unused points lapse at the end of each cycle.
    public var lapse: Bool
    public var cardMonths: Int
    /// The market's stock location and the channel its distributions record.
    public var location: String
    public var channel: String

    /// The allowance for members of these ages (nil: age unknown, an adult).
    ///
    ///     120 + 40 × (members − 1) + childExtra × children, capped at `maximum`
    public func allowance(ages: [Int?]) -> Int {
        guard !ages.isEmpty else { return 0 }
        let children = ages.filter { $0.map { $0 < childUnder } ?? false }.count
        let points = firstMember + furtherMember * (ages.count - 1) + childExtra * children
        return maximum.map { min($0, points) } ?? points
    }

    /// The cycle (first and last day) that contains `date`.
    public func cycle(containing date: CivilDate, anchor: CivilDate) -> (start: CivilDate, end: CivilDate) {
        switch cycle {
        case .month:
            return (date.firstOfMonth, date.lastOfMonth)
        case .days(let length):
            let offset = anchor.days(until: date)
            let index = offset >= 0 ? offset / length : -((-offset + length - 1) / length)
            let start = anchor.adding(days: index * length)
            return (start, start.adding(days: length - 1))
        }
    }
}

extension PointsRules {
    /// The rules in force on `date`, or nil when the market has none.
    public static func load(_ db: Database, on date: CivilDate) throws -> PointsRules? {
        try db.first(loadSQL, [date.description]) { row in
            PointsRules(
                validFrom: try CivilDate(parsing: row.text(0)),
                cycle: row.text(1) == "days" ? .days(row.int(2)) : .month,
                firstMember: row.int(3), furtherMember: row.int(4), childExtra: row.int(5), childUnder: row.int(6),
                maximum: row.optionalInt(7), lapse: row.int(8) != 0, cardMonths: row.int(9),
                location: row.text(10), channel: row.text(11))
        }
    }

    /// The rules in force on a date (its one value), as `load` and a checkout's reads ahead ask for them.
    /// The latest rules from `max`, not `ORDER BY … LIMIT 1`: a server's new connection sorting text
    /// the first time looks up the type's default ordering by going through every operator class
    /// (0.5 M instructions), and the one-shot commands read no other text in order (see `laterDaysSQL`).
    static let loadSQL: StaticString = """
        SELECT valid_from, cycle, cycle_days, first_member, further_member, child_extra, child_under, maximum, lapse,
               card_months, market_location, market_channel
        FROM points_rule WHERE valid_from = (SELECT max(valid_from) FROM points_rule WHERE valid_from <= ?)
        """

    /// The rules in force, or a refusal saying how to add them.
    public static func require(_ db: Database, on date: CivilDate) throws -> PointsRules {
        guard let rules = try load(db, on: date) else {
            throw ScortaError.refused("the market has no points rules in force on \(date) (Seeds/market.json)")
        }
        return rules
    }

    func save(_ db: Database) throws {
        let (kind, days): (String, Int?) = {
            if case .days(let n) = cycle { return ("days", n) } else { return ("month", nil) }
        }()
        try db.run(
            """
            INSERT INTO points_rule(valid_from, cycle, cycle_days, first_member, further_member, child_extra, child_under,
                                    maximum, lapse, card_months, market_location, market_channel)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(valid_from) DO UPDATE SET cycle = excluded.cycle, cycle_days = excluded.cycle_days,
                first_member = excluded.first_member, further_member = excluded.further_member, child_extra = excluded.child_extra,
                child_under = excluded.child_under, maximum = excluded.maximum, lapse = excluded.lapse,
                card_months = excluded.card_months, market_location = excluded.market_location, market_channel = excluded.market_channel
            """,
            [
                validFrom.description, kind, days, firstMember, furtherMember, childExtra, childUnder, maximum, lapse,
                cardMonths, location, channel
            ])
        try HashChain.seal(.pointsRule, key: [validFrom.description], in: db)
    }
}
