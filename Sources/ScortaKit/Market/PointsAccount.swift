/// A household's points as one read of its entries gives them: the card
/// periods the cycles count from, the entries and refunds from the first
/// cycle not yet settled on, and the allowances and lapses due but not yet
/// written. A checkout settles and judges from it, instead of asking the
/// ledger again for each cycle's balance and once more for the spendable
/// points (that was a fifth of posting the benchmark's dataset).
struct PointsAccount {
    struct Movement {
        let date: String
        let kind: String
        let points: Int
        /// Nil for a refund.
        let cycleStart: String?
    }

    /// The household's card periods, earliest first (the cycles count from the first).
    let periods: [(from: CivilDate, until: CivilDate)]
    /// The date the household's `days` cycles count from: its first card date.
    let anchor: CivilDate
    /// The latest cycle any entry was written for.
    let lastCycleStart: CivilDate?
    /// The first date `movements` covers; everything before it is in `before`.
    let from: String
    /// Points dated before `from`.
    let before: Int
    /// Entries and refunds dated `from` on, in the order a balance is worked:
    /// by date, a day's refunds last, then as they were written.
    private(set) var movements: [Movement]
    /// Allowances and lapses due up to the date read for, not yet written, in date order.
    private(set) var pending: [PointsLedger.Entry]

    init(
        periods: [(from: CivilDate, until: CivilDate)], anchor: CivilDate, lastCycleStart: CivilDate?,
        from: CivilDate, before: Int, movements: [Movement]
    ) {
        self.periods = periods
        self.anchor = anchor
        self.lastCycleStart = lastCycleStart
        self.from = from.description
        self.before = before
        self.movements = movements
        self.pending = []
    }

    /// Points written up to the end of `date` (not before `from`).
    func stored(asOf date: CivilDate) -> Int {
        let day = date.description
        precondition(day >= from, "the account was read from \(from), asked for \(day)")
        return movements.reduce(before) { $1.date <= day ? $0 + $1.points : $0 }
    }

    /// Points left on `date`, the pending allowances and lapses counted
    /// (all of them are dated on or before the date they were worked out for).
    func balance(on date: CivilDate) -> Int {
        stored(asOf: date) + pending.reduce(0) { $0 + $1.points }
    }

    /// What may still be spent on `date` without any later-dated entry of
    /// the same cycle going below zero: a checkout typed in from a paper sheet
    /// for the 8th must not spend points already spent on the 16th.
    func spendable(on date: CivilDate, cycleEnd: CivilDate) -> Int {
        let day = date.description
        let end = cycleEnd.description
        var running = 0
        var lowest = 0
        for movement in movements where movement.date > day && movement.date <= end {
            running += movement.points
            lowest = min(lowest, running)
        }
        return balance(on: date) + lowest
    }

    /// Whether the allowance or lapse of the cycle starting on `cycleStart`
    /// is written. Only cycles from `from` on are asked: their allowance and
    /// lapse are dated inside them, so among the movements.
    func isWritten(_ kind: String, cycleStart: CivilDate) -> Bool {
        let start = cycleStart.description
        return movements.contains { $0.kind == kind && $0.cycleStart == start }
    }

    mutating func due(_ entries: [PointsLedger.Entry]) { pending = entries }

    /// The pending entries are now written: they count as movements, each
    /// after the day's other entries and before its refunds (the highest id).
    mutating func settle() {
        for entry in pending {
            let day = entry.date.description
            let index =
                movements.firstIndex { $0.date > day || ($0.date == day && $0.kind == "refund") } ?? movements.endIndex
            movements.insert(
                Movement(date: day, kind: entry.kind, points: entry.points, cycleStart: entry.cycleStart.description),
                at: index)
        }
        pending = []
    }
}
