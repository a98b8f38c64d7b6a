import Foundation
import ScortaHarness
import ScortaKit
import Testing

/// `scorta copy`: an office's ledger onto a server and a server's ledger into
/// a file, through the real binary.
@Suite struct CopyStoryTests {
    /// An office with a few days of work.
    func office() throws -> Sandbox {
        let s = try Sandbox()
        #expect(
            s.run(
                "receive", "--at", "MAG-A", "--from", "Banco", "--ref", "DDT-1", "--date", "2026-11-02",
                "IG-SAP:40:L1:2028-06-30", "IG-DEN:12"
            ).status == 0)
        #expect(s.run("transfer", "--from", "MAG-A", "--to", "EMP", "--date", "2026-11-03", "IG-SAP:10").status == 0)
        #expect(s.run("adjust", "--at", "EMP", "--reason", "damaged", "--date", "2026-11-04", "IG-SAP:-1").status == 0)
        return s
    }

    func headHash(_ output: String) -> String? {
        output.split(separator: "\n").first { $0.hasPrefix("head hash ") }.map {
            String($0.dropFirst("head hash ".count))
        }
    }

    @Test func aLedgerCopiedIntoANewFileVerifiesAgainstTheSameHeadAndIsNeverCopiedOverAnother() throws {
        let s = try office()
        let target = s.path("copia.sqlite")
        let copied = s.run("copy", "--to", target)
        #expect(copied.status == 0, "\(copied.stderr)")
        #expect(copied.stdout.hasPrefix("Copied 3 documents ("))
        let head = try #require(headHash(copied.stdout))
        #expect(head == s.run("verify", "--head").stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(s.run("--db", target, "verify", "--expect", head).status == 0)
        #expect(s.run("--db", target, "check").status == 0)
        #expect(s.run("--db", target, "stock", "--at", "EMP").stdout.contains("IG-SAP"))
        let mode = try FileManager.default.attributesOfItem(atPath: target)[.posixPermissions] as? Int
        #expect(mode == 0o600)

        // An existing file is never the target, with or without --force.
        let before = Sandbox.sqlite3(target, "SELECT count(*) FROM document")
        let again = s.run("copy", "--to", target)
        #expect(again.status == 1)
        #expect(again.stderr.contains(target))
        #expect(Sandbox.sqlite3(target, "SELECT count(*) FROM document") == before)
        // Only an admin copies the ledger.
        #expect(s.run("operator", "add", "anna", "--roles", "warehouse").status == 0)
        let byWarehouse = s.run("copy", "--to", s.path("other.sqlite"), environment: ["SCORTA_OPERATOR": "anna"])
        #expect(byWarehouse.status == 1 && byWarehouse.stderr.contains("needs the admin role"))
        #expect(!FileManager.default.fileExists(atPath: s.path("other.sqlite")))
    }

    @Test(.enabled(if: PostgreSQLCluster.enabled, "\(PostgreSQLCluster.unavailableReason ?? "")"))
    func anOfficeLedgerMovesOntoAnEmptyServerDatabaseOnce() throws {
        let s = try office()
        let uri = try PostgreSQLCluster.shared().createDatabase()
        let copied = s.run("copy", "--to", uri)
        #expect(copied.status == 0, "\(copied.stderr)")
        let head = try #require(headHash(copied.stdout))
        #expect(s.run("--db", uri, "verify", "--expect", head).status == 0)
        #expect(s.run("--db", uri, "check").status == 0)
        let server = try Database(postgreSQL: uri)
        #expect(try server.scalar("SELECT count(*) FROM operator WHERE name = 'tester'") == 1)
        // The sites post on where the office stopped.
        let next = s.run("--db", uri, "receive", "--at", "MAG-A", "--date", "2026-11-05", "IG-SAP:5")
        #expect(next.stdout.hasPrefix("RIC-2026-00002 posted"), "\(next.stderr)")

        // And back into a file, as the server's ledger is now.
        let home = s.path("dal-server.sqlite")
        let back = s.run("--db", uri, "copy", "--to", home)
        #expect(back.status == 0, "\(back.stderr)")
        let serverHead = try #require(headHash(back.stdout))
        #expect(serverHead != head)
        #expect(s.run("--db", home, "verify", "--expect", serverHead).status == 0)
        #expect(s.run("--db", home, "verify", "--expect", head).status == 0)
        #expect(
            Sandbox.sqlite3(home, "SELECT count(*) FROM document").trimmingCharacters(in: .whitespacesAndNewlines)
                == "4")

        let again = s.run("copy", "--to", uri)
        #expect(again.status == 1)
        #expect(
            again.stderr.contains("is not empty")
                && again.stderr.contains("a ledger is copied only into an empty database"))
        #expect(try server.scalar("SELECT count(*) FROM document") == 4)
    }
}
