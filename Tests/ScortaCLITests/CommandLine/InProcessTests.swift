import Foundation
import ScortaCLI
import ScortaKit
import Testing

/// The command tree runs in process: no binary, no child process, the same
/// output and exit status as `scorta` itself.
@Suite struct InProcessTests {
    /// `scorta ARGS --db … --operator tester`, in process.
    static func run(_ arguments: [String], db: String) -> (status: Int32, stdout: String, stderr: String) {
        let out = CapturedOutput()
        let err = CapturedOutput()
        let status = ScortaCLI.run(arguments + ["--db", db, "--operator", "tester"], stdout: out.sink, stderr: err.sink)
        return (status, out.text, err.text)
    }

    @Test func commandsRunInProcessWithTheirOwnOutput() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "scorta-inprocess-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = folder + "/scorta.sqlite"
        #expect(Self.run(["init", "--seeds", Sandbox.seeds], db: db).status == 0)
        let received = Self.run(["receive", "--at", "MAG-A", "IG-SAP:5", "--date", "2026-03-02"], db: db)
        #expect(received.status == 0)
        #expect(received.stdout.hasPrefix("RIC-2026-00001 posted (receipt, 2026-03-02, 1 line)\n"))
        let stock = Self.run(["stock", "--at", "MAG-A", "--item", "IG-SAP", "--csv"], db: db)
        #expect(stock.status == 0 && stock.stderr.isEmpty)
        #expect(stock.stdout.contains("MAG-A") && stock.stdout.contains(",5"))
        let wrong = Self.run(["stock", "--att", "MAG-A"], db: db)
        #expect(wrong.status == 64)
        #expect(wrong.stderr.hasPrefix("Error: Unknown option '--att'. Did you mean '--at'?\n"))
        #expect(wrong.stdout.isEmpty)
    }
}

extension InProcessTests {
    @Test func globalOptionsBeforeTheSubcommandAndContradictoryOutputs() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "scorta-inprocess-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = folder + "/scorta.sqlite"
        #expect(Self.run(["init", "--seeds", Sandbox.seeds], db: db).status == 0)
        let out = CapturedOutput()
        let err = CapturedOutput()
        #expect(
            ScortaCLI.run(
                ["--db", db, "--operator", "tester", "location", "list", "--csv"], stdout: out.sink, stderr: err.sink)
                == 0)
        #expect(out.text.contains("MAG-A") && err.text.isEmpty)
        let both = Self.run(["stock", "--json", "--csv"], db: db)
        #expect(both.status == 64)
        #expect(both.stderr.hasPrefix("Error: choose one of --json and --csv\nUsage: scorta stock"))
        let pdfAndJSON = Self.run(
            ["report", "fead", "--from", "2026-01-01", "--to", "2026-12-31", "--pdf", folder + "/r.pdf", "--json"],
            db: db)
        #expect(pdfAndJSON.status == 64)
        #expect(pdfAndJSON.stderr.hasPrefix("Error: choose one of --pdf, --json and --csv\n"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/r.pdf"))
    }
}

extension InProcessTests {
    /// ScortaKit refuses in the domain's words; the command line's own checks
    /// (blank reasons, malformed names, an empty basket) are usage errors.
    @Test func blankReasonsAndMalformedNamesAreUsageErrorsBeforeTheLibrary() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "scorta-inprocess-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let db = folder + "/scorta.sqlite"
        #expect(Self.run(["init", "--seeds", Sandbox.seeds], db: db).status == 0)
        let reopen = Self.run(["reopen", "--reason", "   "], db: db)
        #expect(reopen.status == 64)
        #expect(reopen.stderr.hasPrefix("Error: --reason: a reason is needed (it is recorded)\nUsage: scorta reopen"))
        let name = Self.run(["operator", "add", String(repeating: "n", count: 65), "--roles", "warehouse"], db: db)
        #expect(name.status == 64)
        #expect(name.stderr.hasPrefix("Error: an operator name must be 1 to 64 printable characters\n"))
        let basket = Self.run(["market", "checkout", "--card", GeneratedDocumentationTests.wellFormedCode], db: db)
        #expect(basket.status == 64)
        #expect(basket.stderr.hasPrefix("Error: the basket is empty: list SKU:QTY\n"))
    }
}
