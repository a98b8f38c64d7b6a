import CSQLite

/// How a connection waits for another process's write lock (the warehouse PC
/// and the market till posting at once): SQLite's own busy-timeout schedule,
/// plus a note (`SignsOfLife.note`) once a wait has lasted a second, so a
/// command waiting up to its 15 s timeout is never a silent hang.
final class BusyWait {
    /// Said after `noteAfter` seconds of one wait.
    static func note(timeout: Double) -> String {
        "waiting for another writer… (the database is locked; giving up after \(Int(timeout.rounded())) s)"
    }
    static let noteAfter = 1.0
    /// SQLite's `sqliteDefaultBusyCallback` delays (ms); 100 ms after those.
    static let delays: [Int32] = [1, 2, 5, 10, 15, 20, 25, 25, 25, 50, 50, 100]

    let timeout: Double
    private var began = 0.0
    private var noted = false

    init(timeoutMilliseconds: Int32) { timeout = Double(timeoutMilliseconds) / 1000 }

    /// Installs the handler on `handle`; the connection keeps `self` alive.
    func install(on handle: OpaquePointer) {
        sqlite3_busy_handler(
            handle,
            { context, count in
                guard let context else { return 0 }
                return Unmanaged<BusyWait>.fromOpaque(context).takeUnretainedValue().retry(after: Int(count)) ? 1 : 0
            }, Unmanaged.passUnretained(self).toOpaque())
    }

    /// Whether to try again after `count` failed attempts (0: the wait begins).
    func retry(after count: Int) -> Bool {
        let now = SignsOfLife.seconds()
        if count == 0 {
            began = now
            noted = false
        }
        let waited = now - began
        guard waited < timeout else { return false }
        if !noted, waited >= Self.noteAfter {
            noted = true
            SignsOfLife.note(Self.note(timeout: timeout))
        }
        let delay = count < Self.delays.count ? Self.delays[count] : 100
        sqlite3_sleep(min(delay, Int32(((timeout - waited) * 1000).rounded(.up))))
        return true
    }
}
