import Foundation
import ScortaKit

/// The checkout a clerk waits for at the till: `scorta market scan` is
/// already running (connected, the card read, the basket scanned and
/// judged line by line); what is timed is from writing `done` to reading
/// the receipt's last line, the way a USB scanner and the clerk's screen
/// meet the real binary through its standard input and output.
///
///     let till = TillMeasurement.run([scorta, "market", "scan", "--card", code], items: ["AL-PAS"], environment: env)
public struct TillMeasurement: Sendable {
    /// From `done` to the receipt, or nil when the session failed (`failure` says why).
    public let seconds: Double?
    public let failure: String?

    /// One till session: waits for the till's greeting, scans each of
    /// `items` (each must be added), then times `done` to the receipt and
    /// waits for the process's end.
    public static func run(_ arguments: [String], items: [String], environment: [String: String]) -> TillMeasurement {
        let child: ChildProcess
        let toChild: Int32
        let fromChild: Int32
        do {
            (child, toChild, fromChild) = try ChildProcess.spawnConversing(arguments, environment: environment)
        } catch {
            return TillMeasurement(seconds: nil, failure: "\(error)")
        }
        signal(SIGPIPE, SIG_IGN)
        var reader = LineReader(fd: fromChild)
        var seconds: Double?
        var failure: String?
        func send(_ line: String) {
            _ = Array((line + "\n").utf8).withUnsafeBytes { write(toChild, $0.baseAddress, $0.count) }
        }
        session: do {
            guard let greeting = reader.next(), greeting.hasPrefix("Card ") else {
                failure = "the till did not open: \(reader.seen)"
                break session
            }
            for item in items {
                send(item)
                guard let reply = reader.next(), reply.hasPrefix("+") else {
                    failure = "\(item) was not added: \(reader.seen)"
                    break session
                }
            }
            let start = Clock.monotonicSeconds()
            send("done")
            while let line = reader.next() {
                if line.hasPrefix("  receipt:") {
                    seconds = Clock.monotonicSeconds() - start
                    break
                }
            }
            if seconds == nil { failure = "no receipt after 'done': \(reader.seen)" }
        }
        close(toChild)
        while reader.next() != nil {}
        close(fromChild)
        let exit = child.wait()?.status ?? -1
        if failure == nil, exit != 0 { failure = "the till ended with exit \(exit)" }
        return TillMeasurement(seconds: failure == nil ? seconds : nil, failure: failure)
    }

    /// The median of `times` sessions, or the first failure.
    public static func median(_ times: Int, _ arguments: [String], items: [String], environment: [String: String])
        -> TillMeasurement
    {
        var all: [Double] = []
        for _ in 0..<max(1, times) {
            let session = run(arguments, items: items, environment: environment)
            guard let seconds = session.seconds else { return session }
            all.append(seconds)
        }
        return TillMeasurement(seconds: all.sorted()[all.count / 2], failure: nil)
    }
}

/// Lines read from a pipe as they come (blocking), keeping what was read for messages.
private struct LineReader {
    let fd: Int32
    var buffer: [UInt8] = []
    var seen = ""

    init(fd: Int32) { self.fd = fd }

    mutating func next() -> String? {
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                seen += line + "\n"
                return line
            }
            let count = read(fd, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }
}
