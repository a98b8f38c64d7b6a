/// The points ledger of each household: allowance per cycle (+), spend at
/// checkout (−), lapse of unused points at the end of a cycle (−) and manual
/// adjustments with a reason (±). Append-only; a reversed checkout's spend
/// comes back as a refund through the `points_movement` view.
///
/// Allowances and lapses are written lazily, cycle by cycle, when a
/// household's points are next used (`settle`); queries show the pending
/// ones without writing, so a balance read never changes the database.
public struct PointsLedger {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Entry: Sendable, Equatable {
        public let date: CivilDate
        public let kind: String
        public let points: Int
        public let cycleStart: CivilDate
    }

    // MARK: - Cycles

    /// The date the household's `days` cycles count from: its first card date.
    func anchor(_ household: Household) throws -> CivilDate {
        try Cards(db).periods(householdID: household.id).first?.from ?? household.registeredOn
    }

    func lastCycleStart(_ householdID: Int64) throws -> CivilDate? {
        try db.scalarText("SELECT max(cycle_start) FROM points_entry WHERE household_id = ?", [householdID]).map {
            try CivilDate(parsing: $0)
        }
    }

    /// Allowances and lapses due up to `date` that are not written yet, in
    /// date order: for each cycle, the allowance on its first day the card is
    /// valid (sized by the household on that day), and when the cycle is over
    /// the lapse of what is left.
    public func pending(_ household: Household, through date: CivilDate, rules: PointsRules) throws -> [Entry] {
        let periods = try Cards(db).periods(householdID: household.id)
        guard let first = periods.first else { return [] }
        let anchor = first.from
        let written = Set(
            try db.query(
                "SELECT cycle_start || '/' || kind FROM points_entry WHERE household_id = ? AND kind IN ('allowance', 'lapse')",
                [household.id]
            ) { $0.text(0) })
        var cycle = rules.cycle(containing: try lastCycleStart(household.id) ?? first.from, anchor: anchor)
        var entries: [Entry] = []
        while cycle.start <= date {
            let last = min(cycle.end, date)
            if !written.contains("\(cycle.start)/allowance") {
                let candidates = ([cycle.start] + periods.map(\.from).filter { cycle.start < $0 && $0 <= last })
                    .sorted()
                if let grant = candidates.first(where: { day in periods.contains { $0.from <= day && day <= $0.until } }
                ) {
                    let points = rules.allowance(ages: try ages(household, on: grant))
                    if points > 0 {
                        entries.append(Entry(date: grant, kind: "allowance", points: points, cycleStart: cycle.start))
                    }
                }
            }
            if rules.lapse, cycle.end < date, !written.contains("\(cycle.start)/lapse") {
                let left =
                    try storedBalance(household.id, asOf: cycle.end)
                    + entries.filter { $0.date <= cycle.end }.reduce(0) { $0 + $1.points }
                if left > 0 {
                    entries.append(Entry(date: cycle.end, kind: "lapse", points: -left, cycleStart: cycle.start))
                }
            }
            cycle = rules.cycle(containing: cycle.end.adding(days: 1), anchor: anchor)
        }
        return entries
    }

    /// Ages of the members present on `date`; an assumed band counts as its oldest age.
    func ages(_ household: Household, on date: CivilDate) throws -> [Int?] {
        try Households(db).snapshot(household, on: date).map { snapshot in
            if let age = snapshot.age { return age }
            switch snapshot.ageBand {
            case .upTo15: return 15
            case .from16To17: return 17
            case .from18To29: return 29
            case .from30To64: return 64
            case .from65: return 65
            }
        }
    }

    /// Writes the pending allowances and lapses (inside the caller's transaction).
    func settle(_ household: Household, through date: CivilDate, rules: PointsRules, operatorName: String) throws {
        if let last = try lastCycleStart(household.id), date < last {
            throw ScortaError.refused(
                "the points of \(HouseholdCode.display(household.code)) are already counted up to the cycle starting \(last); a market document cannot be dated \(date)"
            )
        }
        for entry in try pending(household, through: date, rules: rules) {
            try insert(
                household.id, date: entry.date, kind: entry.kind, points: entry.points, cycleStart: entry.cycleStart,
                operatorName: operatorName)
        }
    }

