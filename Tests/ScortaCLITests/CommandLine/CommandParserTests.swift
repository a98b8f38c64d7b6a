import Testing
@testable import ScortaCLI
import ScortaKit

@Suite struct CommandParserTests {
    let parser = CommandParser(root: CommandSpec(name: "tool", abstract: "A tool.", subcommands: [
        CommandSpec(name: "move", abstract: "Move stock.",
                    options: [.value("--from", "location", "From."), .value("--to", "location", "To."), .flag("--json", "JSON.")],
                    arguments: [.init("line", "A line.", optional: true, repeating: true)], required: ["--from"]) { _ in },
    ]), globalOptions: [.value("--db", "path", "Database.")])

    func run(_ arguments: [String]) throws -> ParsedCommand {
        guard case .run(_, let parsed) = try parser.parse(arguments) else { throw ScortaError.invalid("not a run") }
        return parsed
    }

    @Test func parsesBothOptionSpellingsFlagsAndDoubleDash() throws {
        let parsed = try run(["move", "--from=A", "--to", "B", "--json", "--db", "x.sqlite", "--", "--odd", "X:1"])
        #expect(parsed.value("--from") == "A")
        #expect(parsed.value("--to") == "B")
        #expect(parsed.flag("--json"))
        #expect(parsed.value("--db") == "x.sqlite")
        #expect(parsed.arguments == ["--odd", "X:1"])
    }

    @Test func suggestsTheNearestOption() {
        #expect {
            _ = try parser.parse(["move", "--form", "A"])
        } throws: { ($0 as? ParseError)?.message == "Unknown option '--form'. Did you mean '--from'?" }
    }

    @Test func missingValuesAndRequiredOptionsAreUsageErrors() {
        #expect { _ = try parser.parse(["move", "--from"]) } throws: {
            ($0 as? ParseError)?.message == "Missing value for '--from <location>'"
        }
        #expect { _ = try parser.parse(["move", "--to", "B"]) } throws: {
            ($0 as? ParseError)?.message == "Missing value for '--from <location>'"
        }
        #expect { _ = try parser.parse(["mvoe"]) } throws: {
            ($0 as? ParseError)?.message == "Unknown subcommand 'mvoe'. Did you mean 'move'?"
        }
    }

    @Test func helpIsTheSameEveryWay() throws {
        guard case .help(let a) = try parser.parse(["help", "move"]),
              case .help(let b) = try parser.parse(["move", "--help"]),
              case .help(let c) = try parser.parse(["move", "-h"]) else {
            Issue.record("help not recognised")
            return
        }
        #expect(a == b && b == c)
        #expect(a.contains("OVERVIEW: Move stock."))
        #expect(a.contains("USAGE: tool move --from <location> [--to <location>] [--json] [<line> ...]"))
        #expect(a.contains("OPTIONS:"))
        guard case .help(let root) = try parser.parse([]) else { Issue.record("no root help"); return }
        #expect(root.contains("SUBCOMMANDS:"))
    }

    @Test func negativeNumbersArePositionals() throws {
        #expect(try run(["move", "--from", "A", "-3"]).arguments == ["-3"])
    }
}
