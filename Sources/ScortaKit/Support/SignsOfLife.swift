import Glibc
import Synchronization

/// Signs of life for long work (a verify of a region's chain, a register of
/// thousands of pages): ScortaKit says what it is doing and how far it got;
/// whoever runs it decides whether and how to show that. The command line
/// draws a line on a terminal; tests and scripts install nothing and pay one
/// atomic increment per step.
///
///     try SignsOfLife.track("verify", unit: "chain entries", total: entries) { meter in
///         for entry in entries { …; meter.advance() }
///     }
public enum SignsOfLife {
    /// Who is told; nil (the default) shows nothing. Task-local, so commands
    /// run in process side by side (tests) each have their own.
    @TaskLocal public static var reporter: (any ProgressReporter)?

    /// Runs `body` with a meter the reporter watches until `body` ends.
    public static func track<T>(
        _ label: String, unit: String, total: Int? = nil,
        _ body: (ProgressMeter) throws -> T
    ) rethrows -> T {
        let meter = begin(label, unit: unit, total: total)
        defer { meter.end() }
        return try body(meter)
    }

    /// A meter for work whose end is not a closure's end (a PDF written page by
    /// page until `finish`): the owner must `end()` it on every way out (the
    /// reporter holds it until then).
    public static func begin(_ label: String, unit: String, total: Int? = nil) -> ProgressMeter {
        let meter = ProgressMeter(label: label, unit: unit, total: total, reporter: reporter)
        meter.reporter?.started(meter)
        return meter
    }

    /// A one-line note about a wait the user would otherwise see as a hang
    /// ("waiting for another writer…").
    public static func note(_ text: String) {
        reporter?.note(text)
    }

    /// Seconds on the monotonic clock, to time waits and redraws.
    public static func seconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// What the program running ScortaKit provides to show signs of life.
public protocol ProgressReporter: Sendable {
    /// A meter began; it is the innermost one until it ends.
    func started(_ meter: ProgressMeter)
    func ended(_ meter: ProgressMeter)
    func note(_ text: String)
}

/// How far one piece of long work got: a count of `unit`s out of an optional
/// total, and what it is doing now (`phase`). Updated by the working thread,
/// read by the reporter's (a terminal redraw ten times a second).
public final class ProgressMeter: Sendable {
    /// What is working: "verify", a file name.
    public let label: String
    /// What is counted, plural: "chain entries", "pages".
    public let unit: String
    let reporter: (any ProgressReporter)?
    private let count = Atomic<Int>(0)
    private let expected: Atomic<Int>
    private let state = Mutex<(phase: String?, ended: Bool)>((nil, false))

    init(label: String, unit: String, total: Int?, reporter: (any ProgressReporter)?) {
        self.label = label
        self.unit = unit
        self.reporter = reporter
        expected = Atomic(total ?? -1)
    }

    public var done: Int { count.load(ordering: .relaxed) }
    public var total: Int? {
        get {
            let value = expected.load(ordering: .relaxed)
            return value < 0 ? nil : value
        }
        set { expected.store(newValue ?? -1, ordering: .relaxed) }
    }
    public var phase: String? {
        get { state.withLock { $0.phase } }
        set { state.withLock { $0.phase = newValue } }
    }

    public func advance(by steps: Int = 1) { count.add(steps, ordering: .relaxed) }
    public func set(done value: Int) { count.store(value, ordering: .relaxed) }

    /// Moves on to the next of a few named steps: "ledger replay" as step 1 of 3.
    public func step(_ name: String) {
        phase = name
        advance()
    }

    /// Tells the reporter, once.
    public func end() {
        let first = state.withLock { state in
            defer { state.ended = true }
            return !state.ended
        }
        if first { reporter?.ended(self) }
    }
}