    func insert(
        _ householdID: Int64, date: CivilDate, kind: String, points: Int, cycleStart: CivilDate,
        documentID: Int64? = nil,
        reason: String? = nil, balanceAfter: Int? = nil, operatorName: String
    ) throws {
        let id = try db.insert(
            """
            INSERT INTO points_entry(household_id, date, kind, points, cycle_start, document_id, reason, balance_after, recorded_at, operator)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
            [
                householdID, date.description, kind, points, cycleStart.description, documentID, reason, balanceAfter,
                Clock.timestamp(), operatorName
            ])
        // A checkout's spend is part of its document's hash; the rest are records.
        // A new id: no earlier record to compare with.
        if documentID == nil { try HashChain.sealInserted(.pointsEntry, key: [id], in: db) }
    }

    func storedBalance(_ householdID: Int64, asOf date: CivilDate) throws -> Int {
        Int(
            try db.scalar(
                "SELECT coalesce(sum(points), 0) FROM points_movement WHERE household_id = ? AND date <= ?",
                [householdID, date.description]) ?? 0)
    }

    /// What may still be spent on `date` without any later-dated entry of
    /// the same cycle going below zero: a checkout typed in from a paper sheet
    /// for the 8th must not spend points already spent on the 16th.
    func spendable(_ household: Household, on date: CivilDate, cycleEnd: CivilDate) throws -> Int {
        var running = 0
        var lowest = 0
        try db.prepare(
            """
            SELECT points FROM points_movement WHERE household_id = ? AND date > ? AND date <= ?
            ORDER BY date, kind = 'refund', id
            """
        ).forEach([household.id, date.description, cycleEnd.description]) { row in
            running += row.int(0)
            lowest = min(lowest, running)
        }
        return try balance(household, on: date) + lowest
    }

    // MARK: - Queries (never write)

    /// Points left on `date`, counting allowances and lapses not yet written.
    public func balance(_ household: Household, on date: CivilDate) throws -> Int {
        let rules = try PointsRules.require(db, on: date)
        return try storedBalance(household.id, asOf: date)
            + pending(household, through: date, rules: rules).reduce(0) { $0 + $1.points }
    }

    /// Every movement with the running balance, pending allowances and lapses included.
    public func statement(code: String, through date: CivilDate, from: CivilDate? = nil) throws -> [PointsMovementRow] {
        let household = try Households(db).household(code: code)
        let rules = try PointsRules.require(db, on: date)
        typealias Row = (date: String, kind: String, points: Int, cycle: String?, document: String?, reason: String?)
        var rows: [Row] = try db.query(
            """
            SELECT m.date, m.kind, m.points, m.cycle_start, d.number, m.reason FROM points_movement m
            LEFT JOIN document d ON d.id = m.document_id WHERE m.household_id = ? AND m.date <= ? ORDER BY m.date, m.id
            """, [household.id, date.description]
        ) { ($0.text(0), $0.text(1), $0.int(2), $0.optionalText(3), $0.optionalText(4), $0.optionalText(5)) }
        for entry in try pending(household, through: date, rules: rules) {
            rows.append(
                (
                    entry.date.description, entry.kind, entry.points, entry.cycleStart.description, nil,
                    "not yet recorded"
                ))
        }
        rows = rows.enumerated().sorted { ($0.element.date, $0.offset) < ($1.element.date, $1.offset) }.map(\.element)
        var balance = 0
        var shown: [PointsMovementRow] = []
        for row in rows {
            balance += row.points
            if let from, row.date < from.description { continue }
            shown.append(
                PointsMovementRow(
                    date: try CivilDate(parsing: row.date), kind: row.kind, points: row.points, balance: balance,
                    cycle: try row.cycle.map { try CivilDate(parsing: $0) }, document: row.document, reason: row.reason)
            )
        }
        return shown
    }

    // MARK: - Adjusting

    /// A manual correction with a reason; the balance may not go below zero.
    @discardableResult
    public func adjust(code: String, points: Int, reason: String, context: PostingContext) throws -> Int {
        guard points != 0 else { throw ScortaError.invalid("an adjustment needs points other than 0") }
        guard !reason.trimmingSpaces.isEmpty else { throw ScortaError.invalid("an adjustment needs a reason") }
        return try db.inSavepoint {
            let household = try Households(db).household(code: code)
            let rules = try PointsRules.require(db, on: context.date)
            try settle(household, through: context.date, rules: rules, operatorName: context.operatorName)
            let cycle = rules.cycle(containing: context.date, anchor: try anchor(household))
            let spendable = try spendable(household, on: context.date, cycleEnd: cycle.end)
            guard spendable + points >= 0 else {
                throw ScortaError.refused(
                    "\(HouseholdCode.display(household.code)) has \(spendable) points; cannot take \(-points)")
            }
            let balance = try storedBalance(household.id, asOf: context.date) + points
            try insert(
                household.id, date: context.date, kind: "adjustment", points: points, cycleStart: cycle.start,
                reason: reason.trimmingSpaces, balanceAfter: balance, operatorName: context.operatorName)
            return balance
        }
    }
}
