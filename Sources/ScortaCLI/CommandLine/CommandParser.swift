import ScortaKit

/// Parses arguments against a `CommandSpec` tree and renders help.
/// Conventions: `--opt value` and `--opt=value`; `--` ends options; `-h`,
/// `--help` and `help <sub>` print the same help; unknown options get a
/// "Did you mean" suggestion.
public struct CommandParser: Sendable {
    public let root: CommandSpec
    /// Options every command accepts (`--db`, `--operator`, ...).
    public let globalOptions: [CommandSpec.Option]

    /// Environment variables the program reads: in the root help and the man page.
    public let environment: [EnvironmentVariable]

    public init(root: CommandSpec, globalOptions: [CommandSpec.Option], environment: [EnvironmentVariable] = []) {
        self.root = root
        self.globalOptions = globalOptions
        self.environment = environment
    }

    public struct EnvironmentVariable: Sendable {
        public let name: String
        public let help: String
        public init(_ name: String, _ help: String) {
            self.name = name
            self.help = help
        }
    }

    public enum Outcome: Sendable {
        case run(CommandSpec, ParsedCommand)
        case help(String)
        case version
    }

    public func parse(_ arguments: [String]) throws -> Outcome {
        var command = root
        var path = [root.name]
        var rest = arguments[...]
        // `scorta help receive` and `scorta receive --help` print the same.
        if rest.first == "help" {
            rest = rest.dropFirst()
            for name in rest {
                guard let sub = command.subcommand(named: name) else {
                    throw ParseError(
                        message: "Unknown subcommand '\(name)'\(suggestion(name, command.subcommandNames))",
                        usage: usage(command, path: path))
                }
                command = sub
                path.append(name)
            }
            return .help(help(command, path: path))
        }
        if rest.first == "--version" { return .version }
        // Global options may come before the subcommand too: `scorta --db X stock`.
        var early: [String] = []
        while let next = rest.first {
            if let global = globalOptions.first(where: { next == $0.name || next.hasPrefix($0.name + "=") }) {
                early.append(next)
                rest = rest.dropFirst()
                if global.kind != nil, !next.contains("="), let value = rest.first {
                    early.append(value)
                    rest = rest.dropFirst()
                }
            } else if !next.hasPrefix("-"), let sub = command.subcommand(named: next) {
                command = sub
                path.append(next)
                rest = rest.dropFirst()
            } else {
                break
            }
        }
        if rest.contains(where: { $0 == "-h" || $0 == "--help" }),
            !(rest.firstIndex(of: "--").map { index in
                rest[..<index].allSatisfy { $0 != "-h" && $0 != "--help" }
            } ?? false)
        {
            return .help(help(command, path: path))
        }
        if command.run == nil {
            if let first = rest.first {
                throw ParseError(
                    message: first.hasPrefix("-")
                        ? "Unknown option '\(first)'"
                        : "Unknown subcommand '\(first)'\(suggestion(first, command.subcommandNames))",
                    usage: usage(command, path: path))
            }
            return .help(help(command, path: path))
        }
        rest = early[...] + rest
        let usageLine = usage(command, path: path)
        func fail(_ message: String) -> ParseError { ParseError(message: message, usage: usageLine) }

        let options = command.options + globalOptions
        var values: [String: [any Sendable]] = [:]
        var given: [String] = []
        var flags = Set<String>()
        var positionals: [String] = []
        var onlyPositionals = false
        while let token = rest.popFirst() {
            if onlyPositionals || !token.hasPrefix("-") || token == "-"
                || isNegativeNumber(token) && !options.contains(where: { $0.short == token })
            {
                positionals.append(token)
                continue
            }
            if token == "--" {
                onlyPositionals = true
                continue
            }
            var name = token
            var inline: String?
            if token.hasPrefix("--"), let equals = token.firstIndex(of: "=") {
                name = String(token[..<equals])
                inline = String(token[token.index(after: equals)...])
            }
            guard let option = options.first(where: { $0.name == name || $0.short == name }) else {
                let names = options.flatMap { [$0.name] + ($0.short.map { [$0] } ?? []) }
                throw fail("Unknown option '\(name)'\(suggestion(name, names))")
            }
            if let kind = option.kind {
                guard let value = inline ?? rest.popFirst() else {
                    throw fail("Missing value for '\(option.name) <\(kind.placeholder)>'")
                }
                if !option.repeatable, values[option.name] != nil {
                    throw fail("Option '\(option.name)' given more than once")
                }
                values[option.name, default: []].append(try read(value, as: kind, label: option.name, fail))
            } else {
                guard inline == nil else { throw fail("Flag '\(option.name)' takes no value") }
                flags.insert(option.name)
            }
            given.append(option.name)
        }
        for option in command.options where option.required && values[option.name] == nil {
            throw fail("Missing value for '\(option.usage)'")
        }
        // Contradictory choices (`--json --csv`) are refused, not silently ranked.
        for group in Set(command.options.compactMap(\.group)).sorted() {
            let members = command.options.filter { $0.group == group }
            guard members.filter({ given.contains($0.name) }).count > 1 else { continue }
            let names = members.map(\.name)
            throw fail("choose one of \(names.dropLast().joined(separator: ", ")) and \(names.last!)")
        }
        let requiredCount = command.arguments.filter { !$0.optional }.count
        if positionals.count < requiredCount {
            let missing = command.arguments.filter { !$0.optional }[positionals.count]
            throw fail("Missing expected argument '<\(missing.name)>'")
        }
        if !(command.arguments.last?.repeating ?? false), positionals.count > command.arguments.count {
            throw fail("Unexpected argument '\(positionals[command.arguments.count])'")
        }
        var argumentValues: [String: [any Sendable]] = [:]
        for (index, text) in positionals.enumerated() {
            let argument = command.arguments[min(index, command.arguments.count - 1)]
            argumentValues[argument.name, default: []].append(try read(text, as: argument.kind, label: nil, fail))
        }
        return .run(
            command,
            ParsedCommand(path: path, values: values, flags: flags, argumentValues: argumentValues, usage: usageLine))
    }

