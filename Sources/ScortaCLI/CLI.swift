import Glibc
import ScortaKit

/// The command line as a library: `scorta`'s main calls `run`, and tests call it
/// in process with their own output sinks.
public enum ScortaCLI {
    /// Runs `scorta ARGUMENTS`; returns the exit status (0 ok, 64 usage, 1 other).
    public static func run(
        _ arguments: [String], stdout: OutputSink = .standardOutput,
        stderr: OutputSink = .standardError
    ) -> Int32 {
        Output.$sinks.withValue(Output.Sinks(out: stdout, err: stderr)) {
            SignsOfLife.$reporter.withValue(progressReporter(stderr)) {
                Connection.$current.withValue(Connection()) {
                    CLI.main(parser: parser, arguments: arguments)
                }
            }
        }
    }

    /// A progress line when standard error is this process's and a terminal;
    /// otherwise only notes, as plain lines (see `NotesOnly`).
    static func progressReporter(_ stderr: OutputSink) -> any ProgressReporter {
        if stderr.descriptor == 2, let terminal = TerminalProgress.forStandardError() { return terminal }
        return NotesOnly(sink: stderr)
    }

    /// The whole command tree, for tests and generated documentation.
    public static var root: CommandSpec { Commands.root }

    static var parser: CommandParser {
        CommandParser(root: Commands.root, globalOptions: Commands.globalOptions, environment: Commands.environment)
    }
}

enum CLI {
    static func main(parser: CommandParser, arguments: [String]) -> Int32 {
        var usage = "scorta <subcommand>"
        do {
            switch try parser.parse(arguments) {
            case .help(let text):
                Output.write(text)
                return 0
            case .version:
                Output.write("scorta \(Scorta.version)\n")
                return 0
            case .run(let command, let parsed):
                usage = parsed.usage
                try parsed.authorize()
                try command.run?(parsed)
                return 0
            }
        } catch let error as ParseError {
            let error = ParseError(message: error.message.oneLine, usage: error.usage.oneLine)
            let path = error.usage.split(separator: " ").dropFirst().prefix { !"[<-".contains($0.first!) }
            Output.error(
                "Error: \(error.message)\nUsage: \(error.usage)\n  See '\((["scorta help"] + path).joined(separator: " "))' for more."
            )
            return 64
        } catch let error as UsageError {
            Output.error("Error: \(error.message.oneLine)\nUsage: \(usage.oneLine)")
            return 64
        } catch let error as ScortaError {
            if case .badRows(let summary, let rows) = error {
                Output.error((["Error: \(summary.oneLine)"] + rows.map(\.oneLine)).joined(separator: "\n"))
                return 1
            }
            Output.error("Error: \(error.description.oneLine)")
            return 1
        } catch let error as DatabaseError {
            if error.resultCode.isBusy {
                Output.error("Error: the database is busy (another Scorta is writing); nothing was written, try again")
            } else {
                Output.error("Error: \(error.description.oneLine)")
            }
            return 1
        } catch {
            Output.error("Error: \(String(describing: error).oneLine)")
            return 1
        }
    }
}

extension Output {
    /// Prints a list in the format asked (`--json`, `--csv [--italian]`, else a
    /// text table, or `empty` when it has no rows) through the one dispatcher.
    /// A query's rows (stock, history, distributions) are streamed in one read
    /// transaction, so both walks of the text table see the same rows and memory
    /// stays flat however many there are.
    static func emit<Row: TablePresentable>(
        _ rows: QueryRows<Row>, _ parsed: ParsedCommand, empty: String, in db: Database
    ) throws {
        try Presentation.write(rows, empty: empty, as: parsed.listingOutput, to: .standardOutput, in: db)
    }

    static func emit<Row: TablePresentable>(_ rows: [Row], _ parsed: ParsedCommand, empty: String = "(nothing)") throws
    {
        try Presentation.write(rows, empty: empty, as: parsed.listingOutput, to: .standardOutput)
    }

    static func emit(_ table: TableSource, _ parsed: ParsedCommand, empty: String, in db: Database? = nil) throws {
        try Presentation.write(ListOutput(table, empty: empty), as: parsed.listingOutput, to: .standardOutput, in: db)
    }

    static func emit(_ listing: Listing, _ parsed: ParsedCommand, empty: String = "(nothing)") throws {
        try Presentation.write(ListOutput(listing, empty: empty), as: parsed.listingOutput, to: .standardOutput)
    }
}

extension String {
    /// An error is one line on stderr even when it quotes input holding a
    /// line break or another control character (shown escaped, as in Swift).
    var oneLine: String {
        guard unicodeScalars.contains(where: { $0.value < 32 || $0.value == 127 }) else { return self }
        return unicodeScalars.map { $0.value < 32 || $0.value == 127 ? $0.escaped(asASCII: true) : String($0) }.joined()
    }
}
