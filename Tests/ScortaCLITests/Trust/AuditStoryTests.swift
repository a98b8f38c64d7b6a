import Foundation
import ScortaHarness
import Testing

/// Who showed, exported, changed or erased a household's data, and when.
@Suite struct AuditStoryTests {
    /// On a server each operator is a login of their own (`Sandbox.operatorsLogIn`).
    @Test(arguments: Engine.tested) func showingExportingChangingAndErasingAreRecordedByWhom(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        s.operatorsLogIn = true
        #expect(s.run("operator", "add", "marco", "--roles", "market").status == 0)
        #expect(s.run("operator", "add", "chiara", "--roles", "admin").status == 0)
        let code = try s.register("--member", "born=1970-03,sex=m,name=Giovanni")
        let canonical = code.replacingOccurrences(of: "-", with: "")
        #expect(s.run("household", "show", code, "--operator", "marco").status == 0)
        #expect(s.run("household", "list", "--operator", "marco").status == 0)  // on screen: shown, not exported
        #expect(s.run("household", "list", "--csv", "--operator", "marco").status == 0)
        #expect(s.run("household", "edit", code, "--note", "x", "--operator", "marco").status == 0)
        // Erasure is the admin's, and a refused one records nothing.
        #expect(s.run("household", "erase", code, "--yes", "--operator", "marco").status == 1)
        #expect(s.run("household", "erase", code, "--yes", "--operator", "chiara").status == 0)
        #expect(
            s.sql("SELECT operator || ' ' || action || ' ' || subject FROM audit ORDER BY id") == """
                tester change \(canonical)
                marco show \(canonical)
                marco show households
                marco export households
                marco change \(canonical)
                chiara erase \(canonical)
                """)
        // Only an admin reads the log; it names codes, never a person.
        #expect(s.run("audit", "--operator", "marco").status == 1)
        let log = s.run("audit", "--household", canonical, "--operator", "chiara")
        #expect(log.status == 0)
        #expect(log.stdout.contains("chiara") && log.stdout.contains("erase") && !log.stdout.contains("Giovanni"))
        // The subject is printed as the card prints the code, as it is typed and as details name cards.
        #expect(log.stdout.contains(" \(code) ") && !log.stdout.contains(canonical), "\(log.stdout)")
        // The code as printed on the card finds the same entries; a mistyped one is an error, not an empty log.
        #expect(s.run("audit", "--household", code, "--operator", "chiara").stdout == log.stdout)
        let mistyped = s.run("audit", "--household", "K7Q2-9XM4", "--operator", "chiara")
        #expect(mistyped.status == 64 && mistyped.stderr.contains("is not a household code"), "\(mistyped.stderr)")
        // A code that is no card's (its check symbol is wrong): a usage error, nothing recorded.
        let before = s.sql("SELECT count(*) FROM audit")
        #expect(s.run("household", "show", "K7Q2-9XM4-P").status == 64)
        #expect(s.sql("SELECT count(*) FROM audit") == before)
    }
}
