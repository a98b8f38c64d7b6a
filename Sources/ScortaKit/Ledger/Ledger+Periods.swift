/// Business dates and closed periods. Documents are dated today or earlier
/// (a paper sheet typed in the next morning is backdated, nothing is dated
/// ahead); a close freezes every date up to it; a mistaken close is undone
/// only by an admin with a reason, as a record of its own.
extension Ledger {
    /// A period close as recorded: the chain head and the number of
    /// documents at the time anchor what the closed period held.
    public struct PeriodClose: Sendable, Equatable {
        public let id: Int64
        public let until: CivilDate
        public let closedAt: String
        public let operatorName: String
        public let chainHead: String?
        public let documentCount: Int?
    }

    /// A close undone: the dates it had closed that are open again.
    public struct PeriodReopen: Sendable, Equatable {
        public let id: Int64
        public let closeID: Int64
        public let from: CivilDate
        public let until: CivilDate
        public let reopenedAt: String
        public let operatorName: String
        public let reason: String
    }

    /// The last closed date, if any period is closed (closes undone do not count).
    public func closedUntil() throws -> CivilDate? {
        try db.scalarText(Ledger.closedUntilSQL).map { try CivilDate(parsing: $0) }
    }

    static let closedUntilSQL: StaticString =
        "SELECT max(until) FROM period_close c WHERE NOT EXISTS (SELECT 1 FROM period_reopen r WHERE r.close_id = c.id)"

    /// Refuses a document dated after today or inside a closed period.
    public func checkPostingDate(_ date: CivilDate) throws {
        let today = CivilDate.today()
        guard date <= today else {
            throw ScortaError.refused("a document cannot be dated \(date), after today (\(today))")
        }
        try checkOpenPeriod(date)
    }

    func checkOpenPeriod(_ date: CivilDate) throws {
        if let until = try closedUntil(), date <= until {
            throw ScortaError.refused("the period up to \(until) is closed: a document dated \(date) cannot be posted")
        }
    }

    /// Refuses a dated change (a value, a price, a member's attributes) that
    /// would take effect inside a closed period: reports of that period have
    /// read what was in force then.
    public func checkNotClosed(_ date: CivilDate, _ what: String) throws {
        if let until = try closedUntil(), date <= until {
            throw ScortaError.refused(
                "the period up to \(until) is closed: \(what) from \(date) would change what its reports read; give a date after \(until)"
            )
        }
    }

    /// Closes every date up to `until`, recording the chain head and the
    /// number of documents; closing never reopens an earlier close, and a
    /// period that has not ended yet cannot be closed.
    @discardableResult
    public func closePeriod(until: CivilDate, operatorName: String) throws -> PeriodClose {
        try db.inSavepoint {
            let today = CivilDate.today()
            guard until <= today else {
                throw ScortaError.refused("cannot close up to \(until): it is after today (\(today))")
            }
            if let current = try closedUntil(), until <= current {
                throw ScortaError.refused("the period is already closed up to \(current)")
            }
            let head = try HashChain.head(db)
            let count = Int(try db.scalar("SELECT count(*) FROM document") ?? 0)
            let id = try db.insert(
                "INSERT INTO period_close(until, closed_at, operator, chain_head, document_count) VALUES (?, ?, ?, ?, ?) RETURNING id",
                [until.description, Clock.timestamp(), operatorName, head, count])
            try HashChain.seal(.periodClose, key: [id], in: db)
            return try periodCloses().last!
        }
    }

    /// Undoes the latest close in force (an admin's decision, with a reason):
    /// the dates after the closes still in force are open again. The undoing
    /// is a record of its own, and reports of those dates say so.
    @discardableResult
    public func reopenPeriod(reason: String, operatorName: String) throws -> PeriodReopen {
        let reason = reason.trimmingSpaces
        guard !reason.isEmpty else { throw ScortaError.invalid("reopening a closed period needs a reason") }
        return try db.inSavepoint {
            guard
                let close = try periodCloses().last(where: { close in
                    try reopens().allSatisfy { $0.closeID != close.id }
                })
            else {
                throw ScortaError.refused("no period is closed: there is nothing to reopen")
            }
            let stillClosed = try db.scalarText(
                """
                SELECT max(until) FROM period_close c WHERE c.id != ? AND NOT EXISTS (SELECT 1 FROM period_reopen r WHERE r.close_id = c.id)
                """, [close.id]
            ).map { try CivilDate(parsing: $0) }
            let from = stillClosed.map { $0.adding(days: 1) } ?? CivilDate(year: 1, month: 1, day: 1)!
            let id = try db.insert(
                """
                INSERT INTO period_reopen(close_id, reopened_from, reopened_until, reopened_at, operator, reason) VALUES (?, ?, ?, ?, ?, ?)
                RETURNING id
                """, [close.id, from.description, close.until.description, Clock.timestamp(), operatorName, reason])
            try HashChain.seal(.periodReopen, key: [id], in: db)
            return try reopens().last!
        }
    }

    /// Every close, oldest first.
    public func periodCloses() throws -> [PeriodClose] {
        try db.query("SELECT id, until, closed_at, operator, chain_head, document_count FROM period_close ORDER BY id")
        {
            PeriodClose(
                id: $0.int64(0), until: try CivilDate(parsing: $0.text(1)), closedAt: $0.text(2),
                operatorName: $0.text(3),
                chainHead: $0.optionalText(4), documentCount: $0.optionalInt(5))
        }
    }

    /// Every undone close, oldest first.
    public func reopens() throws -> [PeriodReopen] {
        try db.query(
            "SELECT id, close_id, reopened_from, reopened_until, reopened_at, operator, reason FROM period_reopen ORDER BY id"
        ) {
            PeriodReopen(
                id: $0.int64(0), closeID: $0.int64(1), from: try CivilDate(parsing: $0.text(2)),
                until: try CivilDate(parsing: $0.text(3)),
                reopenedAt: $0.text(4), operatorName: $0.text(5), reason: $0.text(6))
        }
    }

    /// Reopened dates that overlap `from`...`to`: a report of that period may
    /// differ from one printed while it was closed.
    public func reopens(overlapping from: CivilDate, _ to: CivilDate) throws -> [PeriodReopen] {
        try reopens().filter { $0.from <= to && $0.until >= from }
    }

    /// The columns of a period record in canonical order, for sealing
    /// (`HashChain.canonical`): what a close or its undoing asserted.
    public static let periodCloseColumns = ["id", "until", "closed_at", "operator", "chain_head", "document_count"]
    public static let periodReopenColumns = [
        "id", "close_id", "reopened_from", "reopened_until", "reopened_at", "operator", "reason"
    ]

    /// The canonical bytes of one reopen record (`period_reopen` row `id`),
    /// to be hashed into the chain by the seal.
    public static func canonicalReopen(id: Int64, in db: Database) throws -> String? {
        try db.makeStatement("SELECT \(periodReopenColumns.joined(separator: ", ")) FROM period_reopen WHERE id = ?")
            .first([id]) {
                HashChain.canonical($0, periodReopenColumns)
            }
    }
}
