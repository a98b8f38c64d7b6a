/// The manual page scorta(1) in roff, generated from the command tree: every
/// command with its usage line, description, arguments and options.
///
///     scorta man > /usr/local/share/man/man1/scorta.1
public enum ManPage {
    public static func roff(root: CommandSpec, parser: CommandParser, version: String) -> String {
        var out = """
            .TH \(root.name.uppercased()) 1 "" "\(root.name) \(version)" "User Commands"
            .SH NAME
            \(root.name) \\- \(escaped(root.abstract))
            .SH SYNOPSIS
            .B \(root.name)
            [\\fIoptions\\fR] \\fIsubcommand\\fR ...
            .SH OPTIONS
            These options are accepted by every command, before or after the subcommand.

            """
        for option in parser.globalOptions { out += item(option) }
        out += ".TP\n.B \\-h, \\-\\-help\nShow help information (also: \(root.name) help SUBCOMMAND).\n"
        out += ".TP\n.B \\-\\-version\nShow the version.\n"
        out += ".SH COMMANDS\n"
        func walk(_ command: CommandSpec, _ path: [String]) {
            if command.run != nil {
                out += ".SS \(escaped(path.joined(separator: " ")))\n"
                out += escaped(command.abstract) + "\n"
                out += ".PP\n.B " + escaped(parser.usage(command, path: path)) + "\n"
                if let discussion = command.discussion {
                    out +=
                        ".PP\n"
                        + discussion.split(separator: "\n", omittingEmptySubsequences: false).map {
                            escaped(String($0))
                        }
                        .joined(separator: "\n.br\n") + "\n"
                }
                for argument in command.arguments {
                    out +=
                        ".TP\n.I <\(escaped(argument.name))>\(argument.repeating ? " ..." : "")\n\(escaped(argument.help))\n"
                }
                for option in command.options { out += item(option) }
            }
            for sub in command.subcommands { walk(sub, path + [sub.name]) }
        }
        walk(root, [root.name])
        out += """
            .SH EXIT STATUS
            0 on success and for help; 64 for a usage error (an unknown option, a missing or malformed value), with the
            usage line after the error; 1 for any other failure. Every command is one transaction: a refused command
            writes nothing.
            .SH ENVIRONMENT

            """
        for variable in parser.environment { out += ".TP\n.B \(variable.name)\n\(escaped(variable.help))\n" }
        out += """
            .SH FILES
            Found from the binary's own path (PREFIX/bin/scorta), not from the working folder:
            .TP
            .I PREFIX/share/scorta/Seeds
            Seed data for a new database (scorta init).
            .TP
            .I PREFIX/share/scorta/Labels
            Label templates (scorta labels templates).
            .TP
            .I PREFIX/share/scorta/fonts
            The Liberation fonts embedded in every PDF.
            .SH DIAGNOSTICS
            On a terminal, commands that run longer than a second (check, verify, restore, registers, large label jobs)
            show their progress on one line of standard error, cleared at the end; nothing is shown when standard error
            is not a terminal. A write that waits for another process's write lock says so on standard error after a
            second, terminal or not, and gives up after 15 seconds.

            """
        return out
    }

    static func item(_ option: CommandSpec.Option) -> String {
        let names = (option.short.map { escaped($0) + ", " } ?? "") + escaped(option.name)
        let value = option.valueName.map { " \\fI<\(escaped($0))>\\fR" } ?? ""
        let required = option.required ? " (required)" : ""
        return ".TP\n.B \(names)\(value)\n\(escaped(option.help))\(required)\n"
    }

    /// roff: backslashes and minus signs escaped, no line may start with a dot or an apostrophe.
    static func escaped(_ text: String) -> String {
        var out = text.replacingOccurrences(of: "\\", with: "\\e").replacingOccurrences(of: "-", with: "\\-")
        if out.hasPrefix(".") || out.hasPrefix("'") { out = "\\&" + out }
        // Non-ASCII as roff's \[uXXXX], so the page reads the same without preconv.
        guard out.unicodeScalars.contains(where: { !$0.isASCII }) else { return out }
        return out.unicodeScalars.map { scalar in
            guard !scalar.isASCII else { return String(scalar) }
            let hex = String(scalar.value, radix: 16, uppercase: true)
            return "\\[u" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]"
        }.joined()
    }
}
