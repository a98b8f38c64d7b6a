import ScortaKit
import Testing

@testable import ScortaCLI

@Suite struct BadInputCasesTests {
    static let root = CommandSpec(
        name: "scorta", abstract: "",
        subcommands: [
            CommandSpec(
                name: "receive", abstract: "",
                options: [
                    Required("--at", .location, ""), Option("--file", .inputFile("csv"), ""),
                    Option("--date", .date, "")
                ],
                arguments: [Arguments(.line(), "")]
            ) { _ in },
            CommandSpec(name: "trial", abstract: "", subcommands: [CommandSpec(name: "crash", abstract: "") { _ in }])
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
}
