extension Operators {
    /// On a PostgreSQL ledger the operator is the login the server
    /// authenticated (`session_user`: a password, a certificate, the
    /// operating system's account over a local socket), not a name typed
    /// on the command line: what is recorded on a document is who the
    /// server let in. `current_user` could be changed inside a session
    /// (`SET ROLE`, `options=-c role=…`); the session's login cannot. Nil on SQLite.
    public func login() throws -> String? {
        guard db.isPostgreSQL else { return nil }
        return try db.serverLogin ?? db.scalarText("SELECT session_user")
    }

    /// Registers `name` (see `add`) and, on a PostgreSQL ledger, makes it a
    /// login of this database in the groups its roles need (`ServerRoles`).
    /// A name that is already registered (a ledger copied from an office's
    /// file) gets its login and grants again instead of a refusal there.
    public func register(_ name: String, roles: Set<Role>, by creator: String) throws {
        try db.inSavepoint {
            if db.isPostgreSQL, let existing = try find(name) {
                guard existing.roles == roles, existing.active else {
                    throw ScortaError.refused(
                        "operator '\(name)' is already registered (\(Role.text(existing.roles))\(existing.active ? "" : ", inactive")); change it with 'operator edit'"
                    )
                }
            } else {
                try add(name, roles: roles, by: creator)
            }
            try ServerRoles.secure(db)
            try ServerRoles.grant(login: try Operators.validName(name), roles: roles, active: true, in: db)
        }
    }

    /// Changes roles and/or the active flag (see `edit`), and the login's
    /// groups on a PostgreSQL ledger: an inactive operator can no longer
    /// write, whatever program it connects with.
    public func change(_ name: String, roles: Set<Role>?, active: Bool?, by editor: String) throws {
        try db.inSavepoint {
            try edit(name, roles: roles, active: active, by: editor)
            guard db.isPostgreSQL, let changed = try find(name) else { return }
            try ServerRoles.secure(db)
            try ServerRoles.grant(login: changed.name, roles: changed.roles, active: changed.active, in: db)
        }
    }
}
