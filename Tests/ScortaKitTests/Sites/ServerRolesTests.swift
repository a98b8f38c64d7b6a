import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

/// On a server each person logs in as themselves, and history is
/// append-only for every login but the schema's owner: the server refuses
/// the rewrite, whatever program the login connects with.
@Suite(.enabled(if: PostgreSQLCluster.enabled, "\(PostgreSQLCluster.unavailableReason ?? "")"))
struct ServerRolesTests {
    /// A ledger set up as the README says: an owner role that is not a
    /// superuser (LOGIN, CREATEROLE) owning its database, `init` run by it.
    struct Server {
        let cluster: PostgreSQLCluster
        let database: String
        let owner: String
        let suffix = String(UUID().uuidString.prefix(8)).lowercased()

        init() throws {
            cluster = try PostgreSQLCluster.shared()
            owner = "owner_\(suffix)"
            database = "scorta_roles_\(suffix)"
            let admin = try PostgreSQLConnection(cluster.uri(database: "postgres"))
            try admin.execute("CREATE ROLE \(owner) LOGIN CREATEROLE")
            try admin.execute("CREATE DATABASE \(database) OWNER \(owner)")
            try Store.create(
                path: uri(owner), seeds: SeedFiles(directory: TestDatabase.seedsPath),
                date: CivilDate(year: 2026, month: 1, day: 1)!, firstOperator: owner)
        }

        func uri(_ user: String) -> String { cluster.uri(database: database, user: user) }
        func connect(_ user: String) throws -> Database { try Database(postgreSQL: uri(user)) }
        func on(_ user: String) -> PostingContext {
            PostingContext(date: CivilDate(year: 2026, month: 3, day: 2)!, operatorName: user)
        }
    }

