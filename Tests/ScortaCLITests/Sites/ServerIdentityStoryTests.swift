import Foundation
import ScortaHarness
import ScortaKit
import Testing

/// On a PostgreSQL ledger the operator is the login: a name typed on the
/// command line cannot claim someone else, `operator add` makes the login,
/// and that login cannot rewrite history even with psql.
@Suite(.enabled(if: PostgreSQLCluster.enabled, "\(PostgreSQLCluster.unavailableReason ?? "")"))
struct ServerIdentityStoryTests {
    @Test func theOperatorIsTheLoginAndAnotherNameIsRefused() throws {
        let s = try Sandbox(engine: .postgreSQL)
        #expect(s.run("stock").status == 0)
        let claimed = s.run("--operator", "anna", "receive", "--at", "MAG-A", "IG-SAP:5")
        #expect(claimed.status == 1)
        #expect(
            claimed.stderr == """
                Error: on a PostgreSQL ledger the operator is the login the server authenticated ('\(PostgreSQLCluster.superuser)'); \
                --operator 'anna' names someone else: connect as that person (their own login), or leave --operator out

                """)
        let fromEnvironment = s.run("stock", environment: ["SCORTA_OPERATOR": "anna"])
        #expect(
            fromEnvironment.status == 1 && fromEnvironment.stderr.contains("SCORTA_OPERATOR 'anna' names someone else"))
        #expect(s.sql("SELECT count(*) FROM document") == "0")
        // Naming oneself is fine, and so is naming nobody.
        #expect(s.run("--operator", PostgreSQLCluster.superuser, "stock").status == 0)
        #expect(s.run("receive", "--at", "MAG-A", "IG-SAP:5", environment: ["SCORTA_OPERATOR": ""]).status == 0)
        #expect(s.sql("SELECT operator FROM document") == PostgreSQLCluster.superuser)
    }

    @Test func operatorAddMakesALoginThatPostsAsItselfAndCannotRewriteHistory() throws {
        let s = try Sandbox(engine: .postgreSQL)
        let anna = "anna_" + UUID().uuidString.prefix(8).lowercased()
        let added = s.run("operator", "add", anna, "--roles", "warehouse")
        #expect(added.status == 0, "\(added.stderr)")
        let asAnna = s.db.replacingOccurrences(of: "\(PostgreSQLCluster.superuser)@", with: "\(anna)@")
        let env = ["SCORTA_DB": asAnna, "SCORTA_OPERATOR": ""]
        let posted = s.run("receive", "--at", "MAG-A", "--from", "Banco", "IG-SAP:12", environment: env)
        #expect(posted.status == 0, "\(posted.stderr)")
        #expect(s.sql("SELECT operator FROM document") == anna)
        #expect(s.run("transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:2", environment: env).status == 0)
        // Outside her roles Scorta refuses; outside her grants the server does.
        #expect(
            s.run("operator", "add", "mallory", "--roles", "admin", environment: env).stderr.contains(
                "needs the admin role"))

        let psql = (PostgreSQLCluster.binaries ?? "/usr/bin") + "/psql"
        for sql in [
            "UPDATE document_line SET quantity = 99", "DELETE FROM document", "DELETE FROM chain",
            "UPDATE audit SET detail = ''",
            "UPDATE operator SET roles = 'admin' WHERE name = '\(anna)'"
        ] {
            let attempt = Sandbox.execute(psql, ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", asAnna, "-c", sql])
            #expect(attempt.status != 0, "\(sql)")
            #expect(attempt.stderr.contains("permission denied"), "\(sql): \(attempt.stderr)")
        }
        #expect(s.run("check").status == 0)
        #expect(s.run("verify").status == 0)
        #expect(s.sql("SELECT sum(quantity) FROM document_line") == "14")
    }
}
