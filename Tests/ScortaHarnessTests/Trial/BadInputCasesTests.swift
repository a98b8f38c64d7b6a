import Testing
@testable import ScortaHarness
import ScortaKit

@Suite struct BadInputCasesTests {
    static let root = CommandSpec(name: "scorta", abstract: "", subcommands: [
        CommandSpec(name: "receive", abstract: "", options: [.value("--at", "location", ""), .value("--file", "csv", ""), .value("--date", "date", "")],
                    arguments: [.init("SKU:QTY[:LOT[:EXPIRY]]", "", optional: true, repeating: true)], required: ["--at"]) { _ in },
        CommandSpec(name: "trial", abstract: "", subcommands: [CommandSpec(name: "crash", abstract: "") { _ in }]),
    ])

    @Test func casesAreReproducibleAndSkipTheHarness() {
        let cases = BadInputCases(root: Self.root, folder: "/tmp/x", seed: 7)
        #expect(cases.commandCount == 1)
        for index in 0..<200 {
            #expect(cases.make(index).arguments == cases.make(index).arguments)
            #expect(cases.make(index).arguments.first == "receive")
            #expect(!cases.make(index).fault.isEmpty)
        }
    }

    @Test func verdictsDemandOneClearLine() {
        #expect(BadInputTrial.classify(status: 1, stderr: "Error: unknown item 'X'\n", changed: false) == "refused")
        #expect(BadInputTrial.classify(status: 64, stderr: "Error: bad\nUsage: scorta receive\n  See 'scorta help receive' for more.\n", changed: false) == "refused")
        #expect(BadInputTrial.classify(status: 1, stderr: "Error: unknown item 'X\n'\n", changed: false) == "unclear")
        #expect(BadInputTrial.classify(status: 1, stderr: "Error: SQLite error 19: constraint\n", changed: false) == "unclear")
        #expect(BadInputTrial.classify(status: 1, stderr: "Error: refused\n", changed: true) == "changed")
        #expect(BadInputTrial.classify(status: 0, stderr: "", changed: true) == "wrote")
        #expect(BadInputTrial.classify(status: 0, stderr: "", changed: false) == "accepted")
        #expect(BadInputTrial.classify(status: 132, stderr: "", changed: false) == "unclear")
    }
}
