import Glibc
import ScortaKit

/// Where a command's output and errors go: the process's standard streams,
/// or (for tests calling `ScortaCLI.run` in process) a buffer.
public struct OutputSink: Sendable {
    let write: @Sendable ([UInt8]) throws -> Void
    /// The process's own stream (1 or 2), where a terminal may be; nil for a buffer.
    let descriptor: Int32?

    public init(_ write: @escaping @Sendable ([UInt8]) throws -> Void) {
        self.write = write
        descriptor = nil
    }

    private init(descriptor: Int32) {
        write = { bytes in try OutputSink.writeAll(bytes, to: descriptor) }
        self.descriptor = descriptor
    }

    /// File descriptor 1, after flushing what `print` buffered so the order holds.
    public static let standardOutput = OutputSink(descriptor: 1)
    public static let standardError = OutputSink(descriptor: 2)

    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) throws {
        fflush(nil)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            guard written > 0 else {
                throw ScortaError.invalid("cannot write to \(descriptor == 1 ? "standard output" : "standard error")")
            }
            offset += written
        }
    }
}

/// Collects what a command printed, for tests.
///
///     let out = CapturedOutput(), err = CapturedOutput()
///     let status = ScortaCLI.run(["stock", "--db", path], stdout: out.sink, stderr: err.sink)
public final class CapturedOutput: @unchecked Sendable {
    private let lock = OutputLock()
    private var bytes: [UInt8] = []

    public init() {}

    public var sink: OutputSink { OutputSink { [self] in self.append($0) } }
    public var text: String { lock.locked { String(decoding: bytes, as: UTF8.self) } }

    private func append(_ more: [UInt8]) { lock.locked { bytes += more } }
}

/// A pthread mutex (Foundation stays out of the output path).
final class OutputLock: @unchecked Sendable {
    private var mutex = pthread_mutex_t()
    init() { pthread_mutex_init(&mutex, nil) }
    deinit { pthread_mutex_destroy(&mutex) }
    func locked<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(&mutex)
        defer { pthread_mutex_unlock(&mutex) }
        return try body()
    }
}

enum Output {
    struct Sinks: Sendable {
        let out: OutputSink
        let err: OutputSink
    }

    /// The sinks of the command running in this task.
    @TaskLocal static var sinks = Sinks(out: .standardOutput, err: .standardError)

    static func write(_ text: String) {
        besideProgress { try? sinks.out.write(Array(text.utf8)) }
    }

    static func line(_ text: String = "") {
        write(text + "\n")
    }

    /// Standard error, after what was printed so the order holds.
    static func error(_ text: String) {
        besideProgress { try? sinks.err.write(Array((text + "\n").utf8)) }
    }

    /// Writes with a progress line on the terminal cleared first, so output never lands on its tail.
    static func besideProgress<T>(_ body: () throws -> T) rethrows -> T {
        try TerminalProgress.aside(body)
    }

    /// Standard output as a buffered `TextOutput`, written in large blocks.
    static var standardOutput: TextOutput {
        let out = sinks.out
        return TextOutput { bytes in try besideProgress { try out.write(bytes) } }
    }
}

extension TextOutput {
    /// The running command's standard output.
    static var standardOutput: TextOutput { Output.standardOutput }
}
