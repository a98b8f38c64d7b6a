import Foundation
import ScortaKit

/// A throwaway PostgreSQL server for the tests: its own data folder under
/// the temporary folder, listening on 127.0.0.1 only, on a free port, with
/// trust authentication for local connections, stopped (and its folder
/// removed) when the test process exits.
///
///     let uri = try PostgreSQLCluster.shared().createDatabase()   // postgresql://tester@127.0.0.1:PORT/scorta_…
///
/// Started here rather than by `.ci/run` so that `swift test` is the same
/// command on a laptop and in CI: no server to remember to start, no port
/// or data shared with another run or another checkout, no state left from
/// the previous run. `.ci/run` only installs the server package. One
/// cluster per test process (initdb costs seconds); each test makes its own
/// database in it.
///
/// PostgreSQL refuses to run as root: as root the cluster belongs to the
/// `postgres` system user (the Debian package creates it) and its programs
/// run through `runuser`.
public final class PostgreSQLCluster: @unchecked Sendable {
    public let folder: String
    public let port: Int
    let binaries: String

    /// The server programs (initdb, pg_ctl): SCORTA_PG_BIN, else the newest
    /// Debian `/usr/lib/postgresql/N/bin`, else `pg_ctl` on PATH.
    public static let binaries: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["SCORTA_PG_BIN"] { return explicit }
        let debian = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: debian)) ?? []).compactMap(Int.init)
            .sorted()
        for version in versions.reversed()
        where FileManager.default.isExecutableFile(atPath: "\(debian)/\(version)/bin/initdb") {
            return "\(debian)/\(version)/bin"
        }
        for folder in (environment["PATH"] ?? "").split(separator: ":")
        where FileManager.default.isExecutableFile(atPath: "\(folder)/initdb") {
            return String(folder)
        }
        return nil
    }()

    /// Why PostgreSQL tests do not run here, or nil when they can. Skipped
    /// tests say it; with SCORTA_REQUIRE_TOOLS=1 (CI) they run and fail instead.
    public static var unavailableReason: String? {
        binaries == nil
            ? "PostgreSQL server programs not found (install postgresql, or set SCORTA_PG_BIN): PostgreSQL tests skipped"
            : nil
    }

    /// Whether PostgreSQL tests should run: the server is installed, or CI requires them.
    public static var enabled: Bool {
        binaries != nil || ProcessInfo.processInfo.environment["SCORTA_REQUIRE_TOOLS"] == "1"
    }

    // MARK: - The shared cluster

    nonisolated(unsafe) private static var running: PostgreSQLCluster?
    private static let lock = NSLock()

    /// The test process's cluster, started on first use.
    public static func shared() throws -> PostgreSQLCluster {
        lock.lock()
        defer { lock.unlock() }
        if let running { return running }
        removeAbandoned()
        let cluster = try PostgreSQLCluster()
        running = cluster
        atexit { PostgreSQLCluster.running?.destroy() }
        return cluster
    }

    nonisolated(unsafe) private static var dedicatedClusters: [PostgreSQLCluster] = []

    /// A cluster of its own, for a test that stops the server (a crash
    /// mid-posting) while other tests use the shared one; stopped and
    /// removed when the test process exits, or with `destroy`.
    public static func dedicated() throws -> PostgreSQLCluster {
        let cluster = try PostgreSQLCluster()
        lock.lock()
        defer { lock.unlock() }
        if dedicatedClusters.isEmpty { atexit { PostgreSQLCluster.dedicatedClusters.forEach { $0.destroy() } } }
        dedicatedClusters.append(cluster)
        return cluster
    }

    private init() throws {
        guard let binaries = PostgreSQLCluster.binaries else {
            throw ScortaError.invalid(PostgreSQLCluster.unavailableReason ?? "no PostgreSQL")
        }
        self.binaries = binaries
        folder = FileManager.default.temporaryDirectory.path + "/scorta-pg-\(getpid())-\(UUID().uuidString.prefix(8))"
        port = try PostgreSQLCluster.freePort()
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        if getuid() == 0 {
            try FileManager.default.setAttributes(
                [.ownerAccountName: "postgres", .groupOwnerAccountName: "postgres"], ofItemAtPath: folder)
        }
        // No fsync: a test cluster's data is thrown away, and the kill tests
        // stop the server, not the machine (the page cache survives).
        try run(
            "initdb",
            [
                "-D", dataFolder, "-U", PostgreSQLCluster.superuser, "-A", "trust", "-E", "UTF8", "--no-locale",
                "--no-sync"
            ])
        try start()
    }

    var dataFolder: String { folder + "/data" }

    /// Starts the server and waits until it accepts connections.
    public func start() throws {
        try run(
            "pg_ctl",
            [
                "-D", dataFolder, "-l", folder + "/server.log", "-w", "-t", "60", "start",
                "-o", "-k \(folder) -c listen_addresses=127.0.0.1 -p \(port) -c fsync=off -c max_connections=100"
            ])
    }

    /// Stops the server; `immediate` is a crash as far as the data is concerned
    /// (no checkpoint, recovery on the next start).
    public func stop(immediate: Bool = false) throws {
        try run("pg_ctl", ["-D", dataFolder, "-w", "-m", immediate ? "immediate" : "fast", "stop"])
    }

    /// The cluster's superuser, which owns the tests' databases. On a server
    /// the operator is the login, so it is named like the operator the tests
    /// post as (SCORTA_OPERATOR=tester, `TestDatabase.on`).
    public static let superuser = "tester"

    /// A connection URI for `user` (the superuser unless given) to `database`.
    public func uri(database: String, user: String = PostgreSQLCluster.superuser) -> String {
        "postgresql://\(user)@127.0.0.1:\(port)/\(database)"
    }

    /// A new empty database for one test, owned by the superuser.
    public func createDatabase() throws -> String {
        let name = PostgreSQLCluster.newDatabaseName()
        try PostgreSQLConnection(uri(database: "postgres")).execute("CREATE DATABASE \(name)")
        return uri(database: name)
    }

    /// A new database for one test, a copy of a template filled once per
    /// test process and `key` by `fill` (given the template's URI): seeding
    /// a ledger over the wire costs hundreds of round trips, copying a
    /// template on the server costs a few milliseconds. `fill` must leave
    /// no connection open to the template (PostgreSQL copies only an idle one).
    public func seededDatabase(key: String, fill: (String) throws -> Void) throws -> String {
        let template = try templateDatabase(key: key, fill: fill)
        let name = PostgreSQLCluster.newDatabaseName()
        try PostgreSQLConnection(uri(database: "postgres")).execute("CREATE DATABASE \(name) TEMPLATE \(template)")
        return uri(database: name)
    }

    private var templates: [String: String] = [:]
    private let templateLock = NSLock()

    private func templateDatabase(key: String, fill: (String) throws -> Void) throws -> String {
        templateLock.lock()
        defer { templateLock.unlock() }
        if let made = templates[key] { return made }
        let name = "template_" + key.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
        let admin = try PostgreSQLConnection(uri(database: "postgres"))
        try admin.execute("DROP DATABASE IF EXISTS \(name)")
        try admin.execute("CREATE DATABASE \(name)")
        do {
            try fill(uri(database: name))
        } catch {
            _ = try? admin.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            throw error
        }
        templates[key] = name
        return name
    }

    /// Drops a test's database (`uri` from `createDatabase` or
    /// `seededDatabase`), ending any connection still open to it, so a long
    /// test run does not fill the disk with copies.
    public func dropDatabase(_ databaseURI: String) {
        guard let name = databaseURI.split(separator: "/").last.map(String.init), name.hasPrefix("scorta_") else {
            return
        }
        _ = try? PostgreSQLConnection(uri(database: "postgres")).execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
    }

    static func newDatabaseName() -> String {
        "scorta_" + UUID().uuidString.prefix(13).lowercased().replacingOccurrences(of: "-", with: "")
    }

    // MARK: - Programs

    private func run(_ program: String, _ arguments: [String]) throws {
        let command =
            getuid() == 0
            ? ["/usr/sbin/runuser", "-u", "postgres", "--", "\(binaries)/\(program)"] : ["\(binaries)/\(program)"]
        let result = ChildProcess.capture(command + arguments, directory: "/")
        guard result.status == 0 else {
            let log = (try? String(contentsOfFile: folder + "/server.log", encoding: .utf8)) ?? ""
            throw ScortaError.invalid(
                "\(program) failed (\(result.status)): \(result.stderr)\(result.stdout)\n\(log.suffix(2_000))")
        }
    }

    public func destroy() {
        try? stop(immediate: true)
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Clusters of test processes that were killed before their exit handler
    /// ran: stopped and removed, so killed runs do not pile up servers.
    private static func removeAbandoned() {
        for folder in AbandonedFolders.named("scorta-pg-") {
            if let postmaster = try? String(contentsOfFile: folder + "/data/postmaster.pid", encoding: .utf8),
                let pid = postmaster.split(separator: "\n").first.flatMap({ pid_t($0) })
            {
                kill(pid, SIGQUIT)  // PostgreSQL's immediate shutdown
            }
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// A TCP port nobody listens on now (the kernel's choice for port 0).
    public static func freePort() throws -> Int {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else {
            throw ScortaError.invalid("cannot make a socket: \(String(cString: strerror(errno)))")
        }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0
            }
        }
        guard bound else { throw ScortaError.invalid("cannot find a free port: \(String(cString: strerror(errno)))") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
