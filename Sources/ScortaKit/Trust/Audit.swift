/// The audit log of personal data: who showed, exported, changed or erased a
/// household's data, and when. The subject is the household code (never a
/// name), so the log itself holds no personal data.
///
///     try Audit.record(db, operator: "anna", action: .show, subject: "H-7KQ2")
public enum Audit {
    public enum Action: String, CaseIterable, Sendable {
        case show, export, change, erase, restore
        /// Households looked up by their personal data (`household find`).
        case search
    }

    /// Appends an entry, sealed in the hash chain (an entry deleted to hide
    /// who looked at a household shows in `verify`).
    public static func record(
        _ db: Database, operator operatorName: String, action: Action, subject: String, detail: String? = nil
    ) throws {
        try db.inSavepoint {
            let sealedID = try db.insert(
                "INSERT INTO audit(at, operator, action, subject, detail) VALUES (?, ?, ?, ?, ?) RETURNING id",
                [Clock.timestamp(), operatorName, action.rawValue, subject, detail])
            try HashChain.sealInserted(.audit, key: [sealedID], in: db)
        }
    }

    /// Entries, newest first, optionally for one subject (and the codes it
    /// was `formerly` known by: a household whose card was replaced) and/or operator.
    public static func entries(
        _ db: Database, subject: String? = nil, formerly: [String] = [], operatorName: String? = nil
    ) throws -> [Entry] {
        var sql = "SELECT at, operator, action, subject, detail FROM audit"
        var conditions: [String] = []
        var arguments: [any SQLBindable] = []
        if let subject {
            let subjects = [subject] + formerly
            conditions.append("subject IN (\(subjects.map { _ in "?" }.joined(separator: ", ")))")
            arguments += subjects as [any SQLBindable]
        }
        if let operatorName {
            conditions.append("operator = ?")
            arguments.append(operatorName)
        }
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        return try db.makeStatement(sql + " ORDER BY id DESC").map(arguments, Entry.init)
    }

    /// One entry of the log: who did what to which subject, when (UTC).
    public struct Entry: Equatable, Sendable, TablePresentable {
        /// UTC, ISO 8601 (`2026-11-30T09:12:44Z`).
        public let at: String
        public let operatorName: String
        public let action: Action
        /// A household code as stored, or what was listed ("households", "distributions").
        public let subject: String
        public let detail: String?

        init(_ row: Row) throws {
            at = try row["at"]
            operatorName = try row["operator"]
            subject = try row["subject"]
            detail = try row["detail"]
            let action: String = try row["action"]
            guard let known = Action(rawValue: action) else {
                throw ScortaError.invalid("audit action '\(action)' is not known to this version")
            }
            self.action = known
        }

        public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
            [
                .init("at", "WHEN"), .init("operator", "OPERATOR"), .init("action", "ACTION"),
                .init("subject", "SUBJECT"), .init("detail", "DETAIL")
            ]
        }

        public func cells(_ language: ReportLanguage) -> [JSONValue] {
            [.string(at), .string(operatorName), .string(action.rawValue), .string(shownSubject), .optional(detail)]
        }

        /// A household code as its card prints it (`K7Q2-9XM4-P`), as people type it and as the
        /// details name replaced cards; anything else as stored.
        var shownSubject: String {
            HouseholdCode.normalise(subject) == subject ? HouseholdCode.display(subject) : subject
        }
    }
}
