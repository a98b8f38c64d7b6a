import ScortaKit
import Synchronization

/// What the text of an option or argument means, declared once: how it is
/// read (a malformed value is a usage error, exit 64), its placeholder in
/// help, how a shell completes it, and samples for the bad-input trial.
///
///     static let at = Required("--at", .location, "Location receiving the goods.")
public struct ValueKind<Value: Sendable>: Sendable {
    public let placeholder: String
    let read: @Sendable (String) throws -> Value
    let completion: Completion
    /// A well-formed value (the trial builds valid invocations from it) and
    /// values that must be refused, malformed or naming nothing.
    let good: String
    var bad: [String] { badSamples.value }
    /// Made when the trial or a test first asks, not when the command tree
    /// is built on every run: some samples are kilobytes long (a stock query
    /// spent a third of its instructions making them).
    let badSamples: Samples

    public init(
        _ placeholder: String, completion: Completion = .none, good: String = "X1",
        bad: @autoclosure @escaping @Sendable () -> [String] = [],
        read: @escaping @Sendable (String) throws -> Value
    ) {
        self.placeholder = placeholder
        self.completion = completion
        self.good = good
        self.badSamples = Samples(bad)
        self.read = read
    }

    /// The same reading under another placeholder (`--lot <code>`).
    public func named(_ placeholder: String) -> ValueKind {
        ValueKind(placeholder, completion: completion, good: good, bad: self.bad, read: read)
    }

    /// For a value that names something new (`item add SKU`): only malformed
    /// samples are wrong, a well-formed unknown one would be created.
    public var new: ValueKind {
        ValueKind(
            placeholder, completion: completion, good: good, bad: bad.filter { (try? read($0)) == nil }, read: read)
    }

    var erased: AnyValueKind {
        AnyValueKind(
            placeholder: placeholder, read: { [read] in try read($0) }, completion: completion, good: good,
            badSamples: badSamples)
    }
}

/// A `ValueKind` without its type, as the parser and the generators see it.
public struct AnyValueKind: Sendable {
    public let placeholder: String
    let read: @Sendable (String) throws -> any Sendable
    public let completion: Completion
    public let good: String
    let badSamples: Samples
    public var bad: [String] { badSamples.value }
}

/// Bad-input samples, made once on first use.
final class Samples: Sendable {
    private let make: @Sendable () -> [String]
    private let made = Mutex<[String]?>(nil)

    init(_ make: @escaping @Sendable () -> [String]) { self.make = make }

    var value: [String] {
        made.withLock { made in
            if let made { return made }
            let samples = make()
            made = samples
            return samples
        }
    }
}

/// How a shell completes a value.
public enum Completion: Sendable, Equatable {
    case none
    case file
    case directory
    case values([String])
}

/// Why a value is malformed, without the option's name (the parser adds it).
struct ValueError: Error {
    let message: String
}
