import Foundation
import ScortaCLI
import ScortaHarness
import ScortaKit
import Testing

/// Tamper evidence, operators and roles, backups: through the real binary.
@Suite struct TrustStoryTests {
    /// SQLite only: a file's mode and a name typed at init (on a server the
    /// first operator is the login: ServerIdentityStoryTests).
    @Test func initRegistersItsOperatorWithEveryRoleInAnOwnerOnlyFile() throws {
        let s = try Sandbox(initialised: false)
        let created = s.run("init", "--operator", "chiara")
        #expect(created.status == 0)
        #expect(
            created.stdout.contains("registered operator 'chiara' with every role (warehouse, market, manager, admin)"))
        let mode = try FileManager.default.attributesOfItem(atPath: s.db)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(
            s.run("operator", "list", "--csv", "--operator", "chiara").stdout
                .contains("chiara,\"warehouse,market,manager,admin\",yes"))
        // The sandbox's own operator ('tester') is not registered in this database.
        let refused = s.run("stock")
        #expect(refused.status == 1)
        #expect(
            refused.stderr
                == "Error: operator 'tester' is not registered in this database; an admin adds operators with 'scorta operator add'\n"
        )
    }

    /// On a server each operator is a login of their own (`Sandbox.operatorsLogIn`).
    @Test(arguments: Engine.tested) func commandsOutsideTheOperatorsRolesAreRefusedAndWriteNothing(engine: Engine)
        throws
    {
        let s = try Sandbox(engine: engine)
        s.operatorsLogIn = true
        #expect(s.run("operator", "add", "anna", "--roles", "warehouse").status == 0)
        #expect(s.run("operator", "add", "marco", "--roles", "market").status == 0)
        let before = s.contents()
        let asMarco = s.run("receive", "--at", "MAG-A", "IG-SAP:5", "--operator", "marco")
        #expect(asMarco.status == 1)
        #expect(asMarco.stderr == "Error: 'scorta receive' needs the warehouse role; operator 'marco' has market\n")
        let asAnna = s.run(
            "item", "add", "IG-NEW", "--name", "X", "--unit", "pz", "--category", "hygiene", "--value", "1",
            "--operator", "anna")
        #expect(asAnna.stderr == "Error: 'scorta item add' needs the manager role; operator 'anna' has warehouse\n")
        #expect(s.run("operator", "add", "eve", "--roles", "admin", "--operator", "anna").status == 1)
        #expect(s.run("receive", "--at", "MAG-A", "IG-SAP:5", "--operator", "nobody").status == 1)
        #expect(s.contents() == before)
        // What the roles allow goes through, and the document records who.
        #expect(s.run("receive", "--at", "MAG-A", "IG-SAP:5", "--operator", "anna").status == 0)
        #expect(s.run("stock", "--operator", "marco").status == 0)
        #expect(s.sql("SELECT operator FROM document") == "anna")
        #expect(s.run("operator", "edit", "anna", "--deactivate").status == 0)
        // On a server the inactive login is in no group: the server lets it read nothing.
        #expect(
            s.run("stock", "--operator", "anna").stderr
                == (engine == .sqlite
                    ? "Error: operator 'anna' is no longer active\n"
                    : "Error: login 'anna' may not use the ledger at \(s.login("anna")): it is not the login of an active operator (an admin adds it with 'scorta operator add', or makes it active again with 'scorta operator edit')\n")
        )
    }

    /// Every command in the tree has an access rule (its own or an ancestor's):
    /// a new command without one fails here (and is refused at run time).
    /// The tree is read in process, the one `scorta` runs.
    @Test func everyCommandInTheTreeHasAnAccessRule() throws {
        var missing: [String] = []
        var visited = 0
        func walk(_ command: CommandSpec, _ path: [String]) {
            visited += 1
            if command.subcommands.isEmpty, AccessRules.rule(for: path) == nil {
                missing.append(path.joined(separator: " "))
            }
            for sub in command.subcommands { walk(sub, path + [sub.name]) }
        }
        walk(ScortaCLI.root, [])
        #expect(visited > 30)
        #expect(missing.isEmpty, "commands without an access rule: \(missing)")
    }

    @Test(arguments: Engine.tested) func verifyNamesTheFirstDocumentChangedOutsideScorta(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(s.run("receive", "--at", "MAG-A", "IG-SAP:10", "IG-DEN:5", "--date", "2026-10-01").status == 0)
        #expect(s.run("transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:4", "--date", "2026-10-02").status == 0)
        let clean = s.run("verify")
        #expect(clean.status == 0 && clean.stdout.isEmpty && clean.stderr.isEmpty)
        let head = s.run("verify", "--head").stdout.trimmingCharacters(in: .newlines)
        #expect(head.count == 64)
        #expect(s.run("receive", "--at", "MAG-B", "EM-COP:2", "--date", "2026-10-03").status == 0)
        let expected = s.run("verify", "--expect", head)
        #expect(expected.status == 0)
        #expect(expected.stdout.hasPrefix("Intact: the ledger up to hash \(head) is unchanged (3 documents and "))
        #expect(expected.stdout.hasSuffix(" sealed records verified).\n"))

        _ = s.sql(
            "UPDATE document_line SET quantity = 3 WHERE document_id = (SELECT id FROM document WHERE number = 'TRA-2026-00001')"
        )
        let broken = s.run("verify")
        #expect(broken.status == 1)
        #expect(
            broken.stderr.hasPrefix(
                "Error: document TRA-2026-00001 no longer matches its recorded hash: it, or something sealed before it, was changed outside Scorta (1 documents and "
            ))
        #expect(s.run("verify", "--expect", head).status == 1)
    }

    /// The online backup takes one consistent snapshot while other processes
    /// post: the copy restores cleanly (integrity, replay, chain all checked).
    @Test(arguments: Engine.tested) func aBackupTakenDuringPostingsIsConsistent(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let copy = s.path("during.sqlite")
        let results = ConcurrencyTests.Results()
        DispatchQueue.concurrentPerform(iterations: 5) { index in
            if index == 2 {
                results.append(s.run("backup", copy))
            } else {
                for round in 0..<3 {
                    results.append(
                        s.run(
                            "receive", "--at", "MAG-A", "IG-SAP:\(index + 1)", "IG-DEN:\(round + 1)", "--date",
                            "2026-10-01"))
                }
            }
        }
        #expect(results.all.allSatisfy { $0.status == 0 }, "\(results.all.map(\.stderr))")
        let restored = s.run("restore", copy, "--db", s.path("restored/scorta.sqlite"))
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(
            restored.stdout.contains("(checked: integrity, ledger replay, points, report facts, hash chain, numbering)")
        )
    }

    /// SQLite only: `restore --replace` puts a copy in place of a file; a
    /// server's database is restored only when empty (PostgreSQLRoutingTests).
    @Test func backupWhileOthersWriteAndRestoreOnlyAHealthyCopy() throws {
        let s = try Sandbox()
        #expect(s.run("receive", "--at", "MAG-A", "IG-SAP:10", "--date", "2026-10-01").status == 0)
        let copy = s.path("copy.sqlite")
        let backup = s.run("backup", copy)
        #expect(backup.status == 0)
        #expect(backup.stdout.hasPrefix("Backed up 1 documents to \(copy)\nhead hash "))
        #expect(
            s.run("backup", copy).stderr
                == "Error: '\(copy)' is a SQLite database (a backup or a ledger); Scorta never overwrites one, even with --force\n"
        )
        #expect(s.run("receive", "--at", "MAG-A", "IG-SAP:1", "--date", "2026-10-02").status == 0)
        #expect(s.run("restore", copy).status == 1)
        #expect(s.sql("SELECT count(*) FROM document") == "2")
        let restored = s.run("restore", copy, "--replace")
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(s.sql("SELECT count(*) FROM document") == "1")
        #expect(s.run("check").status == 0 && s.run("verify").status == 0)

        _ = Sandbox.sqlite3(copy, "UPDATE document SET reference = 'forged'")
        let damaged = s.run("restore", copy, "--replace")
        #expect(damaged.status == 1)
        #expect(
            damaged.stderr.hasPrefix(
                "Error: \(copy) is damaged, nothing was restored: hash chain: document RIC-2026-00001"))
    }
}
