import Foundation
import ScortaKit

/// A throwaway PgBouncer in session mode in front of a `PostgreSQLCluster`,
/// on 127.0.0.1 and a free port, as a site's pooler would be (README,
/// "Several sites"): a pool per login, each client authenticated by the
/// pooler with its own password (SCRAM), `DISCARD ALL` between clients.
///
///     let bouncer = try PgBouncer(in: cluster, logins: ["tester": "secret"])
///     bouncer.uri(database: "scorta_…", user: "tester")   // postgresql://tester:secret@127.0.0.1:PORT/scorta_…
///
/// A command's login reaches the server unchanged (no `user=` in the
/// databases section), so `session_user` is still the person; what the
/// pooler saves is the backend: its start, and the caches and plans it
/// built for the previous command of the same login.
public final class PgBouncer: @unchecked Sendable {
    public let folder: String
    public let port: Int
    private let logins: [String: String]
    private let authentication: Authentication

    /// How the pooler lets a client in: as a site's should (`scram`: the
    /// login's password, checked by the pooler), or as the throwaway
    /// cluster behind it does (`trust`), so that a figure through the
    /// pooler differs from one without it by the pooler alone.
    public enum Authentication: String, Sendable {
        case scram = "scram-sha-256"
        case trust
    }

    /// The pooler's program: SCORTA_PGBOUNCER, else `pgbouncer` in /usr/sbin or on PATH.
    public static let binary: String? = {
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["SCORTA_PGBOUNCER"] {
            return FileManager.default.isExecutableFile(atPath: explicit) ? explicit : nil
        }
        let folders = ["/usr/sbin", "/usr/bin"] + (environment["PATH"] ?? "").split(separator: ":").map(String.init)
        return folders.map { "\($0)/pgbouncer" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Why pooler figures and tests do not run here, or nil when they can.
    public static var unavailableReason: String? {
        binary == nil ? "pgbouncer not found (install the pgbouncer package, or set SCORTA_PGBOUNCER)" : nil
    }

    /// Starts a pooler for `cluster`, letting in each of `logins` (name:
    /// password), and waits until it accepts connections.
    public init(in cluster: PostgreSQLCluster, logins: [String: String], authentication: Authentication = .scram)
        throws
    {
        guard let binary = PgBouncer.binary else {
            throw ScortaError.invalid(PgBouncer.unavailableReason ?? "no pgbouncer")
        }
        PgBouncer.removeAbandoned()
        self.logins = logins
        self.authentication = authentication
        folder =
            FileManager.default.temporaryDirectory.path + "/scorta-pgbouncer-\(getpid())-\(UUID().uuidString.prefix(8))"
        port = try PostgreSQLCluster.freePort()
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // Quoted as the auth file wants: a double quote inside is doubled.
        let userlist = logins.sorted { $0.key < $1.key }.map {
            "\"\($0.key.replacingOccurrences(of: "\"", with: "\"\""))\" \"\($0.value.replacingOccurrences(of: "\"", with: "\"\""))\"\n"
        }.joined()
        try userlist.write(toFile: folder + "/userlist.txt", atomically: true, encoding: .utf8)
        try configuration(cluster: cluster).write(toFile: folder + "/pgbouncer.ini", atomically: true, encoding: .utf8)
        // PgBouncer will not run as root: as root it runs as the cluster's
        // system user, which must read its folder.
        if getuid() == 0 {
            for path in [folder, folder + "/userlist.txt", folder + "/pgbouncer.ini"] {
                try FileManager.default.setAttributes(
                    [.ownerAccountName: "postgres", .groupOwnerAccountName: "postgres"], ofItemAtPath: path)
            }
        }
        let command =
            getuid() == 0
            ? ["/usr/sbin/runuser", "-u", "postgres", "--", binary, "-d", folder + "/pgbouncer.ini"]
            : [binary, "-d", folder + "/pgbouncer.ini"]
        let started = ChildProcess.capture(command, directory: "/")
        guard started.status == 0 else {
            throw ScortaError.invalid("pgbouncer failed (\(started.status)): \(started.stderr)\(started.stdout)\(log)")
        }
        try waitUntilListening()
    }

    /// Session mode: a client keeps one server connection from its connect
    /// to its disconnect, so a command's transaction, its named prepared
    /// statements and its pipeline are the server's as without a pooler.
    /// Waits are bounded like a command's connect timeout: a pooler whose
    /// server is down answers within seconds, never after minutes.
    private func configuration(cluster: PostgreSQLCluster) -> String {
        """
        [databases]
        * = host=127.0.0.1 port=\(cluster.port)

        [pgbouncer]
        listen_addr = 127.0.0.1
        listen_port = \(port)
        unix_socket_dir =
        auth_type = \(authentication.rawValue)
        auth_file = \(folder)/userlist.txt
        pool_mode = session
        server_reset_query = DISCARD ALL
        default_pool_size = 20
        max_client_conn = 200
        server_connect_timeout = 5
        query_wait_timeout = 10
        server_login_retry = 1
        logfile = \(folder)/pgbouncer.log
        pidfile = \(folder)/pgbouncer.pid

        """
    }

    /// A connection URI for `user` (with its password) to `database` through the pooler.
    public func uri(database: String, user: String) -> String {
        let password = authentication == .scram ? ":" + (logins[user] ?? "") : ""
        return "postgresql://\(user)\(password)@127.0.0.1:\(port)/\(database)"
    }

    /// The same database as `clusterURI` (from `PostgreSQLCluster.uri` or
    /// `createDatabase`), reached through the pooler as `user`.
    public func uri(through clusterURI: String, user: String) -> String {
        uri(database: String(clusterURI.split(separator: "/").last ?? ""), user: user)
    }

    private var log: String {
        ((try? String(contentsOfFile: folder + "/pgbouncer.log", encoding: .utf8)) ?? "").suffix(2_000).description
    }

    private func waitUntilListening() throws {
        let deadline = Clock.monotonicSeconds() + 10
        while Clock.monotonicSeconds() < deadline {
            if PgBouncer.accepts(port: port) { return }
            usleep(20_000)
        }
        throw ScortaError.invalid("pgbouncer did not start listening on port \(port) within 10 s\n\(log)")
    }

    private static func accepts(port: Int) -> Bool {
        let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }

    /// Stops the pooler (its clients are cut) and removes its folder.
    public func destroy() {
        PgBouncer.stop(folder: folder)
    }

    /// SIGKILL, not PgBouncer's SIGTERM: a pooler started from a test
    /// process inherits its blocked signals, and SIGTERM never reached one
    /// (the server's backends end when the pooler's sockets close).
    private static func stop(folder: String) {
        if let text = try? String(contentsOfFile: folder + "/pgbouncer.pid", encoding: .utf8),
            let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 1
        {
            kill(pid, SIGKILL)
            for _ in 0..<100 where kill(pid, 0) == 0 { usleep(10_000) }
        }
        try? FileManager.default.removeItem(atPath: folder)
    }

    /// Poolers of processes killed before they stopped theirs: stopped and removed.
    private static func removeAbandoned() {
        AbandonedFolders.named("scorta-pgbouncer-").forEach { stop(folder: $0) }
    }
}
