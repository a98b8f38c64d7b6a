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
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0, pipe(&fromChild) == 0 else {
            return TillMeasurement(seconds: nil, failure: "cannot make pipes")
        }
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 2)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp =
            ChildProcess.inheritedEnvironment(adding: environment).map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        close(toChild[0])
        close(fromChild[1])
        guard spawned == 0 else {
            close(toChild[1])
            close(fromChild[0])
            return TillMeasurement(seconds: nil, failure: "cannot run \(arguments[0])")
        }
        signal(SIGPIPE, SIG_IGN)
        var reader = LineReader(fd: fromChild[0])
        var seconds: Double?
        var failure: String?
        func send(_ line: String) {
            _ = Array((line + "\n").utf8).withUnsafeBytes { write(toChild[1], $0.baseAddress, $0.count) }
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
        close(toChild[1])
        while reader.next() != nil {}
        close(fromChild[0])
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exit = ChildProcess.Ending(waitStatus: status).status
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
