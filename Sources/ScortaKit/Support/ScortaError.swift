/// Errors a user can act on. Their text is printed once, as `Error: <text>`,
/// and never carries personal data (privacy: only codes and numbers).
public enum ScortaError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Input that is malformed or refers to something that does not exist (exit 1).
    case invalid(String)
    /// A rule of the ledger refuses the operation (not enough stock, closed period...).
    case refused(String)
    /// Several reasons at once (a market checkout lists every reason).
    case refusedAll([String])
    /// Every bad row of an imported file at once: a summary, then one
    /// `file:line: what is wrong` per row (printed one per line).
    case badRows(summary: String, rows: [String])

    public var description: String {
        switch self {
        case .invalid(let text), .refused(let text): return text
        case .refusedAll(let reasons): return reasons.joined(separator: "; ")
        case .badRows(let summary, let rows): return ([summary] + rows).joined(separator: "\n")
        }
    }

}
