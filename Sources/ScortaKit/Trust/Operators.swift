/// The register of operators. A name here is an accountability record (who
/// recorded what), not authentication: access control rests on OS accounts.
///
///     let operators = Operators(db)
///     try operators.add("anna", roles: [.warehouse], by: "admin")
public struct Operators {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    public struct Operator: Sendable, Equatable {
        public let name: String
        public let roles: Set<Role>
        public let active: Bool
    }

    public func find(_ name: String) throws -> Operator? {
        // On a server, the login's row came with the connection (one round trip less for every command).
        if let found = db.takeLoginOperator(name) {
            return found.map { Operator(name: name, roles: Operators.roles($0.roles), active: $0.active) }
        }
        return try db.first("SELECT name, roles, active FROM operator WHERE name = ?", [name]) { row in
            Operator(
                name: row.text(0),
                roles: Operators.roles(row.text(1)),
                active: row.int(2) == 1)
        }
    }

    /// Roles as the table keeps them: their names, comma-separated.
    static func roles(_ text: String) -> Set<Role> {
        Set(text.split(separator: ",").compactMap { Role(rawValue: String($0)) })
    }

    public func all() throws -> [Operator] {
        try db.query("SELECT name FROM operator ORDER BY name") { $0.text(0) }.compactMap { try find($0) }
    }

    public func add(_ name: String, roles: Set<Role>, by creator: String) throws {
        let name = try Operators.validName(name)
        guard !roles.isEmpty else { throw ScortaError.invalid("an operator needs at least one role") }
        try db.inSavepoint {
            guard try find(name) == nil else { throw ScortaError.refused("operator '\(name)' is already registered") }
            try db.run(
                "INSERT INTO operator(name, roles, created_at, created_by) VALUES (?, ?, ?, ?)",
                [name, Role.text(roles), Clock.timestamp(), creator])
            try HashChain.seal(.operatorRole, key: [name], in: db)
        }
    }

    /// Changes roles and/or the active flag. The last active admin cannot be
    /// removed, so the register can always be managed.
    public func edit(_ name: String, roles: Set<Role>?, active: Bool?, by editor: String) throws {
        try db.inSavepoint {
            guard let current = try find(name) else { throw ScortaError.invalid("no operator '\(name)'") }
            let newRoles = roles ?? current.roles
            let newActive = active ?? current.active
            guard !newRoles.isEmpty else { throw ScortaError.invalid("an operator needs at least one role") }
            if current.roles.contains(.admin), current.active, !(newRoles.contains(.admin) && newActive) {
                let admins =
                    try db.scalar(
                        "SELECT count(*) FROM operator WHERE active = 1 AND ',' || roles || ',' LIKE '%,admin,%'") ?? 0
                guard admins > 1 else {
                    throw ScortaError.refused("'\(name)' is the last active admin; register another admin first")
                }
            }
            try db.run(
                "UPDATE operator SET roles = ?, active = ?, changed_at = ?, changed_by = ? WHERE name = ?",
                [Role.text(newRoles), newActive, Clock.timestamp(), editor, name])
            try HashChain.seal(.operatorRole, key: [name], in: db)
        }
    }

    /// Names are printed on documents and registers: short, no control characters.
    public static func validName(_ text: String) throws -> String {
        let name = text.trimmingSpaces
        guard !name.isEmpty, name.count <= 64,
            !name.unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 })
        else {
            throw ScortaError.invalid("an operator name must be 1 to 64 printable characters")
        }
        return name
    }
}

extension Operators.Operator: TablePresentable {
    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [.init("name", "OPERATOR"), .init("roles", "ROLES"), .init("active", "ACTIVE")]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [.string(name), .string(Role.text(roles)), .bool(active)]
    }
}
