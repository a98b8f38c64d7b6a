import Glibc

/// A child process for the trials: the real `scorta` binary, spawned with its
/// output in a file, waited for, or killed.
struct ChildProcess {
    let pid: pid_t

    /// Spawns `arguments` with the environment plus `environment`, standard
    /// output and error into `output`, standard input from /dev/null.
    static func spawn(_ arguments: [String], environment: [String: String] = [:], output: String) throws -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let merged = inheritedEnvironment(adding: environment)
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { argv.forEach { free($0) }; envp.forEach { free($0) } }
        var pid: pid_t = 0
        let code = posix_spawn(&pid, arguments[0], &actions, nil, argv, envp)
        guard code == 0 else { throw ScortaError.invalid("cannot run \(arguments[0]): error \(code)") }
        return ChildProcess(pid: pid)
    }

    /// This process's environment with `extra` set on top (what a child gets).
    static func inheritedEnvironment(adding extra: [String: String]) -> [String: String] {
        var merged: [String: String] = [:]
        var index = 0
        while let entry = environ[index] {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") { merged[String(text[..<equals])] = String(text[text.index(after: equals)...]) }
            index += 1
        }
        for (key, value) in extra { merged[key] = value }
        return merged
    }

    /// How a child ended.
    enum Ending: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// Waits for the end; with `timeout`, kills the child (SIGKILL) when it
    /// runs longer and reports nil.
    func wait(timeout seconds: Double? = nil) -> Ending? {
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
            waitpid(pid, &status, 0)
        }
        return (status & 0x7f) == 0 ? .exited((status >> 8) & 0xff) : .signalled(status & 0x7f)
    }

    func kill(signal: Int32 = SIGKILL) { Glibc.kill(pid, signal) }

    /// The running executable, so trials spawn the very binary that runs them.
    static func currentExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        return count > 0 ? String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self) : CommandLine.arguments[0]
    }
}
