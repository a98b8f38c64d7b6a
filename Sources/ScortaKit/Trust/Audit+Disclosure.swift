/// Household-linked data leaving Scorta through a listing, a register, a
/// document or a receipt: each time is an entry in the audit log (who, what,
/// when), naming the household code, never a person.
extension Audit {
    /// Records that household-linked data is shown on screen (`format` nil) or
    /// exported (`format` "csv", "json", "pdf"). Called before the data is
    /// written, in its own short transaction: if the entry cannot be recorded,
    /// nothing is shown (a long export does not hold the write lock meanwhile).
    /// `subject` is the household code when one household's data is concerned,
    /// else what was listed ("distributions", "households").
    public static func disclosure(
        _ db: Database, operator operatorName: String, format: String?, subject: String, detail: String
    ) throws {
        try db.inTransaction {
            try record(
                db, operator: operatorName, action: format == nil ? .show : .export, subject: subject,
                detail: detail + (format.map { " as \($0)" } ?? ""))
        }
    }

    /// The household code (as stored) that document `number` went to; nil for
    /// any other document, an anonymous contact included.
    public static func household(ofDocument number: String, in db: Database) throws -> String? {
        try db.scalarText(
            "SELECT h.code FROM document d JOIN household h ON h.id = d.household_id WHERE d.number = ?", [number])
    }
}

extension DistributionFilter {
    /// The period and scope, for an audit entry: "2026-11-01 to 2026-11-30, channel UMN".
    public var auditDescription: String {
        ["\(from) to \(to)", locationCode.map { "location \($0)" }, channelCode.map { "channel \($0)" }].compactMap {
            $0
        }.joined(separator: ", ")
    }
}
