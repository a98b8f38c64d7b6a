import Glibc
import ScortaKit

/// A child process: the real `scorta` binary for the trials and the
/// benchmark, or a checking tool (sqlite3, qpdf, …) for the tests. The one
/// place that calls `posix_spawn`.
public struct ChildProcess {
    public let pid: pid_t

    /// Spawns `arguments` with the environment plus `environment`, standard
    /// input from /dev/null, standard output into `output` (/dev/null when
    /// nil) and standard error into the same file unless `keepErrors`.
    public static func spawn(
        _ arguments: [String], environment: [String: String] = [:], output: String?,
        keepErrors: Bool = false
    ) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output ?? "/dev/null", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        if !keepErrors { posix_spawn_file_actions_adddup2(&actions, 1, 2) }
        return try launch(arguments, environment: inheritedEnvironment(adding: environment), actions: &actions)
    }

    /// Spawns `arguments` to converse with, line by line: its standard input
    /// is the returned `input` and its output and errors together are
    /// `output` (both to close by the caller), as a clerk's scanner and
    /// screen would be to the till.
    public static func spawnConversing(_ arguments: [String], environment: [String: String] = [:]) throws -> (
        process: ChildProcess, input: Int32, output: Int32
    ) {
        var toChild: [Int32] = [0, 0]
        var fromChild: [Int32] = [0, 0]
        guard pipe(&toChild) == 0 else { throw ScortaError.invalid("cannot make a pipe for \(arguments[0])") }
        guard pipe(&fromChild) == 0 else {
            toChild.forEach { close($0) }
            throw ScortaError.invalid("cannot make a pipe for \(arguments[0])")
        }
        // Close-on-exec, as in `capture`: only the child's own copies stay open in it.
        for fd in toChild + fromChild { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, toChild[0], 0)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 1)
        posix_spawn_file_actions_adddup2(&actions, fromChild[1], 2)
        defer {
            close(toChild[0])
            close(fromChild[1])
        }
        do {
            let process = try launch(
                arguments, environment: inheritedEnvironment(adding: environment), actions: &actions)
            return (process, toChild[1], fromChild[0])
        } catch {
            close(toChild[1])
            close(fromChild[0])
            throw error
        }
    }

    private static func launch(
        _ arguments: [String], environment: [String: String],
        actions: inout posix_spawn_file_actions_t
    ) throws -> ChildProcess {
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard code == 0 else {
            throw ScortaError.invalid("cannot run \(arguments[0]): \(String(cString: strerror(code)))")
        }
        return ChildProcess(pid: pid)
    }

    /// This process's environment with `extra` set on top (what a child gets).
    public static func inheritedEnvironment(adding extra: [String: String] = [:]) -> [String: String] {
        var merged: [String: String] = [:]
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                merged[String(text[..<equals])] = String(text[text.index(after: equals)...])
            }
            index += 1
        }
        for (key, value) in extra { merged[key] = value }
        return merged
    }

    // MARK: - Waiting

    /// How a child ended.
    public enum Ending: Equatable, Sendable {
        case exited(Int32)
        case signalled(Int32)

        init(waitStatus status: Int32) {
            self = (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
        }

        /// The shell's convention: the exit code, or 128 + the signal.
        public var status: Int32 {
            switch self {
            case .exited(let code): code
            case .signalled(let signal): 128 + signal
            }
        }
    }

    /// Waits for the end; with `timeout`, kills the child (SIGKILL) when it
    /// runs longer and reports nil.
    public func wait(timeout seconds: Double? = nil) -> Ending? {
        var status: Int32 = 0
        if let seconds {
            let deadline = Clock.monotonicSeconds() + seconds
            while waitpid(pid, &status, WNOHANG) == 0 {
                if Clock.monotonicSeconds() > deadline {
                    Glibc.kill(pid, SIGKILL)
                    waitpid(pid, &status, 0)
                    return nil
                }
                usleep(2_000)
            }
        } else {
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
        return Ending(waitStatus: status)
    }

    /// Waits for the end and returns the child's resource usage as well.
    public func waitWithUsage() -> (Ending, rusage) {
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        return (Ending(waitStatus: status), usage)
    }

    public func kill(signal: Int32 = SIGKILL) { Glibc.kill(pid, signal) }

    /// The running executable, so trials spawn the very binary that runs them.
    public static func currentExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0
            ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }

    // MARK: - Running to the end with the output captured

    /// What a finished child printed, and how it ended.
    public struct Captured: Sendable {
        /// The exit code, 128 + signal when killed, 127 when it could not start.
        public let status: Int32
        public let stdout: String
        public let stderr: String
        /// False when the program could not be started at all (`stderr` says why).
        public let launched: Bool
    }

    /// Runs `arguments[0]` with the rest to its end, feeding `input` on
    /// standard input and reading standard output and error at the same time,
    /// so a child that fills one pipe while we wait on the other cannot stall
    /// (reading them one after the other deadlocks once a pipe's 64 KiB fill).
    /// `environment` replaces this process's when given.
    public static func capture(
        _ arguments: [String], input: String? = nil, environment: [String: String]? = nil,
        directory: String? = nil
    ) -> Captured {
        var inPipe: [Int32] = [0, 0]
        var outPipe: [Int32] = [0, 0]
        var errPipe: [Int32] = [0, 0]
        guard pipe(&inPipe) == 0, pipe(&outPipe) == 0, pipe(&errPipe) == 0 else {
            return Captured(
                status: 127, stdout: "", stderr: "cannot make pipes: \(String(cString: strerror(errno)))",
                launched: false)
        }
        // Close-on-exec, so a child started meanwhile by another thread does
        // not hold our pipe ends open (and keep us waiting for their end).
        for fd in inPipe + outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, inPipe[0], 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)
        if let directory { _ = addChangeDirectory(&actions, directory) }
        let child: ChildProcess
        do {
            child = try launch(arguments, environment: environment ?? inheritedEnvironment(), actions: &actions)
        } catch {
            [inPipe[0], inPipe[1], outPipe[0], outPipe[1], errPipe[0], errPipe[1]].forEach { close($0) }
            return Captured(status: 127, stdout: "", stderr: "\(error)", launched: false)
        }
        close(inPipe[0])
        close(outPipe[1])
        close(errPipe[1])
        let (out, err) = pump(input: Array((input ?? "").utf8), into: inPipe[1], from: outPipe[0], and: errPipe[0])
        let ending = child.wait() ?? .signalled(SIGKILL)
        return Captured(
            status: ending.status, stdout: String(decoding: out, as: UTF8.self),
            stderr: String(decoding: err, as: UTF8.self), launched: true)
    }

    /// glibc's `posix_spawn_file_actions_addchdir_np` (2.29+), which Swift's
    /// Glibc module hides behind _GNU_SOURCE, looked up once by name.
    nonisolated(unsafe) private static let addChangeDirectory:
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32 = {
            guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "posix_spawn_file_actions_addchdir_np")
            else {
                fatalError("this C library has no posix_spawn_file_actions_addchdir_np (glibc 2.29 or later is needed)")
            }
            return unsafeBitCast(
                symbol,
                to: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, UnsafePointer<CChar>?) -> Int32)
                    .self)
        }()

    /// Writes `input` and reads both outputs with poll(2) until both reach
    /// their end; closes the three descriptors.
    private static func pump(input: [UInt8], into inFD: Int32, from outFD: Int32, and errFD: Int32) -> (
        [UInt8], [UInt8]
    ) {
        var written = 0
        var writer: Int32 = inFD
        if input.isEmpty {
            close(writer)
            writer = -1
        } else {
            _ = fcntl(writer, F_SETFL, O_NONBLOCK)
        }
        // A child that exits without reading its input must not kill us.
        signal(SIGPIPE, SIG_IGN)
        var out: [UInt8] = []
        var err: [UInt8] = []
        var open: [Int32] = [outFD, errFD]
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while !open.isEmpty || writer >= 0 {
            var fds = open.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
            if writer >= 0 { fds.append(pollfd(fd: writer, events: Int16(POLLOUT), revents: 0)) }
            guard poll(&fds, nfds_t(fds.count), -1) >= 0 || errno == EINTR else { break }
            for entry in fds where entry.revents != 0 {
                if entry.fd == writer {
                    let count = input.withUnsafeBytes {
                        write(writer, $0.baseAddress! + written, input.count - written)
                    }
                    if count > 0 { written += count }
                    if count < 0 && errno != EAGAIN && errno != EINTR || written == input.count {
                        close(writer)
                        writer = -1
                    }
                    continue
                }
                let count = read(entry.fd, &buffer, buffer.count)
                if count > 0 {
                    if entry.fd == outFD { out += buffer[..<count] } else { err += buffer[..<count] }
                } else if count == 0 || (errno != EAGAIN && errno != EINTR) {
                    close(entry.fd)
                    open.removeAll { $0 == entry.fd }
                }
            }
        }
        return (out, err)
    }
}