    @Test func aWarehouseLoginPostsButCannotRewriteOrDeleteHistory() throws {
        let server = try Server()
        let warehouse = "magazzino_\(server.suffix)"
        let market = "emporio_\(server.suffix)"
        let owner = try server.connect(server.owner)
        #expect(try Operators(owner).login() == server.owner)
        try Operators(owner).register(warehouse, roles: [.warehouse], by: server.owner)
        try Operators(owner).register(market, roles: [.market], by: server.owner)

        // Posting works as the warehouse login, and a distribution (sealed,
        // then sealed again with its recipients) as the market's.
        let site = try server.connect(warehouse)
        #expect(try Operators(site).login() == warehouse)
        try Ledger(site).receive(
            at: "MAG-A", from: "Banco", lines: [LineSpec(sku: "IG-SAP", quantity: 20)], context: server.on(warehouse))
        try Ledger(site).transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 5)], context: server.on(warehouse))
        let till = try server.connect(market)
        let family = try Households(till).register(
            members: [try MemberSpec(parsing: "born=1980,sex=f"), try MemberSpec(parsing: "born=2015,sex=m")],
            on: CivilDate(year: 2026, month: 3, day: 1)!, operatorName: market)
        try Distributions(till).distribute(
            from: "EMP", to: .household(family), channel: "CD", lines: [LineSpec(sku: "IG-SAP", quantity: 2)],
            context: server.on(market))
        #expect(try Ledger(owner).check() == [])
        #expect(try HashChain.verify(owner).intact)

        // What the warehouse login cannot do, even typing SQL itself.
        let denied = [
            "UPDATE document_line SET quantity = 1",
            "DELETE FROM document_line",
            "UPDATE document SET number = 'RIC-2026-09999'",
            "DELETE FROM document",
            "DELETE FROM chain",
            "UPDATE audit SET detail = NULL",
            "DELETE FROM audit",
            "UPDATE distribution_recipient SET sex = 'male'",
            "UPDATE item_value SET cents = 1",
            "DELETE FROM balance",
            "TRUNCATE document_line",
            "UPDATE operator SET roles = 'admin,warehouse'",
            "INSERT INTO operator(name, roles, created_at, created_by) VALUES ('mallory', 'admin', 'x', 'x')",
            "UPDATE document SET note = 'changed'",
            "CREATE TABLE document_copy (id BIGINT)"
        ]
        for sql in denied {
            let message = catching { try site.execute(sql) }
            #expect(message.contains("permission denied"), "\(sql): \(message)")
        }
        // The one column posting updates, only on the chain's last entry.
        for sql in [
            "UPDATE chain SET hash = 'forged' WHERE seq = 1", "UPDATE document SET hash = 'forged' WHERE id = 1"
        ] {
            let message = catching { try site.execute(sql) }
            #expect(message.contains("only the owner may change it"), "\(sql): \(message)")
        }
        // Nor with a temporary table in front of the chain, or of the catalogue the owner is read from
        // (the session's temporary schema is searched first): the rule names the real ones.
        for shadow in [
            "CREATE TEMP TABLE chain (document_id BIGINT, seq BIGINT); INSERT INTO chain VALUES (1, 1)",
            """
            SET search_path = pg_temp, pg_catalog, public; CREATE TEMP TABLE pg_class (oid OID, relowner OID);
            INSERT INTO pg_class SELECT 'document'::regclass, oid FROM pg_roles WHERE rolname = current_user
            """
        ] {
            let message = catching { try site.execute(shadow + "; UPDATE document SET hash = 'forged' WHERE id = 1") }
            #expect(message.contains("only the owner may change it"), "\(shadow): \(message)")
        }
        #expect(try HashChain.verify(owner).intact)
        #expect(try owner.scalar("SELECT count(*) FROM document") == 3)

        // The owner still can (it runs the schema steps of a new version), and may re-seal any document.
        try owner.execute("UPDATE setting SET value = value WHERE key = 'demo'")
        try owner.execute("BEGIN; UPDATE document SET hash = 'forged' WHERE id = 1; ROLLBACK")
        // So may a login the server's administrator let empty the table (TRUNCATE, which Scorta never
        // grants): the rule asks the server whether the login may, not a function of the ledger's.
        let forged = "UPDATE document SET hash = 'forged' WHERE id = 1"
        #expect(catching { try till.execute(forged) }.contains("only the owner may change it"))
        try PostgreSQLConnection(server.cluster.uri(database: server.database)).execute(
            "GRANT TRUNCATE ON document TO \(market)")
        try till.execute("BEGIN; \(forged); ROLLBACK")
        #expect(try HashChain.verify(owner).intact)
    }

    @Test func anInactiveOperatorsLoginCanNoLongerWrite() throws {
        let server = try Server()
        let warehouse = "magazzino_\(server.suffix)"
        let owner = try server.connect(server.owner)
        try Operators(owner).register(warehouse, roles: [.warehouse], by: server.owner)
        try Operators(owner).change(warehouse, roles: nil, active: false, by: server.owner)
        let site = try server.connect(warehouse)
        let message = catching {
            try Ledger(site).receive(
                at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 1)], context: server.on(warehouse))
        }
        #expect(message.contains("permission denied"), "\(message)")
        #expect(try owner.scalar("SELECT count(*) FROM document") == 0)
        // Back again: the same login writes.
        try Operators(owner).change(warehouse, roles: nil, active: true, by: server.owner)
        try Ledger(site).receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 1)], context: server.on(warehouse))
        #expect(try owner.scalar("SELECT count(*) FROM document") == 1)
    }

    /// Each Scorta role has its own group: a login may write only what its
    /// role's commands write, so what Scorta refuses it (AccessRules) the
    /// server refuses it too, typed in SQL; its own commands still work,
    /// and a role change moves the login.
    @Test func eachRolesLoginWritesOnlyWhatItsCommandsWrite() throws {
        let server = try Server()
        let owner = try server.connect(server.owner)
        let name = { (role: Role) in "\(role.rawValue)_\(server.suffix)" }
        for role in Role.allCases { try Operators(owner).register(name(role), roles: [role], by: server.owner) }
        let warehouse = try server.connect(name(.warehouse))
        let market = try server.connect(name(.market))
        let manager = try server.connect(name(.manager))
        let admin = try server.connect(name(.admin))

        // What each may do, through Scorta.
        try Ledger(warehouse).receive(
            at: "MAG-A", from: "Banco", lines: [LineSpec(sku: "IG-SAP", quantity: 20, lot: "S1")],
            context: server.on(name(.warehouse)))
        try Ledger(warehouse).transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 5)],
            context: server.on(name(.warehouse)))
        let family = try Households(market).register(
            members: [try MemberSpec(parsing: "born=1980,sex=f,name=Anna")], name: "Rossi",
            on: CivilDate(year: 2026, month: 3, day: 1)!, operatorName: name(.market))
        try Distributions(market).distribute(
            from: "EMP", to: .household(family), channel: "CD", lines: [LineSpec(sku: "IG-SAP", quantity: 2)],
            context: server.on(name(.market)))
        let catalogue = Catalogue(manager)
        try catalogue.setValue(
            itemID: try catalogue.item(sku: "IG-SAP").id, cents: 120, from: CivilDate(year: 2026, month: 3, day: 1)!,
            operatorName: name(.manager))
        try Ledger(manager).closePeriod(until: CivilDate(year: 2026, month: 3, day: 2)!, operatorName: name(.manager))
        try Ledger(admin).reopenPeriod(reason: "closed too early", operatorName: name(.admin))
        _ = try Households(admin).erase(code: family, operatorName: name(.admin))
        #expect(try Ledger(owner).check() == [])
        #expect(try HashChain.verify(owner).intact)

        // What each may not, typed in SQL on its own connection.
        let forbidden: [(Database, [String])] = [
            (
                warehouse,
                [
                    "household", "member", "market_sale", "points_entry", "distribution_recipient", "item_value",
                    "operator"
                ]
            ),
            (market, ["lot", "count_line", "item", "item_value", "market_price", "period_close", "operator"]),
            (manager, ["household", "lot", "count_line", "market_sale", "operator", "period_reopen"]),
            (admin, ["document", "document_line", "balance", "lot", "household", "item", "market_sale"])
        ]
        for (site, tables) in forbidden {
            for table in tables {
                let message = catching { try site.execute("INSERT INTO \(table) DEFAULT VALUES") }
                #expect(message.contains("permission denied for table \(table)"), "\(table): \(message)")
            }
        }
        let rename = catching { try market.execute("UPDATE item SET name = 'x'") }
        #expect(rename.contains("permission denied"), "\(rename)")

        // A role change moves the login: the market clerk becomes a warehouse clerk.
        try Operators(owner).change(name(.market), roles: [.warehouse], active: nil, by: server.owner)
        let moved = try server.connect(name(.market))
        #expect(catching { try moved.execute("INSERT INTO household DEFAULT VALUES") }.contains("permission denied"))
        try Ledger(moved).receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-DEN", quantity: 3, lot: "D1")],
            context: server.on(name(.market)))
        #expect(try HashChain.verify(owner).intact)
    }

    /// Every table of the schema has its access decided (a new table fails here until it is classified).
    @Test func everyTableHasItsAccessOnAServer() throws {
        let file = try TestDatabase()
        let tables = try file.db.makeStatement(file.db.dialect.tableNamesQuery).map([]) { $0.text(0) }
        #expect(tables.filter { ServerRoles.tables[$0] == nil } == [])
    }

    func catching(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "(no error)"
        } catch { return "\(error)" }
    }
}
