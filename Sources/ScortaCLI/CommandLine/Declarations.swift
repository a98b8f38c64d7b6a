import ScortaKit

// Typed declarations: each option and argument of a command is declared once,
// with its value kind; the command reads it back typed (`parsed[at]`), and
// help, usage errors, required-ness, completions, the man page and the
// bad-input trial are all derived from the same declaration.
//
//     static let at = Required("--at", .location, "Location receiving the goods.")
//     static let lines = Arguments(.line(), "Item, quantity, and optionally lot and expiry.")
//     ... { parsed in try ledger.receive(at: parsed[at], lines: parsed[lines], ...) }

/// Anything that declares an option of a command.
public protocol OptionDeclaration: Sendable {
    var option: CommandSpec.Option { get }
}

/// Anything that declares a positional argument of a command.
public protocol ArgumentDeclaration: Sendable {
    var argument: CommandSpec.Argument { get }
}

/// An option that may be left out: `parsed[option]` is nil then.
public struct Option<Value: Sendable>: OptionDeclaration {
    public let option: CommandSpec.Option

    public init(_ name: String, _ kind: ValueKind<Value>, _ help: String, short: String? = nil, group: String? = nil) {
        option = CommandSpec.Option(
            name: name, short: short, kind: kind.erased, help: help, repeatable: false, required: false, group: group)
    }
}

/// An option the command cannot run without (USAGE shows it unbracketed).
public struct Required<Value: Sendable>: OptionDeclaration {
    public let option: CommandSpec.Option

    public init(_ name: String, _ kind: ValueKind<Value>, _ help: String, short: String? = nil) {
        option = CommandSpec.Option(
            name: name, short: short, kind: kind.erased, help: help, repeatable: false, required: true, group: nil)
    }
}

/// An option given any number of times (`--member` for each member).
public struct Repeated<Value: Sendable>: OptionDeclaration {
    public let option: CommandSpec.Option

    public init(_ name: String, _ kind: ValueKind<Value>, _ help: String, required: Bool = false) {
        option = CommandSpec.Option(
            name: name, short: nil, kind: kind.erased, help: help, repeatable: true, required: required, group: nil)
    }
}

/// An option without a value. Flags of one `group` exclude each other.
public struct Flag: OptionDeclaration {
    public let option: CommandSpec.Option

    public init(_ name: String, _ help: String, short: String? = nil, group: String? = nil) {
        option = CommandSpec.Option(
            name: name, short: short, kind: nil, help: help, repeatable: false, required: false, group: group)
    }
}

/// A positional argument the command needs.
public struct Argument<Value: Sendable>: ArgumentDeclaration {
    public let argument: CommandSpec.Argument

    public init(_ kind: ValueKind<Value>, _ help: String, name: String? = nil) {
        argument = CommandSpec.Argument(
            name: name ?? kind.placeholder, help: help, optional: false, repeating: false, kind: kind.erased)
    }
}

/// A positional argument that may be left out.
public struct OptionalArgument<Value: Sendable>: ArgumentDeclaration {
    public let argument: CommandSpec.Argument

    public init(_ kind: ValueKind<Value>, _ help: String, name: String? = nil) {
        argument = CommandSpec.Argument(
            name: name ?? kind.placeholder, help: help, optional: true, repeating: false, kind: kind.erased)
    }
}

/// The last positional arguments, any number of them (or at least one).
public struct Arguments<Value: Sendable>: ArgumentDeclaration {
    public let argument: CommandSpec.Argument

    public init(_ kind: ValueKind<Value>, _ help: String, name: String? = nil, atLeastOne: Bool = false) {
        argument = CommandSpec.Argument(
            name: name ?? kind.placeholder, help: help, optional: !atLeastOne, repeating: true, kind: kind.erased)
    }
}

extension CommandSpec.Option: OptionDeclaration {
    public var option: CommandSpec.Option { self }
}

extension CommandSpec.Argument: ArgumentDeclaration {
    public var argument: CommandSpec.Argument { self }
}

// MARK: - Reading the values back, typed

extension ParsedCommand {
    public subscript<Value>(_ declaration: Option<Value>) -> Value? {
        typed(declaration.option.name).last.map { cast($0, declaration.option.name) }
    }

    public subscript<Value>(_ declaration: Required<Value>) -> Value {
        // The parser refuses a command line without it, so it is always there.
        guard let value = typed(declaration.option.name).last else {
            preconditionFailure("\(declaration.option.name) is not declared by \(path.joined(separator: " "))")
        }
        return cast(value, declaration.option.name)
    }

    public subscript<Value>(_ declaration: Repeated<Value>) -> [Value] {
        typed(declaration.option.name).map { cast($0, declaration.option.name) }
    }

    public subscript(_ declaration: Flag) -> Bool {
        flags.contains(declaration.option.name)
    }

    public subscript<Value>(_ declaration: Argument<Value>) -> Value {
        guard let value = argumentValues[declaration.argument.name]?.first else {
            preconditionFailure("<\(declaration.argument.name)> is not declared by \(path.joined(separator: " "))")
        }
        return cast(value, declaration.argument.name)
    }

    public subscript<Value>(_ declaration: OptionalArgument<Value>) -> Value? {
        argumentValues[declaration.argument.name]?.first.map { cast($0, declaration.argument.name) }
    }

    public subscript<Value>(_ declaration: Arguments<Value>) -> [Value] {
        (argumentValues[declaration.argument.name] ?? []).map { cast($0, declaration.argument.name) }
    }

    private func cast<Value>(_ value: any Sendable, _ name: String) -> Value {
        guard let typed = value as? Value else {
            preconditionFailure("\(name) of \(path.joined(separator: " ")) read as \(Value.self), declared otherwise")
        }
        return typed
    }
}
