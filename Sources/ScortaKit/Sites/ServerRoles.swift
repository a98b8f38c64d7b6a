/// Who may change what on a PostgreSQL ledger (issue 14): every person logs
/// in as themselves, and the server, not Scorta, refuses a login that tries
/// to do with `psql` what its Scorta role may not do, or to rewrite history.
///
/// One role owns the schema (it ran `scorta init` or `scorta copy`, and runs
/// new Scorta versions' schema steps); it is the only one that may UPDATE or
/// DELETE ledger rows. Every active operator's login is a member of the
/// database's staff group (it reads everything, and adds audit entries and
/// the chain entries that seal them), and of one group per Scorta role it
/// holds (`<db>_warehouse`, `<db>_market`, `<db>_manager`, `<db>_admin`),
/// which may write only the tables that role's commands write
/// (`AccessRules`): a market clerk's login cannot add a receipt's lots or a
/// count, a warehouse login cannot register a household or sell at the till.
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
        /// UPDATE of these columns only (an erasure clears what another role wrote).
        case changes([String])
        /// `document` and `chain`: INSERT; `hash` of the chain's last entry.
        case sealedHead
    }

    /// What one group may write in a table: `roles` nil is every active
    /// operator (the staff group), else the groups of these Scorta roles.
    public struct Grant: Equatable, Sendable {
        public let roles: Set<Role>?
        public let access: Access

        init(_ roles: Set<Role>?, _ access: Access) {
            self.roles = roles
            self.access = access
        }
    }

    /// Roles whose commands post documents: lines, balances, numbering.
    static let posting: Set<Role> = [.warehouse, .market, .manager]
    static let householdColumns = ["code", "referred_by", "name", "note", "erased_at"]
    static let memberColumns = [
        "birth", "age_band", "sex", "homeless", "disability", "third_country", "foreign_minority", "name", "left_on"
    ]

    /// Every table's grants. Empty: only the owner writes it (the schema's
    /// bookkeeping). A test fails when a table of the schema is missing here.
    public static let tables: [String: [Grant]] = [
        // Every operator: the audit log, and the chain entries that seal its entries and the records.
        "audit": [Grant(nil, .appendOnly)], "chain": [Grant(nil, .sealedHead)],
        // Posting (receipts, transfers, counts, kits; distributions and checkouts; reversals).
        "document": [Grant(posting, .sealedHead), Grant([.admin], .changes(["note"]))],
        "document_line": [Grant(posting, .appendOnly)],
        "balance": [Grant(posting, .updates(["quantity"]))],
        "stock_day": [Grant(posting, .updates(["net", "low"]))],
        "document_sequence": [Grant(posting, .updates(["last"]))],
        // The warehouse: new lots (receipts, kits) and counts.
        "lot": [Grant([.warehouse], .appendOnly)], "count_line": [Grant([.warehouse], .appendOnly)],
        "reorder_level": [Grant([.warehouse, .manager], .updatesAndDeletes(["level"]))],
        // The market desk: households, cards, distributions, the till; a manager's points adjustments and reversals.
        "household": [
            Grant([.market], .updates(householdColumns)), Grant([.admin], .changes(["name", "note", "erased_at"]))
        ],
        "member": [Grant([.market], .updates(memberColumns)), Grant([.admin], .changes(["name"]))],
        "member_version": [
            Grant(
                [.market],
                .updates([
                    "birth", "age_band", "sex", "homeless", "disability", "third_country", "foreign_minority",
                    "recorded_at", "operator"
                ]))
        ],
        "card_period": [Grant([.market], .appendOnly)], "card_replacement": [Grant([.market], .appendOnly)],
        "card_suspension": [Grant([.market], .updates(["until_date"]))],
        "distribution_recipient": [Grant([.market], .appendOnly)],
        "distribution_fact": [
            Grant([.market, .manager], .updates(["date", "channel_id", "location_id", "lines", "recipients"]))
        ],
        "market_sale": [Grant([.market], .appendOnly)], "market_override": [Grant([.market], .appendOnly)],
        "points_entry": [Grant([.market, .manager], .appendOnly)],
        // The manager: catalogue, values and prices, market rules, period closes.
        "item": [Grant([.manager], .updates(["name", "unit", "category_id", "gtin", "net_grams", "active"]))],
        "category": [Grant([.manager], .appendOnly)], "channel": [Grant([.manager], .appendOnly)],
        "location": [Grant([.manager], .updates(["name", "active"]))],
        "barcode": [Grant([.manager], .updatesAndDeletes([]))],
        "item_value": [Grant([.manager], .appendOnly)], "market_price": [Grant([.manager], .appendOnly)],
        "kit_recipe": [Grant([.manager], .appendOnly)], "kit_component": [Grant([.manager], .appendOnly)],
        "market_limit": [Grant([.manager], .updatesAndDeletes([]))],
        "points_rule": [
            Grant(
                [.manager],
                .updates([
                    "cycle", "cycle_days", "first_member", "further_member", "child_extra", "child_under", "maximum",
                    "lapse", "card_months", "market_location", "market_channel"
                ]))
        ],
        "setting": [Grant([.manager], .updates(["value"]))],
        "period_close": [Grant([.manager], .appendOnly)],
        // The admin: operators, undoing a close.
        "operator": [Grant([.admin], .updates(["roles", "active", "changed_at", "changed_by"]))],
        "period_reopen": [Grant([.admin], .appendOnly)],
        "schema_migration": []
    ]

    /// The database's groups: one every operator's login is in, and one
    /// per Scorta role. Roles belong to the whole server, so their names
    /// carry the database's: a login of one organisation's ledger gets
    /// nothing in another's on the same server.
    public static func groups(in db: Database) throws -> (staff: String, roles: [Role: String]) {
        let database = try db.scalarText("SELECT current_database()") ?? "scorta"
        return (
            "\(database)_staff",
            Dictionary(uniqueKeysWithValues: Role.allCases.map { ($0, "\(database)_\($0.rawValue)") })
        )
    }

    /// Creates the groups when missing, (re)grants every table as `tables`
    /// says, with the trigger that keeps `hash` updates to the chain's head,
    /// and puts every operator's login in the groups of its roles (a ledger
    /// secured before there was a group per role gets them here).
    /// Idempotent; run by the owner after `init`, `copy` and new schema
    /// steps, and before each `operator add` / `edit`.
    public static func secure(_ db: Database) throws {
        guard db.isPostgreSQL else { return }
        let (staff, roleGroups) = try groups(in: db)
        let everyGroup = [staff] + Role.allCases.compactMap { roleGroups[$0] }
        for group in everyGroup {
            try db.execute(
                """
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(literal(group))) THEN CREATE ROLE \(quoted(group)) NOLOGIN; END IF;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;  -- made meanwhile by another session
                END $$
                """)
        }
        let schema = quoted(try schema(db))
        try db.execute(
            """
            REVOKE ALL ON ALL TABLES IN SCHEMA \(schema) FROM PUBLIC;
            GRANT USAGE ON SCHEMA \(schema) TO \(quoted(staff));
            GRANT USAGE ON ALL SEQUENCES IN SCHEMA \(schema) TO \(everyGroup.map(quoted).joined(separator: ", "));
            GRANT SELECT ON ALL TABLES IN SCHEMA \(schema) TO \(quoted(staff));
            """)
        let existing = Set(try db.makeStatement(db.dialect.tableNamesQuery).map([]) { $0.text(0) })
        var statements: [String] = []
        for (table, grants) in tables.sorted(by: { $0.key < $1.key }) where existing.contains(table) {
            let name = quoted(table)
            statements.append(
                "REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON \(name) FROM \(everyGroup.map(quoted).joined(separator: ", "))"
            )
            for grant in grants {
                let groups = (grant.roles.map { roles in roles.sorted().compactMap { roleGroups[$0] } } ?? [staff])
                    .map(quoted).joined(separator: ", ")
                statements.append("GRANT \(privileges(grant.access)) ON \(name) TO \(groups)")
            }
        }
        try db.execute(statements.joined(separator: ";\n"))
        // A schema being built step by step may not have them (nor the operators) yet.
        if existing.isSuperset(of: ["document", "chain"]) { try db.execute(headOnlyTrigger(schema: schema)) }
        guard existing.contains("operator") else { return }
        let operators = try db.makeStatement("SELECT name, roles, active FROM operator").map([]) {
            (name: $0.text(0), roles: $0.text(1), active: $0.int(2) != 0)
        }
        for person in operators {
            try grant(
                login: person.name, roles: (try? Role.parseList(person.roles)) ?? [], active: person.active, in: db,
                creating: false)
        }
    }

    /// What `access` grants, as the privilege list of a GRANT.
    static func privileges(_ access: Access) -> String {
        switch access {
        case .appendOnly: "INSERT"
        case .updates(let columns): "INSERT" + updateList(columns)
        case .updatesAndDeletes(let columns): "INSERT, DELETE" + updateList(columns)
        case .changes(let columns): String(updateList(columns).dropFirst(2))
        case .sealedHead: "INSERT, UPDATE (hash)"
        }
    }

    /// `hash` changes only on the chain's last entry, and a note only to
    /// nothing (an erasure), for everyone but the table's owner.
    ///
    /// The triggers' WHEN calls the function only for an update it could
    /// refuse: the owner's, and re-sealing the chain's head, which every
    /// posting does, are let through there, and PL/pgSQL is never loaded and
    /// compiled by a command's new backend (1 to 2 ms of a one-shot
    /// transfer's). The rule is the same: when WHEN is false the function
    /// would have let the row through; the owner is asked first, so as before
    /// its updates never read the chain. The owner is asked with the server's
    /// own `has_table_privilege(…, 'TRUNCATE')`, which holds for the table's
    /// owner (and its members, and a superuser) and for a login the server's
    /// administrator granted TRUNCATE, which Scorta never grants and which
    /// could empty the table anyway: a SQL function reading `pg_class`, as
    /// before, was parsed and planned by every new backend that sealed a
    /// document (0.7 M instructions of a one-shot checkout's 30 M). The head is
    /// read by plain SQL functions, which carry a `search_path` so that the
    /// server never tries to inline them into the WHEN (it would parse their
    /// text at every update, and fail where the chain is gone, as in a
    /// database rebuilt from before it). Every name is qualified, and the
    /// tables are named by their oids in the WHEN: a login could otherwise put
    /// a temporary table named `chain` or `pg_class` in front of the real one
    /// (the session's temporary schema is searched first) and pass for the head.
    static func headOnlyTrigger(schema: String) -> String {
        """
        CREATE OR REPLACE FUNCTION \(schema).scorta_chain_head_document() RETURNS bigint LANGUAGE sql STABLE
            SET search_path = pg_catalog, pg_temp AS $$
            SELECT document_id FROM \(schema).chain ORDER BY seq DESC LIMIT 1
        $$;
        CREATE OR REPLACE FUNCTION \(schema).scorta_chain_last_seq() RETURNS bigint LANGUAGE sql STABLE
            SET search_path = pg_catalog, pg_temp AS $$
            SELECT max(seq) FROM \(schema).chain
        $$;
        CREATE OR REPLACE FUNCTION \(schema).scorta_reseal_document_head_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF pg_catalog.pg_has_role(current_user, (SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID), 'USAGE') THEN
                RETURN NEW;
            END IF;
            IF NEW.hash IS DISTINCT FROM OLD.hash AND NEW.id IS DISTINCT FROM \(schema).scorta_chain_head_document() THEN
                RAISE EXCEPTION 'document % is not the last entry of the chain: only the owner may change it', OLD.number USING ERRCODE = '42501';
            END IF;
            IF NEW.note IS DISTINCT FROM OLD.note AND NEW.note IS NOT NULL THEN
                RAISE EXCEPTION 'a note of document % may only be erased', OLD.number USING ERRCODE = '42501';
            END IF;
            RETURN NEW;
        END $$;
        CREATE OR REPLACE FUNCTION \(schema).scorta_reseal_chain_head_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF pg_catalog.pg_has_role(current_user, (SELECT relowner FROM pg_catalog.pg_class WHERE oid = TG_RELID), 'USAGE') THEN
                RETURN NEW;
            END IF;
            IF NEW.seq IS DISTINCT FROM \(schema).scorta_chain_last_seq() OR NEW.seq IS DISTINCT FROM OLD.seq THEN
                RAISE EXCEPTION 'chain entry % is not the last one: only the owner may change it', OLD.seq USING ERRCODE = '42501';
            END IF;
            RETURN NEW;
        END $$;
        DROP TRIGGER IF EXISTS scorta_reseal_head_only ON \(schema).document;
        CREATE TRIGGER scorta_reseal_head_only BEFORE UPDATE ON \(schema).document FOR EACH ROW
            WHEN (NOT pg_catalog.has_table_privilege('\(schema).document'::regclass, 'TRUNCATE')
                AND ((NEW.hash IS DISTINCT FROM OLD.hash AND NEW.id IS DISTINCT FROM \(schema).scorta_chain_head_document())
                    OR (NEW.note IS DISTINCT FROM OLD.note AND NEW.note IS NOT NULL)))
            EXECUTE FUNCTION \(schema).scorta_reseal_document_head_only();
        DROP TRIGGER IF EXISTS scorta_reseal_head_only ON \(schema).chain;
        CREATE TRIGGER scorta_reseal_head_only BEFORE UPDATE ON \(schema).chain FOR EACH ROW
            WHEN (NOT pg_catalog.has_table_privilege('\(schema).chain'::regclass, 'TRUNCATE')
                AND (NEW.seq IS DISTINCT FROM OLD.seq OR NEW.seq IS DISTINCT FROM \(schema).scorta_chain_last_seq()))
            EXECUTE FUNCTION \(schema).scorta_reseal_chain_head_only();
        DROP FUNCTION IF EXISTS \(schema).scorta_owner_writes(oid);
        """
    }

    /// Makes `name` a login of this ledger (created without a password when
    /// it does not exist and `creating`: the server's administrator sets
    /// one, or a certificate) in the staff group and the group of each of
    /// its roles, and out of the others: a role change moves the login, and
    /// an inactive operator leaves every group.
    public static func grant(
        login name: String, roles: Set<Role>, active: Bool, in db: Database, creating: Bool = true
    ) throws {
        guard db.isPostgreSQL else { return }
        let (staff, roleGroups) = try groups(in: db)
        if creating {
            try db.execute(
                """
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = \(literal(name))) THEN CREATE ROLE \(quoted(name)) LOGIN; END IF;
                EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;  -- made meanwhile by another session
                END $$
                """)
        } else if try db.scalar("SELECT count(*) FROM pg_roles WHERE rolname = ?", [name]) == 0 {
            return
        }
        // The owner keeps what it has; it needs no group.
        if try db.scalarText("SELECT session_user") == name { return }
        var member: [String] = []
        var notMember: [String] = []
        (active ? { member.append(staff) } : { notMember.append(staff) })()
        for role in Role.allCases {
            guard let group = roleGroups[role] else { continue }
            if active && roles.contains(role) { member.append(group) } else { notMember.append(group) }
        }
        var statements: [String] = []
        if !member.isEmpty {
            statements.append("GRANT \(member.map(quoted).joined(separator: ", ")) TO \(quoted(name))")
        }
        if !notMember.isEmpty {
            statements.append("REVOKE \(notMember.map(quoted).joined(separator: ", ")) FROM \(quoted(name))")
        }
        try db.execute(statements.joined(separator: ";\n"))
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
