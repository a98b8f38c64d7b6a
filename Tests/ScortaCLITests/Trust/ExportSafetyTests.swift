import Foundation
import ScortaHarness
import Testing

/// Issue 12, reproduction 9: CSV cells that a spreadsheet reads as formulas,
/// and household-linked data shown or exported without an audit entry.
@Suite struct ExportSafetyTests {
    @Test(arguments: Engine.tested) func csvCellsThatWouldStartAFormulaAreNeutralised(engine: Engine) throws {
        let sandbox = try Sandbox(engine: engine)
        let supplier = "=HYPERLINK(\"http://example.org/x\",\"Banco\")"
        #expect(
            sandbox.run("receive", "--at", "MAG-A", "--from", supplier, "IG-SAP:5", "--date", "2026-11-20").status == 0)
        #expect(
            sandbox.run(
                "item", "add", "IG-XX", "--name", "+SUM(A1:A9)", "--unit", "pz", "--category", "hygiene", "--value", "1"
            ).status == 0)
        #expect(
            sandbox.run(
                "receive", "--at", "MAG-A", "--from", "@cmd", "IG-XX:3", "--ref", "-2+3", "--date", "2026-11-20"
            ).status == 0)
        let register = sandbox.run(
            "report", "stock-register", "--at", "MAG-A", "--from", "2026-11-01", "--to", "2026-11-30", "--csv")
        #expect(register.status == 0)
        #expect(
            register.stdout.contains("\"'=HYPERLINK(\"\"http://example.org/x\"\",\"\"Banco\"\")\""),
            "\(register.stdout)")
        #expect(register.stdout.contains(",'@cmd,"))
        let italian = sandbox.run(
            "report", "stock-register", "--at", "MAG-A", "--from", "2026-11-01", "--to", "2026-11-30", "--csv",
            "--italian")
        #expect(italian.stdout.contains(";'@cmd;"))
        let stock = sandbox.run("stock", "--csv")
        #expect(stock.stdout.contains(",'+SUM(A1:A9),"), "\(stock.stdout)")
        // No field of any of them starts a formula.
        for csv in [register.stdout, italian.stdout, stock.stdout] {
            for line in csv.split(separator: "\r\n") {
                for field in line.split(separator: line.contains(";") ? ";" : ",", omittingEmptySubsequences: false) {
                    let text = field.hasPrefix("\"") ? field.dropFirst() : field
                    #expect(!(text.first.map { "=+@\t\r".contains($0) } ?? false), "\(line)")
                }
            }
        }
        // Numbers stay numbers: a negative points adjustment is written as -20, not '-20.
        let code = try sandbox.register("--member", "born=1980,sex=f")
        #expect(sandbox.run("market", "adjust", code, "--reason", "late referral", "--", "-20").status == 0)
        let statement = sandbox.run("market", "statement", code, "--csv")
        #expect(statement.stdout.contains(",-20,") || statement.stdout.contains(",-20\r\n"), "\(statement.stdout)")
        #expect(!statement.stdout.contains("'-20"))
    }

    /// Each command that shows or exports household-linked data leaves an entry
    /// with household codes only.
    @Test(arguments: Engine.tested) func showingOrExportingDistributionsIsAudited(engine: Engine) throws {
        let sandbox = try Sandbox(engine: engine)
        try sandbox.stockMarket("AL-PAS:20")
        #expect(sandbox.run("receive", "--at", "MAG-A", "AL-PAS:10", "--date", "2026-10-01").status == 0)
        let code = try sandbox.register("--member", "born=1980,sex=f,name=Maria Rossi", "--name", "Famiglia Rossi")
        #expect(
            sandbox.run(
                "distribute", "--from", "MAG-A", "--channel", "CD", "--household", code, "AL-PAS:1", "--date",
                "2026-11-02"
            ).status == 0)
        let checkout = sandbox.run("market", "checkout", "--card", code, "AL-PAS:2", "--date", "2026-11-03")
        #expect(checkout.status == 0, "\(checkout.stderr)")
        let distribution = try #require(
            sandbox.sql("SELECT number FROM document WHERE type = 'distribution' ORDER BY id LIMIT 1").split(
                separator: "\n"
            ).first)
        let sale = try #require(
            sandbox.sql("SELECT number FROM document WHERE type = 'distribution' ORDER BY id DESC LIMIT 1").split(
                separator: "\n"
            ).first)
        let commands: [(args: [String], action: String, subject: String)] = [
            (["distributions"], "show", "distributions"),
            (["distributions", "--csv"], "export", "distributions"),
            (["distributions", "--json", "--household", code], "export", code),
            (
                ["report", "distribution-register", "--from", "2026-11-01", "--to", "2026-11-30"], "show",
                "distributions"
            ),
            (
                ["report", "distribution-register", "--from", "2026-11-01", "--to", "2026-11-30", "--csv"], "export",
                "distributions"
            ),
            (["show", String(distribution)], "show", code),
            (["report", "receipt", String(distribution)], "export", code),
            (["market", "receipt", String(sale)], "show", code),
            (["household", "list"], "show", "households"),
            (["labels", "card", code, "-o", "cards.pdf"], "export", code),
            (["market", "statement", code, "--csv"], "export", code)
        ]
        let canonical = code.replacingOccurrences(of: "-", with: "")
        for (args, action, subject) in commands.map({
            ($0.args, $0.action, $0.subject == code ? canonical : $0.subject)
        }) {
            let before = Int(sandbox.sql("SELECT count(*) FROM audit")) ?? -1
            let run = sandbox.run(arguments: args)
            #expect(run.status == 0, "\(args): \(run.stderr)")
            let entry = sandbox.sql("SELECT action || '|' || subject FROM audit ORDER BY id DESC LIMIT 1")
            #expect(Int(sandbox.sql("SELECT count(*) FROM audit")) == before + 1, "\(args) wrote no audit entry")
            #expect(entry == "\(action)|\(subject)", "\(args): \(entry)")
        }
        let log = sandbox.sql("SELECT * FROM audit")
        #expect(!log.contains("Maria") && !log.contains("Rossi"))
        // Showing an anonymous contact's distribution touches no household.
        #expect(
            sandbox.run(
                "distribute", "--from", "MAG-A", "--channel", "UMN", "--anonymous", "30-64", "AL-PAS:1", "--date",
                "2026-11-04"
            ).status == 0)
        let anonymous = sandbox.sql("SELECT number FROM document WHERE household_id IS NULL AND type = 'distribution'")
        let count = sandbox.sql("SELECT count(*) FROM audit")
        #expect(sandbox.run("show", anonymous).status == 0)
        #expect(sandbox.sql("SELECT count(*) FROM audit") == count)
    }
}
