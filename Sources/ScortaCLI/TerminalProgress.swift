import Foundation
import Glibc
import ScortaKit
import Synchronization

/// Signs of life on a terminal: the running meters (`SignsOfLife`) as one line
/// on standard error, e.g. `verify: 12,400/50,000 chain entries, 3 s`,
/// rewritten in place at most ten times a second and cleared when the work
/// ends. Nothing is drawn for work that ends within a second (most commands),
/// and nothing at all when standard error is not a terminal (`forStandardError`).
public final class TerminalProgress: ProgressReporter, Sendable {
    /// Work shorter than this shows nothing: a line flashing by is noise.
    static let delay = 1.0
    /// Between redraws: at most ten a second, so drawing costs nothing measurable.
    static let interval = 0.1

    private struct State {
        /// Running meters, outermost first; the line shows the innermost.
        var meters: [ProgressMeter] = []
        /// When the outermost meter began.
        var since = 0.0
        /// A line is on the screen (and must be cleared before anything else is written).
        var shown = false
        /// The line on the screen: an unchanged line is not written again.
        var drawn = ""
        /// The redrawing thread is running.
        var drawing = false
    }

    private let descriptor: Int32
    private let state = Mutex(State())

    init(descriptor: Int32) { self.descriptor = descriptor }

    /// A reporter drawing on standard error, or nil when it is not a terminal
    /// (a pipe, a file, a cron log): there a rewritten line is only garbage.
    public static func forStandardError() -> TerminalProgress? {
        isatty(2) == 1 ? TerminalProgress(descriptor: 2) : nil
    }

    public func started(_ meter: ProgressMeter) {
        let startThread = state.withLock { state -> Bool in
            if state.meters.isEmpty { state.since = SignsOfLife.seconds() }
            state.meters.append(meter)
            defer { state.drawing = true }
            return !state.drawing
        }
        if startThread { Thread { [self] in self.drawUntilIdle() }.start() }
    }

    public func ended(_ meter: ProgressMeter) {
        state.withLock { state in
            state.meters.removeAll { $0 === meter }
            // Cleared now, not at the next tick: the command's own output follows at once.
            if state.meters.isEmpty { clear(&state) }
        }
    }

    /// On a line of its own; the meter's line is drawn again below it.
    public func note(_ text: String) {
        aside { write(text + "\n") }
    }

    /// Runs `body` (which writes to the terminal) with the meter's line cleared,
    /// so the two never mix on one line.
    public func aside<T>(_ body: () throws -> T) rethrows -> T {
        try withoutActuallyEscaping(body) { body in
            try state.withLock { state in
                clear(&state)
                return try body()
            }
        }
    }

    /// `aside` with the running reporter, when it is a terminal's; else just `body`.
    public static func aside<T>(_ body: () throws -> T) rethrows -> T {
        let reporter = SignsOfLife.reporter
        // The type is compared before casting: casting the usual reporter (a
        // struct) to this class had the runtime look for a bridging conformance
        // among every conformance in the binary, on each command's first output.
        if type(of: reporter) == TerminalProgress.self, let terminal = reporter as? TerminalProgress {
            return try terminal.aside(body)
        }
        return try body()
    }

    private func drawUntilIdle() {
        while true {
            usleep(UInt32(Self.interval * 1_000_000))
            let running = state.withLock { state -> Bool in
                guard !state.meters.isEmpty else {
                    state.drawing = false
                    return false
                }
                let elapsed = SignsOfLife.seconds() - state.since
                let line = fitted(Self.line(state.meters, seconds: Int(elapsed)))
                if elapsed >= Self.delay, !state.shown || line != state.drawn {
                    write("\r" + line + "\u{1B}[K")
                    state.shown = true
                    state.drawn = line
                }
                return true
            }
            if !running { return }
        }
    }

    /// `restore: verify: 12,400/50,000 chain entries, 3 s`: the labels of the
    /// outer meters, then the innermost one's count, phase and the time so far.
    static func line(_ meters: [ProgressMeter], seconds: Int) -> String {
        guard let meter = meters.last else { return "" }
        let labels = meters.map(\.label).joined(separator: ": ")
        let count = meter.total.map { "\(grouped(meter.done))/\(grouped($0))" } ?? grouped(meter.done)
        let phase = meter.phase.map { " (\($0))" } ?? ""
        return "\(labels): \(count) \(meter.unit)\(phase), \(seconds) s"
    }

    /// 12400 → "12,400", as in the rest of Scorta's English output.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    /// Cut to the terminal's width: a line that wraps cannot be rewritten with `\r`.
    private func fitted(_ text: String) -> String {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 1 else { return text }
        let width = Int(size.ws_col) - 1
        return text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    private func clear(_ state: inout State) {
        guard state.shown else { return }
        write("\r\u{1B}[K")
        state.shown = false
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// Where there is no terminal to draw on (a pipe, a log, a test's buffer):
/// meters show nothing, and a note is a plain line on standard error, since
/// a log that says why a command took 15 s is worth the line.
struct NotesOnly: ProgressReporter {
    let sink: OutputSink

    func started(_ meter: ProgressMeter) {}
    func ended(_ meter: ProgressMeter) {}
    func note(_ text: String) { try? sink.write(Array((text + "\n").utf8)) }
}
