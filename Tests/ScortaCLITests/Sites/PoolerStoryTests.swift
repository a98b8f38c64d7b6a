import Foundation
import ScortaHarness
import ScortaKit
import Testing

/// A site's commands through PgBouncer in session mode (README, "Several
/// sites"): the pooler keeps backends warm between short commands, and the
/// operator is still the login the pooler authenticated, a pool per login,
/// nothing of one client's session left for the next.
@Suite(
    .enabled(if: PostgreSQLCluster.enabled, "\(PostgreSQLCluster.unavailableReason ?? "")"),
    .enabled(if: PgBouncer.binary != nil, "\(PgBouncer.unavailableReason ?? ""): pooler tests skipped"))
struct PoolerStoryTests {
    @Test func throughThePoolerTheOperatorIsStillTheLoginAndBackendsAreReused() throws {
        let s = try Sandbox(engine: .postgreSQL)
        let anna = "anna_" + UUID().uuidString.prefix(8).lowercased()
        #expect(s.run("operator", "add", anna, "--roles", "warehouse").status == 0)
        let tester = PostgreSQLCluster.superuser
        let bouncer = try PgBouncer(
            in: try PostgreSQLCluster.shared(), logins: [tester: "owner-secret", anna: "anna-secret"])
        defer { bouncer.destroy() }
        func through(_ login: String) -> [String: String] {
            ["SCORTA_DB": bouncer.uri(through: s.db, user: login), "SCORTA_OPERATOR": ""]
        }

        // Posted through the pooler, each document carries its own login, in either order.
        let received = s.run("receive", "--at", "MAG-A", "--from", "Banco", "IG-SAP:12", environment: through(anna))
        #expect(received.status == 0, "\(received.stderr)")
        #expect(
            s.run("transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:2", environment: through(tester)).status == 0)
        #expect(s.run("transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:3", environment: through(anna)).status == 0)
        #expect(
            s.rows("SELECT type || ' ' || operator FROM document ORDER BY id") == [
                "receipt \(anna)", "transfer \(tester)", "transfer \(anna)"
            ])

        // The pooler does not let a login claim another, and checks the password.
        let claimed = s.run("--operator", tester, "stock", environment: through(anna))
        #expect(claimed.status == 1 && claimed.stderr.contains("names someone else"), "\(claimed.stderr)")
        let wrong = [
            "SCORTA_DB": bouncer.uri(through: s.db, user: anna).replacingOccurrences(
                of: ":anna-secret@", with: ":guess@")
        ]
        let refused = s.run("stock", environment: wrong)
        #expect(refused.status != 0 && refused.stderr.contains("authentication failed"), "\(refused.stderr)")
        #expect(s.sql("SELECT count(*) FROM document") == "3")

        // One backend per login, kept between clients: the second client of a
        // login meets the first one's backend, without its prepared
        // statements (DISCARD ALL), so the next command's names are free.
        let uri = bouncer.uri(through: s.db, user: anna)
        let backend = try {
            let first = try PostgreSQLConnection(uri)
            try first.execute("PREPARE scorta_1 AS SELECT 1; SELECT pg_advisory_lock(1)")
            return try first.query("SELECT pg_backend_pid()").text(0, 0)
        }()
        usleep(200_000)  // the pooler's DISCARD ALL, after the first client left
        let second = try PostgreSQLConnection(uri).query(
            """
            SELECT pg_backend_pid(), session_user, (SELECT count(*) FROM pg_prepared_statements),
                (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid())
            """)
        #expect(second.text(0, 0) == backend)
        #expect(second.text(0, 1) == anna)
        #expect(second.text(0, 2) == "0" && second.text(0, 3) == "0")
        #expect(s.run("stock", "--at", "EMP", "--item", "IG-SAP", environment: through(anna)).status == 0)
        #expect(s.run("check", environment: through(anna)).status == 0)
        #expect(s.run("verify", environment: through(tester)).status == 0)
    }
}