    /// Reads a value by its kind: a malformed one is a usage error (exit 64)
    /// naming the option, or in the domain's own words.
    func read(_ text: String, as kind: AnyValueKind, label: String?, _ fail: (String) -> ParseError) throws
        -> any Sendable
    {
        do {
            return try kind.read(text)
        } catch let error as ValueError {
            throw fail(label.map { "\($0): " + error.message } ?? error.message)
        } catch {
            throw fail(String(describing: error))
        }
    }

    func isNegativeNumber(_ token: String) -> Bool {
        token.count > 1 && token.dropFirst().allSatisfy(\.isNumber)
    }

    // MARK: - Help

    public func usage(_ command: CommandSpec, path: [String]) -> String {
        var parts = path
        if command.run == nil, !command.subcommandNames.isEmpty {
            parts.append("<subcommand>")
        } else {
            for option in command.options {
                parts.append(command.required.contains(option.name) ? option.usage : "[\(option.usage)]")
            }
            parts += command.arguments.map(\.usage)
        }
        return parts.joined(separator: " ")
    }

    public func help(_ command: CommandSpec, path: [String]) -> String {
        var out = "OVERVIEW: \(command.abstract)\n"
        if let discussion = command.discussion { out += "\n" + discussion + "\n" }
        out += "\nUSAGE: \(usage(command, path: path))\n"
        func section(_ title: String, _ rows: [(String, String)]) {
            guard !rows.isEmpty else { return }
            let width = min(30, rows.map(\.0.count).max() ?? 0)
            out += "\n\(title):\n"
            for (left, right) in rows {
                if left.count > width {
                    out += "  \(left)\n" + String(repeating: " ", count: width + 4) + right + "\n"
                } else {
                    out += "  " + left + String(repeating: " ", count: width - left.count + 2) + right + "\n"
                }
            }
        }
        section("ARGUMENTS", command.arguments.map { ("<\($0.name)>", $0.help) })
        if command.run != nil {
            let options = command.options + globalOptions
            section(
                "OPTIONS",
                options.map { (($0.short.map { "\($0), " } ?? "") + $0.usage, $0.help) }
                    + [("-h, --help", "Show help information.")])
        } else if path.count == 1 {
            section("OPTIONS", [("--version", "Show the version."), ("-h, --help", "Show help information.")])
        }
        section("SUBCOMMANDS", command.subcommands.map { ($0.name, $0.abstract) })
        if !command.subcommandNames.isEmpty {
            out +=
                "\n  See '\(path.first ?? "") help \((path.dropFirst() + ["<subcommand>"]).joined(separator: " "))' for detailed help.\n"
        }
        if path.count == 1 { section("ENVIRONMENT", environment.map { ($0.name, $0.help) }) }
        return out
    }

    func suggestion(_ given: String, _ candidates: [String]) -> String {
        let best = candidates.map { ($0, CommandParser.editDistance(given, $0)) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(2, given.count / 3) else { return "" }
        return ". Did you mean '\(best.0)'?"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        guard !a.isEmpty else { return b.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

/// A usage error: printed as `Error: <message>` then `Usage: <usage>`, exit 64.
public struct ParseError: Error, Sendable {
    public let message: String
    public let usage: String

    public init(message: String, usage: String) {
        self.message = message
        self.usage = usage
    }
}
