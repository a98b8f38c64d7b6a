import ScortaKit

/// A hand-written command-line description in the manner of
/// swift-argument-parser: a tree of commands, each with options, positional
/// arguments, help text and the closure that runs it.
///
///     CommandSpec(name: "stock", abstract: "Show stock on hand.",
///                 options: [.value("--at", "location", "Only this location.")]) { parsed in ... }
public struct CommandSpec: Sendable {
    public struct Option: Sendable {
        public let name: String
        public let short: String?
        /// Placeholder for the value (`<location>`); nil for a flag.
        public let valueName: String?
        public let help: String
        public let repeatable: Bool

        public static func value(_ name: String, _ valueName: String, _ help: String, short: String? = nil, repeatable: Bool = false) -> Option {
            Option(name: name, short: short, valueName: valueName, help: help, repeatable: repeatable)
        }

        public static func flag(_ name: String, _ help: String, short: String? = nil) -> Option {
            Option(name: name, short: short, valueName: nil, help: help, repeatable: false)
        }

        var usage: String { valueName.map { "\(name) <\($0)>" } ?? name }
    }

    public struct Argument: Sendable {
        public let name: String
        public let help: String
        public let optional: Bool
        public let repeating: Bool

        public init(_ name: String, _ help: String, optional: Bool = false, repeating: Bool = false) {
            self.name = name; self.help = help; self.optional = optional; self.repeating = repeating
        }

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
    public var subcommands: [CommandSpec]
    /// Options listed in USAGE as required.
    public var required: Set<String>
    public var run: (@Sendable (ParsedCommand) throws -> Void)?

    public init(name: String, abstract: String, discussion: String? = nil, options: [Option] = [], arguments: [Argument] = [],
                required: Set<String> = [], subcommands: [CommandSpec] = [], run: (@Sendable (ParsedCommand) throws -> Void)? = nil) {
        self.name = name; self.abstract = abstract; self.discussion = discussion; self.options = options
        self.arguments = arguments; self.required = required; self.subcommands = subcommands; self.run = run
    }
}

/// The result of parsing: which command, and its options and arguments.
public struct ParsedCommand: Sendable {
    public let path: [String]
    public let values: [String: [String]]
    public let flags: Set<String>
    public let arguments: [String]
    public let usage: String

    public func value(_ name: String) -> String? { values[name]?.last }
    public func all(_ name: String) -> [String] { values[name] ?? [] }
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The value of a required option; its absence is a usage error.
    public func require(_ name: String, _ valueName: String) throws -> String {
        guard let value = value(name) else { throw ScortaError.usage("Missing value for '\(name) <\(valueName)>'") }
        return value
    }

    public func date(_ name: String) throws -> CivilDate? {
        try value(name).map { text in
            do { return try CivilDate(parsing: text) } catch { throw ScortaError.usage("\(name): '\(text)' is not a valid YYYY-MM-DD date") }
        }
    }

    public func int(_ name: String, range: ClosedRange<Int> = Int.min...Int.max) throws -> Int? {
        try value(name).map { text in
            guard let number = Int(text), range.contains(number) else {
                throw ScortaError.usage("\(name): '\(text)' must be a whole number\(range.lowerBound > Int.min ? " from \(range.lowerBound)" : "")\(range.upperBound < Int.max ? " to \(range.upperBound)" : "")")
            }
            return number
        }
    }
}
