import ScortaKit

/// Shell completions and the manual page, both generated from the command tree.
enum CompletionsCommand: TopLevelCommand {
    static let commandName = "completions"
    static let shell = Argument(ValueKind<Completions.Shell>.choice("shell"), "bash, zsh or fish.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Print a shell completion script (bash, zsh or fish).",
        discussion: """
            Examples: scorta completions bash > /etc/bash_completion.d/scorta
                      scorta completions zsh > "${fpath[1]}/_scorta"
                      scorta completions fish > ~/.config/fish/completions/scorta.fish
            """,
        arguments: [shell]
    ) { parsed in
        Output.write(Completions.script(parsed[shell], root: Commands.root, globalOptions: Commands.globalOptions))
    }
}

enum ManCommand: TopLevelCommand {
    static let commandName = "man"
    static let spec = CommandSpec(
        name: commandName, abstract: "Print the manual page scorta(1) in roff, every command included.",
        discussion: "Example: scorta man > /usr/local/share/man/man1/scorta.1 && man scorta"
    ) { _ in
        Output.write(ManPage.roff(root: Commands.root, parser: ScortaCLI.parser, version: Scorta.version))
    }
}
