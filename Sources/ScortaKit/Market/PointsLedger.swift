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

    /// The household's points read once (see `PointsAccount`), with the
    /// allowances and lapses due up to `date` worked out: for each cycle, the
    /// allowance on its first day the card is valid (sized by the household
    /// on that day), and when the cycle is over the lapse of what is left.
    /// Two reads: the card periods and the household's entries, from which the
    /// latest cycle written, the points before the first cycle to settle and
    /// the movements from it are worked out.
    func account(
        _ household: Household, through date: CivilDate, rules: PointsRules, versions: MemberVersions? = nil
    ) throws -> PointsAccount {
        let periods = try Cards(db).periods(householdID: household.id)
        // The household's entries, each with its refund's day: the latest cycle, the sum before the first cycle
        // to settle and the movements from it were three statements, each going through all of them.
        var written: [(movement: PointsAccount.Movement, id: Int64, refunded: String?)] = []
        var latest: String?
        try db.prepare(PointsLedger.entriesSQL).forEach([household.id]) { row in
            let cycleStart = row.optionalText(3)
            if let cycleStart, latest.map({ $0 < cycleStart }) ?? true { latest = cycleStart }
            written.append(
                (
                    PointsAccount.Movement(
                        date: row.text(0), kind: row.text(1), points: row.int(2), cycleStart: cycleStart),
                    row.int64(4), row.optionalText(5)
                ))
        }
        let last = try latest.map { try CivilDate(parsing: $0) }
        let anchor = periods.first?.from ?? household.registeredOn
        // The cycles worked out start at the one of the latest entry (the first card's without one).
        let firstCycle = rules.cycle(containing: last ?? anchor, anchor: anchor)
        let from = periods.isEmpty ? date : min(firstCycle.start, date)
        let day = from.description
        // Dated before the day: in `before`, less a spend refunded before it (a refund is never dated
        // before its spend). In date order, a refund after the entries of its day, then by id (the refund
        // of a reversed spend has its entry's id).
        var before = 0
        var movements: [(movement: PointsAccount.Movement, id: Int64)] = []
        for (movement, id, refunded) in written {
            if movement.date >= day {
                movements.append((movement, id))
            } else if refunded.map({ $0 < day }) ?? false {
                // Spent and refunded before the day: nothing left of it.
            } else {
                before += movement.points
            }
            if let refunded, refunded >= day {
                movements.append(
                    (
                        PointsAccount.Movement(
                            date: refunded, kind: "refund", points: -movement.points, cycleStart: nil), id
                    ))
            }
        }
        movements.sort {
            ($0.movement.date, $0.movement.kind == "refund" ? 1 : 0, $0.id)
                < ($1.movement.date, $1.movement.kind == "refund" ? 1 : 0, $1.id)
        }
        var account = PointsAccount(
            periods: periods, anchor: anchor, lastCycleStart: last, from: from, before: before,
            movements: movements.map(\.movement))
        guard !periods.isEmpty else { return account }
        var versions = versions
        var cycle = firstCycle
        var entries: [Entry] = []
        while cycle.start <= date {
            let last = min(cycle.end, date)
            if !account.isWritten("allowance", cycleStart: cycle.start) {
                let candidates = ([cycle.start] + periods.map(\.from).filter { cycle.start < $0 && $0 <= last })
                    .sorted()
                if let grant = candidates.first(where: { day in periods.contains { $0.from <= day && day <= $0.until } }
                ) {
                    if versions == nil { versions = try MemberVersions(household, in: db) }
                    let points = rules.allowance(ages: try ages(household, on: grant, versions: versions!))
                    if points > 0 {
                        entries.append(Entry(date: grant, kind: "allowance", points: points, cycleStart: cycle.start))
                    }
                }
            }
            if rules.lapse, cycle.end < date, !account.isWritten("lapse", cycleStart: cycle.start) {
                let left =
                    account.stored(asOf: cycle.end)
                    + entries.filter { $0.date <= cycle.end }.reduce(0) { $0 + $1.points }
                if left > 0 {
                    entries.append(Entry(date: cycle.end, kind: "lapse", points: -left, cycleStart: cycle.start))
                }
            }
            cycle = rules.cycle(containing: cycle.end.adding(days: 1), anchor: anchor)
        }
        account.due(entries)
        return account
    }

    // A household's movements are its entries and, for a spend whose checkout was reversed, a refund on
    // the reversal's day (what the `points_movement` view unions). Read here from the entries with their
    // reversal's date instead of through the view: a server's new connection planned the view's union
    // and its two joins of `document` for each statement, 8 M instructions, a quarter of what a one-shot
    // checkout cost the server. The reversal's day is looked up for each spend through the unique index
    // on `reverses_id`, not joined: a join let the server hash every document of the ledger for a
    // household with a few dozen entries (3 M of a one-shot checkout's 30 M instructions at smoke size).

    /// A household's entries (its one value: the household's id): date, kind, points, cycle, id and the
    /// refund's date (NULL when not reversed).
    static let entriesSQL: StaticString = """
        SELECT e.date, e.kind, e.points, e.cycle_start, e.id,
               CASE WHEN e.kind = 'spend' THEN (SELECT r.date FROM document r WHERE r.reverses_id = e.document_id) END
        FROM points_entry e WHERE e.household_id = ?
        """

    /// Allowances and lapses due up to `date` that are not written yet, in date order.
    public func pending(_ household: Household, through date: CivilDate, rules: PointsRules) throws -> [Entry] {
        try account(household, through: date, rules: rules).pending
    }

    /// Ages of the members present on `date`; an assumed band counts as its oldest age.
    func ages(_ household: Household, on date: CivilDate, versions: MemberVersions) throws -> [Int?] {
        try versions.snapshot(household, on: date).map { snapshot in
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

    /// Writes the pending allowances and lapses (inside the caller's
    /// transaction) and gives the account with them written: what an
    /// adjustment judges from.
    @discardableResult
    func settle(
        _ household: Household, through date: CivilDate, rules: PointsRules, operatorName: String,
        versions: MemberVersions? = nil
    ) throws -> PointsAccount {
        var account = try settling(household, through: date, rules: rules, versions: versions)
        try writePending(&account, household, operatorName: operatorName)
        return account
    }

    /// The account as `account` reads it, refused when a later cycle is
    /// already settled (a market document cannot be dated before it).
    /// Nothing is written: a checkout judges the basket from it (its
    /// balance counts the pending entries) and writes them only once the
    /// basket is accepted, so a refused checkout writes nothing at all.
    func settling(_ household: Household, through date: CivilDate, rules: PointsRules, versions: MemberVersions?)
        throws -> PointsAccount
    {
        let account = try account(household, through: date, rules: rules, versions: versions)
        if let last = account.lastCycleStart, date < last {
            throw ScortaError.refused(
                "the points of \(HouseholdCode.display(household.code)) are already counted up to the cycle starting \(last); a market document cannot be dated \(date)"
            )
        }
        return account
    }

    /// Writes the account's pending allowances and lapses, each a sealed
    /// record sealed from the values written (no read-back), the head read once.
    func writePending(_ account: inout PointsAccount, _ household: Household, operatorName: String) throws {
        guard !account.pending.isEmpty else { return }
        let recordedAt = Clock.timestamp()
        let rows = account.pending.map { entry -> [SQLValue] in
            [
                .integer(household.id), .text(entry.date.description), .text(entry.kind),
                .integer(Int64(entry.points)), .text(entry.cycleStart.description), .null, .null, .null,
                .text(recordedAt), .text(operatorName)
            ]
        }
        // One statement for all of them; the ids follow the order given.
        let ids = try db.insertBatched(
            PointsLedger.insertEntries, returningID: PointsLedger.insertEntriesReturningID,
            values: Array(rows.joined()))
        let sealed = zip(ids, rows).map { [SQLValue.integer($0)] + $1 }
        try HashChain.sealInserted(.pointsEntry, rows: sealed, in: db)
        account.settle()
    }

    static let insertEntries = BatchedSQL(
        """
        INSERT INTO points_entry(household_id, date, kind, points, cycle_start, document_id, reason, balance_after,
                                 recorded_at, operator)
        """, row: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    static let insertEntriesReturningID = BatchedSQL(
        """
        INSERT INTO points_entry(household_id, date, kind, points, cycle_start, document_id, reason, balance_after,
                                 recorded_at, operator)
        """, row: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", " RETURNING id")

    /// A spend or an adjustment. A checkout's spend is part of its
    /// document's hash; an adjustment is a record, sealed here.
    @discardableResult
    func insert(
        _ householdID: Int64, date: CivilDate, kind: String, points: Int, cycleStart: CivilDate,
        documentID: Int64? = nil,
        reason: String? = nil, balanceAfter: Int? = nil, operatorName: String
    ) throws -> [SQLValue] {
        let values: [SQLValue] = [
            .integer(householdID), .text(date.description), .text(kind), .integer(Int64(points)),
            .text(cycleStart.description), documentID.sqlValue, reason.sqlValue,
            balanceAfter.map { Int64($0) }.sqlValue,
            .text(Clock.timestamp()), .text(operatorName)
        ]
        // On a server with an id taken ahead when the caller reserved one (a checkout's spend): held back.
        let id = try db.insertReserved(
            "points_entry",
            """
            INSERT INTO points_entry(household_id, date, kind, points, cycle_start, document_id, reason, balance_after, recorded_at, operator)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
            """,
            withID: """
                INSERT INTO points_entry(id, household_id, date, kind, points, cycle_start, document_id, reason,
                                         balance_after, recorded_at, operator)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, values)
        let row = [SQLValue.integer(id)] + values
        if documentID == nil { try HashChain.sealInserted(.pointsEntry, rows: [row], in: db) }
        return row
    }

    // MARK: - Queries (never write)

    /// Points left on `date`, counting allowances and lapses not yet written.
    public func balance(_ household: Household, on date: CivilDate) throws -> Int {
        let rules = try PointsRules.require(db, on: date)
        return try account(household, through: date, rules: rules).balance(on: date)
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
            let account = try settle(
                household, through: context.date, rules: rules, operatorName: context.operatorName)
            let cycle = rules.cycle(containing: context.date, anchor: account.anchor)
            let spendable = account.spendable(on: context.date, cycleEnd: cycle.end)
            guard spendable + points >= 0 else {
                throw ScortaError.refused(
                    "\(HouseholdCode.display(household.code)) has \(spendable) points; cannot take \(-points)")
            }
            let balance = account.stored(asOf: context.date) + points
            try insert(
                household.id, date: context.date, kind: "adjustment", points: points, cycleStart: cycle.start,
                reason: reason.trimmingSpaces, balanceAfter: balance, operatorName: context.operatorName)
            return balance
        }
    }
}
