import ScortaKit
import Testing

@testable import ScortaCLI

@Suite struct CommandParserTests {
    static let from = Required("--from", .location, "From.")
    static let to = Option("--to", .location, "To.")
    static let date = Option("--date", .date, "Date.")
    static let json = Flag("--json", "JSON.", group: "output")
    static let csv = Flag("--csv", "CSV.", group: "output")
    static let lines = Arguments(.line(), "A line.", name: "line")
    static let db = Option("--db", .text("path"), "Database.")

    let parser = CommandParser(
        root: CommandSpec(
            name: "tool", abstract: "A tool.",
            subcommands: [
                CommandSpec(
                    name: "move", abstract: "Move stock.", options: [from, to, date, json, csv], arguments: [lines]
                ) { _ in }
            ]), globalOptions: [db.option])

    func run(_ arguments: [String]) throws -> ParsedCommand {
        guard case .run(_, let parsed) = try parser.parse(arguments) else { throw ScortaError.invalid("not a run") }
        return parsed
    }

    func message(_ arguments: [String]) -> String? {
        do {
            _ = try parser.parse(arguments)
            return nil
        } catch { return (error as? ParseError)?.message }
    }

    @Test func parsesBothOptionSpellingsFlagsAndDoubleDashIntoTypedValues() throws {
        let parsed = try run([
            "move", "--from=A", "--to", "B", "--json", "--date", "2026-03-02", "--db", "x.sqlite", "--", "X:1", "Y:2:L1"
        ])
        #expect(parsed[Self.from] == "A")
        #expect(parsed[Self.to] == "B")
        #expect(parsed[Self.json] && !parsed[Self.csv])
        #expect(parsed[Self.date] == CivilDate(year: 2026, month: 3, day: 2))
        #expect(parsed[Self.db] == "x.sqlite")
        #expect(parsed[Self.lines] == [LineSpec(sku: "X", quantity: 1), LineSpec(sku: "Y", quantity: 2, lot: "L1")])
    }

    @Test func globalOptionsComeBeforeTheSubcommandToo() throws {
        let parsed = try run(["--db", "x.sqlite", "move", "--from", "A"])
        #expect(parsed[Self.db] == "x.sqlite")
        #expect(parsed.path == ["tool", "move"])
        #expect(try run(["--db=y.sqlite", "move", "--from", "A"])[Self.db] == "y.sqlite")
    }

    @Test func suggestsTheNearestOption() {
        #expect(message(["move", "--form", "A"]) == "Unknown option '--form'. Did you mean '--from'?")
    }

    @Test func missingValuesAndRequiredOptionsAreUsageErrors() {
        #expect(message(["move", "--from"]) == "Missing value for '--from <location>'")
        #expect(message(["move", "--to", "B"]) == "Missing value for '--from <location>'")
        #expect(message(["mvoe"]) == "Unknown subcommand 'mvoe'. Did you mean 'move'?")
    }

    /// Every malformed value is a usage error, whichever option or argument holds it.
    @Test func malformedValuesAreUsageErrorsNamingTheOption() {
        #expect(
            message(["move", "--from", "A", "--date", "2026-02-30"])
                == "--date: '2026-02-30' is not a valid YYYY-MM-DD date")
        #expect(
            message(["move", "--from", "A B"])
                == "--from: location 'A B' must be 1-40 printable ASCII characters without spaces, ':', '=', ',' or ';'"
        )
        #expect(
            message(["move", "--from", "A", "X:cinque"])
                == "line 'X:cinque': quantity 'cinque' must be a whole number greater than 0")
    }

    @Test func contradictoryOutputOptionsAreRefused() {
        #expect(message(["move", "--from", "A", "--json", "--csv"]) == "choose one of --json and --csv")
    }

    @Test func helpIsTheSameEveryWay() throws {
        guard case .help(let a) = try parser.parse(["help", "move"]),
            case .help(let b) = try parser.parse(["move", "--help"]),
            case .help(let c) = try parser.parse(["move", "-h"])
        else {
            Issue.record("help not recognised")
            return
        }
        #expect(a == b && b == c)
        #expect(a.contains("OVERVIEW: Move stock."))
        #expect(
            a.contains(
                "USAGE: tool move --from <location> [--to <location>] [--date <date>] [--json] [--csv] [<line> ...]"))
        #expect(a.contains("OPTIONS:"))
        guard case .help(let root) = try parser.parse([]) else {
            Issue.record("no root help")
            return
        }
        #expect(root.contains("SUBCOMMANDS:"))
    }

    @Test func negativeNumbersArePositionals() throws {
        let parser = CommandParser(
            root: CommandSpec(
                name: "tool", abstract: "",
                subcommands: [
                    CommandSpec(name: "points", abstract: "", arguments: [Argument(.number(-100...100), "Points.")]) {
                        _ in
                    }
                ]), globalOptions: [])
        guard case .run(_, let parsed) = try parser.parse(["points", "-3"]) else {
            Issue.record("not a run")
            return
        }
        #expect(parsed[Argument(.number(-100...100), "Points.")] == -3)
    }
}
