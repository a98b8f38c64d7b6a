import ScortaKit

/// A hand-written command-line description in the manner of
/// swift-argument-parser: a tree of commands, each with typed option and
/// argument declarations (see `Declarations.swift`), help text and the closure
/// that runs it.
///
///     static let at = Option("--at", .location, "Only this location.")
///     static let spec = CommandSpec(name: "stock", abstract: "Show stock on hand.", options: [at]) { parsed in ... parsed[at] ... }
public struct CommandSpec: Sendable {
    /// One option as the parser and the generators see it.
    public struct Option: Sendable {
        public let name: String
        public let short: String?
        /// How the value reads; nil for a flag.
        public let kind: AnyValueKind?
        public let help: String
        public let repeatable: Bool
        public let required: Bool
        /// Options of one group exclude each other (`--json`, `--csv`, `--pdf`).
        public let group: String?

        /// Placeholder for the value (`<location>`); nil for a flag.
        public var valueName: String? { kind?.placeholder }

        var usage: String { valueName.map { "\(name) <\($0)>" } ?? name }
    }

    /// One positional argument.
    public struct Argument: Sendable {
        public let name: String
        public let help: String
        public let optional: Bool
        public let repeating: Bool
        public let kind: AnyValueKind

        var usage: String {
            let core = "<\(name)>" + (repeating ? " ..." : "")
            return optional ? "[\(core)]" : core
        }
    }

    public let name: String
    public let abstract: String
    public var discussion: String?
    public var options: [Option]
    public var arguments: [Argument]
    /// The subcommands, built, or (the root's) each built when first asked for.
    var children: Children
    public var run: (@Sendable (ParsedCommand) throws -> Void)?

    /// Subcommands as written, or commands of the root known by name and built
    /// only when run, helped or listed: a run builds its own command, not the
    /// other thirty-five with their options and value kinds (that was a sixth
    /// of a stock query's instructions).
    enum Children: Sendable {
        case built([CommandSpec])
        case named([(name: String, build: @Sendable () -> CommandSpec)])
    }

    /// Every subcommand (help, the man page, completions, the trial build them all).
    public var subcommands: [CommandSpec] {
        switch children {
        case .built(let subcommands): subcommands
        case .named(let commands): commands.map { $0.build() }
        }
    }

    /// The subcommands' names, without building them.
    public var subcommandNames: [String] {
        switch children {
        case .built(let subcommands): subcommands.map(\.name)
        case .named(let commands): commands.map(\.name)
        }
    }

    /// The subcommand called `name`, building only that one.
    public func subcommand(named name: String) -> CommandSpec? {
        switch children {
        case .built(let subcommands): return subcommands.first { $0.name == name }
        case .named(let commands): return commands.first { $0.name == name }?.build()
        }
    }

    public init(
        name: String, abstract: String, discussion: String? = nil, options: [any OptionDeclaration] = [],
        arguments: [any ArgumentDeclaration] = [], subcommands: [CommandSpec] = [],
        run: (@Sendable (ParsedCommand) throws -> Void)? = nil
    ) {
        self.name = name
        self.abstract = abstract
        self.discussion = discussion
        self.options = options.map(\.option)
        self.arguments = arguments.map(\.argument)
        self.children = .built(subcommands)
        self.run = run
    }

    /// A root whose commands are built only when asked for (see `Children`).
    init(name: String, abstract: String, commands: [any TopLevelCommand.Type]) {
        self.init(name: name, abstract: abstract)
        children = .named(commands.map { command in (command.commandName, { command.spec }) })
    }

    /// The names of the required options, for USAGE.
    var required: Set<String> { Set(options.filter(\.required).map(\.name)) }
}

/// A command of the root (`scorta stock`): its name, known without building
/// it, and its spec, built when the command runs or is listed.
protocol TopLevelCommand: Sendable {
    static var commandName: String { get }
    static var spec: CommandSpec { get }
}

/// The result of parsing: which command, and its options and arguments, read
/// by their declarations (`parsed[at]`).
public struct ParsedCommand: Sendable {
    public let path: [String]
    /// Option values as read by their kinds, by option name, in the order given.
    let values: [String: [any Sendable]]
    public let flags: Set<String>
    /// Argument values as read by their kinds, by argument name.
    let argumentValues: [String: [any Sendable]]
    public let usage: String

    func typed(_ name: String) -> [any Sendable] { values[name] ?? [] }
}
