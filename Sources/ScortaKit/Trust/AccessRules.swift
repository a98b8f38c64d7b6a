/// Who may run which command: ONE table, keyed by command path ("kit recipe",
/// "household erase"). A path without its own entry takes its nearest
/// ancestor's ("household show" → "household"); a command with no rule at all
/// is refused (fail closed), and a test walks the command tree to make sure
/// none is missing.
public enum AccessRules {
    public enum Rule: Sendable, Equatable {
        /// Needs no operator: creating a database, the demo, the trials.
        case open
        /// Any registered, active operator (read-only queries).
        case anyOperator
        /// An operator holding at least one of these roles.
        case roles(Set<Role>)
    }

    static let warehouse = Rule.roles([.warehouse])
    static let market = Rule.roles([.market])
    static let manager = Rule.roles([.manager])
    static let admin = Rule.roles([.admin])

    public static let table: [String: Rule] = [
        // No operator needed: creating a database, and what works without one
        // (the demo, the trials, the benchmarks on their own data, label templates).
        "init": .open, "demo": .open, "trial": .open, "help": .open, "completions": .open, "man": .open,
        "labels templates": .open, "labels bench": .open, "report benchmark": .open,
        // Read-only queries.
        "stock": .anyOperator, "history": .anyOperator, "documents": .anyOperator, "reorder list": .anyOperator,
        "reorder set": .roles([.warehouse, .manager]), "expiring": .anyOperator, "show": .anyOperator,
        "check": .anyOperator,
        "item list": .anyOperator, "item show": .anyOperator, "kit list": .anyOperator, "kit show": .anyOperator,
        "barcode list": .anyOperator, "location list": .anyOperator, "channel list": .anyOperator,
        // Warehouse.
        "receive": warehouse, "transfer": warehouse, "adjust": warehouse, "count": warehouse,
        "kit assemble": warehouse, "kit disassemble": warehouse, "labels": warehouse,
        // Social market.
        "household": market, "distribute": market, "distributions": market, "market": market,
        // The market desk prints the cards of the households it registers; a lost card is looked up by name.
        "labels card": .roles([.warehouse, .market]), "household find": .roles([.market, .manager]),
        // Manager: catalogue edits, corrections, periods, reports, verification.
        "item add": manager, "item import": manager, "item edit": manager, "item value": manager, "kit recipe": manager,
        "barcode add": manager, "barcode remove": manager, "location add": manager, "location edit": manager,
        "channel add": manager, "reverse": manager, "close": manager, "verify": manager,
        "market price": manager, "market limit": manager, "market rules": manager, "market adjust": manager,
        "report": manager, "report receipt": .roles([.manager, .market]),
        "report transfer-note": .roles([.warehouse, .manager]),
        // Admin: operators, erasure of personal data, undoing a close, backups, the audit log.
        "operator": admin, "household erase": admin, "reopen": admin, "backup": admin, "restore": admin, "copy": admin,
        "audit": admin
    ]

    /// The rule for a command path (without the leading "scorta"), or nil.
    public static func rule(for path: [String]) -> Rule? {
        var path = path.first == "scorta" ? Array(path.dropFirst()) : path
        while !path.isEmpty {
            if let rule = table[path.joined(separator: " ")] { return rule }
            path.removeLast()
        }
        return nil
    }

    /// Refuses `path` unless `operatorName` may run it in `db`. Nothing is
    /// written either way. The database and the operator are only asked for
    /// when the rule needs them (`init` has neither yet).
    public static func authorize(
        _ path: [String], operatorName name: @autoclosure () throws -> String,
        in database: @autoclosure () throws -> Database
    ) throws {
        let command = (path.first == "scorta" ? Array(path.dropFirst()) : path).joined(separator: " ")
        guard let rule = rule(for: path) else {
            throw ScortaError.refused("'scorta \(command)' has no access rule; it is refused until one is added")
        }
        guard rule != .open else { return }
        let db = try database()
        let operatorName = try name()
        guard let person = try Operators(db).find(operatorName) else {
            throw ScortaError.refused(
                "operator '\(operatorName)' is not registered in this database; an admin adds operators with 'scorta operator add'"
            )
        }
        guard person.active else { throw ScortaError.refused("operator '\(operatorName)' is no longer active") }
        if case .roles(let needed) = rule, needed.isDisjoint(with: person.roles) {
            let neededText = needed.sorted().map(\.rawValue).joined(separator: " or ")
            throw ScortaError.refused(
                "'scorta \(command)' needs the \(neededText) role; operator '\(operatorName)' has \(Role.text(person.roles))"
            )
        }
    }
}
