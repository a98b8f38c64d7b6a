/// What an operator may do. An operator holds one or more roles.
public enum Role: String, CaseIterable, Sendable, Comparable {
    /// Magazziniere: receive, transfer, kits, adjust, count, labels.
    case warehouse
    /// Operatore dell'emporio: households, distributions, the market till.
    case market
    /// Responsabile: reports, catalogue, reversals, period close, verify.
    case manager
    /// Operators, erasure of personal data, backups, the audit log.
    case admin

    public static func < (a: Role, b: Role) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    /// Parses "warehouse,market" (or "all"); an unknown role is refused.
    public static func parseList(_ text: String) throws -> Set<Role> {
        if text.trimmingSpaces == "all" { return Set(allCases) }
        var roles = Set<Role>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false).map({ String($0).trimmingSpaces }) {
            guard let role = Role(rawValue: part) else {
                throw ScortaError.invalid(
                    "unknown role '\(part)': roles are \(allCases.map(\.rawValue).joined(separator: ", ")) (or all)")
            }
            roles.insert(role)
        }
        return roles
    }

    static func text(_ roles: Set<Role>) -> String { roles.sorted().map(\.rawValue).joined(separator: ",") }
}
