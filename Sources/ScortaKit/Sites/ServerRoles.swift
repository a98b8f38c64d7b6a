/// Who may change what on a PostgreSQL ledger (issue 14): every person logs
/// in as themselves, and the server, not Scorta, refuses a login that tries
/// to rewrite history, even from `psql`.
///
/// One role owns the schema (it ran `scorta init` or `scorta copy`, and runs
/// new Scorta versions' schema steps); it is the only one that may UPDATE or
/// DELETE ledger rows. Every operator's login is a member of the database's
/// staff group, and admins also of its admin group:
///
/// - **Append-only** tables (documents' lines, the chain's entries, the
///   audit log, snapshots, sales, counts, values, prices, lots, recipes,
///   closes…): SELECT and INSERT, nothing else.
/// - `document` and `chain`: one column, `hash`, may be updated, and only on
///   the chain's last entry (a trigger says so): the posting path seals a
///   document, then seals it again once its recipients or sales are written,
///   in the same transaction. A forged hash would only break `verify`.
/// - **Records that change** (an item's name, a card suspension that ends, a
///   household's erasure) and **caches** (balances, per-day stock, numbering,
///   report facts): UPDATE on exactly the columns Scorta changes (column
///   grants), never DELETE. Every such row is sealed or proven: a change made
///   outside Scorta is named by `verify` or `check`, and the documents it
///   would have to match cannot be changed.
/// - DELETE only where a command removes a row (a barcode, a market limit, a
///   reorder level); the first two are sealed records, so `verify` names a
///   deletion made outside Scorta.
/// - The operator register and the erasure of distribution notes belong to
///   the admin group.
///
/// Why column grants rather than SECURITY DEFINER functions for the caches:
/// the posting path is one set of SQL for both engines; functions would
/// fork it for PostgreSQL, and a function that writes a balance would be as
/// open to a `psql` user as the column is. The caches are not evidence: the
/// lines are, and those no login but the owner can change.
public enum ServerRoles {
    public enum Access: Equatable, Sendable {
        case appendOnly
        /// INSERT, and UPDATE of these columns.
        case updates([String])
        /// INSERT, UPDATE of these columns, DELETE.
        case updatesAndDeletes([String])
        /// Written by the admin group only (INSERT and UPDATE of these columns).
        case admin([String])
        /// Only the owner writes (the schema's bookkeeping).
        case ownerOnly
        /// `document` and `chain`: INSERT; `hash` of the chain's last entry.
        case sealedHead
    }

    /// Every table's access, for the staff group. A test fails when a table
    /// of the schema is missing here.
    public static let tables: [String: Access] = [
        "document": .sealedHead, "chain": .sealedHead,
        "document_line": .appendOnly, "count_line": .appendOnly, "distribution_recipient": .appendOnly,
        "market_sale": .appendOnly, "market_override": .appendOnly, "points_entry": .appendOnly, "audit": .appendOnly,
        "item_value": .appendOnly, "market_price": .appendOnly, "lot": .appendOnly, "kit_recipe": .appendOnly,
        "kit_component": .appendOnly, "period_close": .appendOnly, "period_reopen": .appendOnly,
        "card_period": .appendOnly,
        "channel": .appendOnly, "category": .appendOnly, "card_replacement": .appendOnly,
        "balance": .updates(["quantity"]),
        "stock_day": .updates(["net", "low"]),
        "document_sequence": .updates(["last"]),
        "distribution_fact": .updates(["date", "channel_id", "location_id", "lines", "recipients"]),
        "setting": .updates(["value"]),
        "location": .updates(["name", "active"]),
        "item": .updates(["name", "unit", "category_id", "gtin", "net_grams", "active"]),
        "household": .updates(["code", "referred_by", "name", "note", "erased_at"]),
        "member": .updates([
            "birth", "age_band", "sex", "homeless", "disability", "third_country", "foreign_minority", "name", "left_on"
        ]),
        "member_version": .updates([
            "birth", "age_band", "sex", "homeless", "disability", "third_country", "foreign_minority",
            "recorded_at", "operator"
        ]),
        "card_suspension": .updates(["until_date"]),
        "points_rule": .updates([
            "cycle", "cycle_days", "first_member", "further_member", "child_extra", "child_under", "maximum",
            "lapse", "card_months", "market_location", "market_channel"
        ]),
        "barcode": .updatesAndDeletes([]),
        "market_limit": .updatesAndDeletes([]),
        "reorder_level": .updatesAndDeletes(["level"]),
        "operator": .admin(["roles", "active", "changed_at", "changed_by"]),
        "schema_migration": .ownerOnly
    ]

    /// The database's two group roles. Roles belong to the whole server, so
    /// their names carry the database's: a login of one organisation's
    /// ledger gets nothing in another's on the same server.
    public static func groups(in db: Database) throws -> (staff: String, admin: String) {
        let database = try db.scalarText("SELECT current_database()") ?? "scorta"
        return ("\(database)_staff", "\(database)_admin")
    }

