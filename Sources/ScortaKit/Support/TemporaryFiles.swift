import Foundation
import Glibc

/// Temporary files the process must not leave behind (a PDF's `.*.part`, a
/// restore's staging copy), even when it is stopped with SIGINT, SIGTERM or
/// SIGHUP: the handler removes every registered path, then re-raises the
/// signal with its default action, so the parent still sees "killed by
/// SIGTERM". A normal exit or an error removes them through the writers
/// themselves (`OutputFile.discard`).
///
///     TemporaryFiles.register(staging)      // removed if the process is killed now
///     ...
///     TemporaryFiles.forget(staging)        // renamed into place or removed by us
///
/// The paths live in a fixed table of C strings allocated up front, because a
/// signal handler may not allocate or take a lock; a forgotten path's string is
/// never freed (a few bytes per file written), so the handler can never read
/// freed memory whatever thread it interrupts.
public enum TemporaryFiles {
    static let capacity = 64
    nonisolated(unsafe) static let slots: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let slots = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: capacity)
        slots.initialize(repeating: nil, count: capacity)
        return slots
    }()
    static let lock = NSLock()
    nonisolated(unsafe) static var installed = false
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// Removes `path` if the process is killed before `forget(path)`.
    public static func register(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        if !installed {
            install()
            installed = true
        }
        guard let free = (0..<capacity).first(where: { slots[$0] == nil }) else { return }
        slots[free] = strdup(path)
    }

    /// The path no longer needs removing (it was renamed into place or removed).
    public static func forget(_ path: String) {
        lock.lock()
        defer { lock.unlock() }
        for index in 0..<capacity {
            if let slot = slots[index], String(cString: slot) == path { slots[index] = nil }
        }
    }

    /// Removes the file now and forgets it.
    public static func remove(_ path: String) {
        unlink(path)
        forget(path)
    }

    /// Files named `prefix<PID>suffix` in `folder` (also with SQLite's `-wal`,
    /// `-shm` or `-journal` after them) that a process no longer running left
    /// behind: SIGKILL and a power cut leave no chance to clean up, so the next
    /// run does. Removed; returns their paths, to be reported.
    @discardableResult
    public static func removeStale(in folder: String, prefix: String, suffix: String) -> [String] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        var removed: [String] = []
        for name in names.sorted() where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard let pid = Int32(digits),
                ["", "-wal", "-shm", "-journal"].contains(where: { rest.dropFirst(digits.count) == suffix + $0 }),
                pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            let path = folder + "/" + name
            if unlink(path) == 0 { removed.append(path) }
        }
        return removed
    }

    /// Paths registered now (tests).
    public static var registered: [String] {
        lock.lock()
        defer { lock.unlock() }
        return (0..<capacity).compactMap { slots[$0].map { String(cString: $0) } }
    }

    /// Installs the handler for each signal that is not ignored (a command
    /// started with `nohup` keeps ignoring SIGHUP), and unblocks them: a parent
    /// can hand its blocked mask down (a test runner's worker thread does), and a
    /// blocked SIGTERM would let the command run on and write its file.
    private static func install() {
        var unblock = sigset_t()
        sigemptyset(&unblock)
        for signal in signals { sigaddset(&unblock, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
        for signal in signals {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = handler
            sigemptyset(&action.sa_mask)
            var previous = sigaction()
            sigaction(signal, &action, &previous)
            // SIG_IGN is the handler value 1.
            if unsafeBitCast(previous.__sigaction_handler.sa_handler, to: Int.self) == 1 {
                sigaction(signal, &previous, nil)
            }
        }
    }

    /// Only async-signal-safe calls: unlink, signal, raise.
    private static let handler: @convention(c) (Int32) -> Void = { signal in
        for index in 0..<TemporaryFiles.capacity {
            if let path = TemporaryFiles.slots[index] { unlink(path) }
        }
        Glibc.signal(signal, SIG_DFL)
        raise(signal)
    }
}
