/// The household operations that show, export or erase personal data, each
/// recorded in the audit log in the same transaction (who, what, when).
/// Registering and editing record themselves in `Households`.
extension Households {
    /// `show`, recorded: someone saw this household's data.
    public func show(code: String, on date: CivilDate, operatorName: String) throws -> JSONValue {
        try db.inSavepoint {
            let document = try show(code: code, on: date)
            try Audit.record(db, operator: operatorName, action: .show, subject: try household(code: code).code)
            return document
        }
    }

    /// `list`, recorded: shown on screen, or exported when it leaves as a file (`format` json or csv).
    public func list(on date: CivilDate, referredBy: String?, exportedBy operatorName: String, format: String?) throws -> Listing {
        try db.inSavepoint {
            let listing = try list(on: date, referredBy: referredBy)
            try Audit.record(db, operator: operatorName, action: format == nil ? .show : .export, subject: "households",
                             detail: "list as \(format ?? "text"), \(listing.rows.count) households" + (referredBy.map { ", referred by \($0)" } ?? ""))
            return listing
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
