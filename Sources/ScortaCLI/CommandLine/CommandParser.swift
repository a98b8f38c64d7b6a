import ScortaKit

/// Parses arguments against a `CommandSpec` tree and renders help.
/// Conventions: `--opt value` and `--opt=value`; `--` ends options; `-h`,
/// `--help` and `help <sub>` print the same help; unknown options get a
/// "Did you mean" suggestion.
public struct CommandParser: Sendable {
    public let root: CommandSpec
    /// Options every command accepts (`--db`, `--operator`, ...).
    public let globalOptions: [CommandSpec.Option]

    public init(root: CommandSpec, globalOptions: [CommandSpec.Option]) {
        self.root = root
        self.globalOptions = globalOptions
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
                guard let sub = command.subcommands.first(where: { $0.name == name }) else {
                    throw ParseError(message: "Unknown subcommand '\(name)'\(suggestion(name, command.subcommands.map(\.name)))", usage: usage(command, path: path))
                }
                command = sub
                path.append(name)
            }
            return .help(help(command, path: path))
        }
        if rest.first == "--version" { return .version }
        while let next = rest.first, !next.hasPrefix("-"), let sub = command.subcommands.first(where: { $0.name == next }) {
            command = sub
            path.append(next)
            rest = rest.dropFirst()
        }
        if rest.contains(where: { $0 == "-h" || $0 == "--help" }), !(rest.firstIndex(of: "--").map { index in
            rest[..<index].allSatisfy { $0 != "-h" && $0 != "--help" } } ?? false) {
            return .help(help(command, path: path))
        }
        if command.run == nil {
            if let first = rest.first {
                throw ParseError(message: first.hasPrefix("-") ? "Unknown option '\(first)'" :
                    "Unknown subcommand '\(first)'\(suggestion(first, command.subcommands.map(\.name)))", usage: usage(command, path: path))
            }
            return .help(help(command, path: path))
        }

        let options = command.options + globalOptions
        var values: [String: [String]] = [:]
        var flags = Set<String>()
        var positionals: [String] = []
        var onlyPositionals = false
        while let token = rest.popFirst() {
            if onlyPositionals || !token.hasPrefix("-") || token == "-" || isNegativeNumber(token) && !options.contains(where: { $0.short == token }) {
                positionals.append(token)
                continue
            }
            if token == "--" { onlyPositionals = true; continue }
            var name = token
            var inline: String?
            if token.hasPrefix("--"), let equals = token.firstIndex(of: "=") {
                name = String(token[..<equals])
                inline = String(token[token.index(after: equals)...])
            }
            guard let option = options.first(where: { $0.name == name || $0.short == name }) else {
                let names = options.flatMap { [$0.name] + ($0.short.map { [$0] } ?? []) }
                throw ParseError(message: "Unknown option '\(name)'\(suggestion(name, names))", usage: usage(command, path: path))
            }
            if let valueName = option.valueName {
                guard let value = inline ?? rest.popFirst() else {
                    throw ParseError(message: "Missing value for '\(option.name) <\(valueName)>'", usage: usage(command, path: path))
                }
                if !option.repeatable, values[option.name] != nil {
                    throw ParseError(message: "Option '\(option.name)' given more than once", usage: usage(command, path: path))
                }
                values[option.name, default: []].append(value)
            } else {
                guard inline == nil else {
                    throw ParseError(message: "Flag '\(option.name)' takes no value", usage: usage(command, path: path))
                }
                flags.insert(option.name)
            }
        }
        for name in command.required.sorted() where values[name] == nil {
            let option = options.first { $0.name == name }
            throw ParseError(message: "Missing value for '\(option?.usage ?? name)'", usage: usage(command, path: path))
        }
        let requiredCount = command.arguments.filter { !$0.optional }.count
        if positionals.count < requiredCount {
            let missing = command.arguments.filter { !$0.optional }[positionals.count]
            throw ParseError(message: "Missing expected argument '<\(missing.name)>'", usage: usage(command, path: path))
        }
        if !(command.arguments.last?.repeating ?? false), positionals.count > command.arguments.count {
            throw ParseError(message: "Unexpected argument '\(positionals[command.arguments.count])'", usage: usage(command, path: path))
        }
        return .run(command, ParsedCommand(path: path, values: values, flags: flags, arguments: positionals,
                                           usage: usage(command, path: path)))
    }

    func isNegativeNumber(_ token: String) -> Bool {
        token.count > 1 && token.dropFirst().allSatisfy(\.isNumber)
    }

    // MARK: - Help

    public func usage(_ command: CommandSpec, path: [String]) -> String {
        var parts = path
        if command.run == nil, !command.subcommands.isEmpty {
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
            section("OPTIONS", options.map { (($0.short.map { "\($0), " } ?? "") + $0.usage, $0.help) }
                    + [("-h, --help", "Show help information.")])
        } else if path.count == 1 {
            section("OPTIONS", [("--version", "Show the version."), ("-h, --help", "Show help information.")])
        }
        section("SUBCOMMANDS", command.subcommands.map { ($0.name, $0.abstract) })
        if !command.subcommands.isEmpty {
            out += "\n  See '\(path.first ?? "") help \((path.dropFirst() + ["<subcommand>"]).joined(separator: " "))' for detailed help.\n"
        }
        return out
    }

    func suggestion(_ given: String, _ candidates: [String]) -> String {
        let best = candidates.map { ($0, CommandParser.editDistance(given, $0)) }.min { $0.1 < $1.1 }
        guard let best, best.1 <= max(2, given.count / 3) else { return "" }
        return ". Did you mean '\(best.0)'?"
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
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