    /// Creates the groups when missing and (re)grants every table as
    /// `tables` says, and the trigger that keeps `hash` updates to the
    /// chain's head. Idempotent; run by the owner after `init`, `copy` and
    /// new schema steps, and before each `operator add` / `edit`.
    public static func secure(_ db: Database) throws {
        guard db.isPostgreSQL else { return }
        let (staff, admin) = try groups(in: db)
        for group in [staff, admin] {
            try db.execute(
                """
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(literal(group))) THEN CREATE ROLE \(quoted(group)) NOLOGIN; END IF;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;  -- made meanwhile by another session
                END $$
                """)
        }
        try db.execute("GRANT \(quoted(staff)) TO \(quoted(admin))")
        try db.execute(
            """
            REVOKE ALL ON ALL TABLES IN SCHEMA \(quoted(try schema(db))) FROM PUBLIC;
            GRANT USAGE ON SCHEMA \(quoted(try schema(db))) TO \(quoted(staff));
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA \(quoted(try schema(db))) TO \(quoted(staff));
            GRANT SELECT ON ALL TABLES IN SCHEMA \(quoted(try schema(db))) TO \(quoted(staff));
            """)
        let existing = Set(try db.makeStatement(db.dialect.tableNamesQuery).map([]) { $0.text(0) })
        for (table, access) in tables where existing.contains(table) {
            let name = quoted(table)
            try db.execute("REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON \(name) FROM \(quoted(staff)), \(quoted(admin))")
            switch access {
            case .appendOnly:
                try db.execute("GRANT INSERT ON \(name) TO \(quoted(staff))")
            case .updates(let columns):
                try db.execute("GRANT INSERT\(updateList(columns)) ON \(name) TO \(quoted(staff))")
            case .updatesAndDeletes(let columns):
                try db.execute("GRANT INSERT, DELETE\(updateList(columns)) ON \(name) TO \(quoted(staff))")
            case .admin(let columns):
                try db.execute("GRANT INSERT\(updateList(columns)) ON \(name) TO \(quoted(admin))")
            case .ownerOnly:
                break
            case .sealedHead:
                try db.execute("GRANT INSERT, UPDATE (hash) ON \(name) TO \(quoted(staff))")
            }
        }
        // Erasing a household's data clears its distributions' notes (outside the chain).
        try db.execute("GRANT UPDATE (note) ON document TO \(quoted(admin))")
        try db.execute(headOnlyTrigger)
    }

    /// `hash` changes only on the chain's last entry, and a note only to
    /// nothing (an erasure), for everyone but the table's owner.
    static let headOnlyTrigger = """
        CREATE OR REPLACE FUNCTION scorta_reseal_document_head_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
                RETURN NEW;
            END IF;
            IF NEW.hash IS DISTINCT FROM OLD.hash AND NEW.id IS DISTINCT FROM (SELECT document_id FROM chain ORDER BY seq DESC LIMIT 1) THEN
                RAISE EXCEPTION 'document % is not the last entry of the chain: only the owner may change it', OLD.number USING ERRCODE = '42501';
            END IF;
            IF NEW.note IS DISTINCT FROM OLD.note AND NEW.note IS NOT NULL THEN
                RAISE EXCEPTION 'a note of document % may only be erased', OLD.number USING ERRCODE = '42501';
            END IF;
            RETURN NEW;
        END $$;
        CREATE OR REPLACE FUNCTION scorta_reseal_chain_head_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
                RETURN NEW;
            END IF;
            IF NEW.seq IS DISTINCT FROM (SELECT max(seq) FROM chain) OR NEW.seq IS DISTINCT FROM OLD.seq THEN
                RAISE EXCEPTION 'chain entry % is not the last one: only the owner may change it', OLD.seq USING ERRCODE = '42501';
            END IF;
            RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS scorta_reseal_head_only ON document;
        CREATE TRIGGER scorta_reseal_head_only BEFORE UPDATE ON document FOR EACH ROW EXECUTE FUNCTION scorta_reseal_document_head_only();
        DROP TRIGGER IF EXISTS scorta_reseal_head_only ON chain;
        CREATE TRIGGER scorta_reseal_head_only BEFORE UPDATE ON chain FOR EACH ROW EXECUTE FUNCTION scorta_reseal_chain_head_only();
        """

    /// Makes `name` a login of this ledger (created without a password when
    /// it does not exist: the server's administrator sets one, or a
    /// certificate) in the groups its roles need; an inactive operator, or
    /// one who is no longer an admin, leaves them.
    public static func grant(login name: String, roles: Set<Role>, active: Bool, in db: Database) throws {
        guard db.isPostgreSQL else { return }
        let (staff, admin) = try groups(in: db)
        try db.execute(
            """
            DO $$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(literal(name))) THEN CREATE ROLE \(quoted(name)) LOGIN; END IF;
            EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;  -- made meanwhile by another session
            END $$
            """)
        // The owner keeps what it has; it needs no group.
        if try db.scalarText("SELECT session_user") == name { return }
        try db.execute(
            active ? "GRANT \(quoted(staff)) TO \(quoted(name))" : "REVOKE \(quoted(staff)) FROM \(quoted(name))")
        try db.execute(
            active && roles.contains(.admin)
                ? "GRANT \(quoted(admin)) TO \(quoted(name))" : "REVOKE \(quoted(admin)) FROM \(quoted(name))")
    }

    static func schema(_ db: Database) throws -> String {
        try db.scalarText("SELECT current_schema()") ?? "public"
    }

    static func updateList(_ columns: [String]) -> String {
        columns.isEmpty ? "" : ", UPDATE (" + columns.map(quoted).joined(separator: ", ") + ")"
    }

    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func literal(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
