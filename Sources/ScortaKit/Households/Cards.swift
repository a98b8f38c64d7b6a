/// The household's market card (tessera): valid for a fixed term, renewable,
/// and suspendable for a pause.
public struct Cards {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// Whether a card may be used on a date, and why not.
    public enum Status: Sendable, Equatable {
        case valid(until: CivilDate)
        case none
        case notYetValid(from: CivilDate)
        case expired(on: CivilDate)
        case suspended(since: CivilDate)

        /// A refusal reason, or nil when the card may be used.
        public var refusal: String? {
            switch self {
            case .valid: return nil
            case .none: return "the household has no market card"
            case .notYetValid(let from): return "the card is valid only from \(from)"
            case .expired(let on): return "the card expired on \(on)"
            case .suspended(let since): return "the card is suspended since \(since)"
            }
        }
    }

    /// Card length from the points rules in force (12 months without rules).
    public func defaultMonths(on date: CivilDate) throws -> Int {
        Int(
            try db.scalar(
                "SELECT card_months FROM points_rule WHERE valid_from <= ? ORDER BY valid_from DESC LIMIT 1",
                [date.description]) ?? 12)
    }

    func issue(householdID: Int64, from date: CivilDate, months: Int, operatorName: String) throws {
        guard (1...120).contains(months) else {
            throw ScortaError.invalid("a card lasts 1 to 120 months (got \(months))")
        }
        let sealedID = try db.insert(
            "INSERT INTO card_period(household_id, valid_from, valid_until, recorded_at, operator) VALUES (?, ?, ?, ?, ?) RETURNING id",
            [
                householdID, date.description, date.adding(months: months).adding(days: -1).description,
                Clock.timestamp(), operatorName
            ])
        try HashChain.sealInserted(.cardPeriod, key: [sealedID], in: db)
    }

    /// A household's validity periods (its one value: the household's id).
    /// In no order: put in order here (see `PointsRules.loadSQL`).
    static let periodsSQL: StaticString =
        "SELECT valid_from, valid_until FROM card_period WHERE household_id = ?"
    /// The latest suspension of a household's card in force on a date (the household's id, the date).
    static let suspensionSQL: StaticString = """
        SELECT max(from_date) FROM card_suspension
        WHERE household_id = ?1 AND from_date <= ?2 AND (until_date IS NULL OR ?2 <= until_date)
        """

    /// Validity periods, oldest first.
    public func periods(householdID: Int64) throws -> [(from: CivilDate, until: CivilDate)] {
        try db.query(Cards.periodsSQL, [householdID]) {
            (try CivilDate(parsing: $0.text(0)), try CivilDate(parsing: $0.text(1)))
        }
        .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
    }

    public func status(householdID: Int64, on date: CivilDate) throws -> Status {
        try status(householdID: householdID, on: date, periods: try periods(householdID: householdID))
    }

    /// The status from the household's periods as already read (a checkout read them with its points).
    func status(householdID: Int64, on date: CivilDate, periods: [(from: CivilDate, until: CivilDate)]) throws
        -> Status
    {
        guard !periods.isEmpty else { return .none }
        guard let period = periods.last(where: { $0.from <= date && date <= $0.until }) else {
            if let next = periods.first(where: { date < $0.from }) { return .notYetValid(from: next.from) }
            return .expired(on: periods.filter { $0.until < date }.map(\.until).max()!)
        }
        // The latest suspension in force, as max(): ORDER BY … LIMIT 1 sorted in a temporary b-tree at every checkout.
        if let since = try db.scalarText(Cards.suspensionSQL, [householdID, date.description]) {
            return .suspended(since: try CivilDate(parsing: since))
        }
        // A renewal that starts the day after counts as one continuous card.
        var until = period.until
        for next in periods where next.from <= until.adding(days: 1) && next.until > until { until = next.until }
        return .valid(until: until)
    }

    /// Renews the card: a new period from the day after the current one ends
    /// (or from `date` when it has lapsed), for `months`.
    @discardableResult
    public func renew(code: String, on date: CivilDate, months: Int?, operatorName: String) throws -> (
        from: CivilDate, until: CivilDate
    ) {
        try db.inSavepoint {
            let household = try Households(db).household(code: code)
            let latest = try periods(householdID: household.id).map(\.until).max()
            let start = latest.map { $0 >= date ? $0.adding(days: 1) : date } ?? date
            let length = try months ?? defaultMonths(on: date)
            try issue(householdID: household.id, from: start, months: length, operatorName: operatorName)
            return (start, start.adding(months: length).adding(days: -1))
        }
    }

    /// Suspends the card from `date` until resumed (a pause between terms, a missed appointment).
    public func suspend(code: String, on date: CivilDate, reason: String, operatorName: String) throws {
        try db.inSavepoint {
            let household = try Households(db).household(code: code)
            guard !reason.trimmingSpaces.isEmpty else { throw ScortaError.invalid("a suspension needs a reason") }
            if try db.scalar(
                "SELECT 1 FROM card_suspension WHERE household_id = ? AND until_date IS NULL", [household.id]) != nil
            {
                throw ScortaError.refused("the card of \(HouseholdCode.display(household.code)) is already suspended")
            }
            let sealedID = try db.insert(
                "INSERT INTO card_suspension(household_id, from_date, reason, recorded_at, operator) VALUES (?, ?, ?, ?, ?) RETURNING id",
                [household.id, date.description, reason.trimmingSpaces, Clock.timestamp(), operatorName])
            try HashChain.seal(.cardSuspension, key: [sealedID], in: db)
        }
    }

    /// Ends the open suspension: the card works again from `date`.
    public func resume(code: String, on date: CivilDate, operatorName: String) throws {
        try db.inSavepoint {
            let household = try Households(db).household(code: code)
            guard
                let open = try db.first(
                    "SELECT id, from_date FROM card_suspension WHERE household_id = ? AND until_date IS NULL",
                    [household.id], { ($0.int64(0), $0.text(1)) })
            else {
                throw ScortaError.refused("the card of \(HouseholdCode.display(household.code)) is not suspended")
            }
            guard open.1 <= date.description else {
                throw ScortaError.invalid("the suspension started on \(open.1), after \(date)")
            }
            try db.run(
                "UPDATE card_suspension SET until_date = ? WHERE id = ?", [date.adding(days: -1).description, open.0])
            try HashChain.seal(.cardSuspension, key: [open.0], in: db)
        }
    }
}
