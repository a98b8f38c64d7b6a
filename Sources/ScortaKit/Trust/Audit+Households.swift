/// The household operations that show, export or erase personal data, each
/// recorded in the audit log in the same transaction (who, what, when).
/// Registering and editing record themselves in `Households`.
extension Households {
    /// `show`, recorded: someone saw this household's data.
    public func show(code: String, on date: CivilDate, operatorName: String) throws -> HouseholdDetail {
        try db.inSavepoint {
            let document = try show(code: code, on: date)
            try Audit.record(db, operator: operatorName, action: .show, subject: try household(code: code).code)
            return document
        }
    }

    /// `list`, recorded: shown on screen, or exported when it leaves as a file (`format` json or csv).
    public func list(on date: CivilDate, referredBy: String?, exportedBy operatorName: String, format: String?) throws
        -> [HouseholdRow]
    {
        try db.inSavepoint {
            let rows = try list(on: date, referredBy: referredBy)
            try Audit.record(
                db, operator: operatorName, action: format == nil ? .show : .export, subject: "households",
                detail: "list as \(format ?? "text"), \(rows.count) households"
                    + (referredBy.map { ", referred by \($0)" } ?? ""))
            return rows
        }
    }

    /// `erase`, recorded: who erased this household's personal data, and when.
    @discardableResult
    public func erase(code: String, operatorName: String) throws -> Int {
        try db.inSavepoint {
            let kept = try erase(code: code)
            try Audit.record(db, operator: operatorName, action: .erase, subject: try household(code: code).code)
            return kept
        }
    }
}

extension Households {
    /// `find`, recorded: one entry for the search and one for each household
    /// it disclosed. The searched text is not logged: it is a person's name,
    /// and the log names household codes, never people.
    public func find(_ text: String, on date: CivilDate, operatorName: String, format: String?) throws
        -> [HouseholdMatch]
    {
        try db.inSavepoint {
            let matches = try find(text, on: date)
            let how = "search of names and notes" + (format.map { " as \($0)" } ?? "")
            try Audit.record(
                db, operator: operatorName, action: .search, subject: "households",
                detail: "\(how): \(matches.count) household\(matches.count == 1 ? "" : "s") found")
            for match in matches {
                try Audit.record(
                    db, operator: operatorName, action: format == nil ? .show : .export, subject: match.code,
                    detail: "found by a \(how)")
            }
            return matches
        }
    }
}
