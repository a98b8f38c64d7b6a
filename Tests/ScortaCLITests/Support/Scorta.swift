import Foundation
import ScortaHarness
import Testing

/// Runs the built `scorta` binary against a temporary database, the way a
/// user does. Shared by every end-to-end test.
struct ScortaRun: Sendable {
    let status: Int32
    let stdout: String
    let stderr: String
}

final class Sandbox: @unchecked Sendable {
    let folder: URL
    /// The database: a file in `folder`, or a PostgreSQL URI on the test cluster.
    let db: String
    let engine: Engine
    /// On a server the operator is the login the server let in: with this
    /// set, a run naming an operator (`--operator NAME`, SCORTA_OPERATOR)
    /// connects as that login instead (`operator add` made it), so a story
    /// that switches operators tells the same story on both engines. Off,
    /// the name is passed as typed (and a server refuses a name that is not
    /// the login: ServerIdentityStoryTests).
    var operatorsLogIn = false

    /// The binary sits next to the test bundle in the build folder; SCORTA_BIN overrides.
    static let binary: String = {
        if let path = ProcessInfo.processInfo.environment["SCORTA_BIN"] { return path }
        let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [here, here.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("scorta").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return here.appendingPathComponent("scorta").path
    }()

    /// The repository's Seeds folder, found from this source file.
    static let seeds: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Seeds").path

    static let repository: String = URL(fileURLWithPath: seeds).deletingLastPathComponent().path

    /// A fresh folder; with `initialised` a database created from the seeds
    /// (`scorta init`). On PostgreSQL the database is new on the test
    /// cluster: empty, or a copy of one `scorta init` filled once per test
    /// process and day.
    init(initialised: Bool = true, engine: Engine = .sqlite) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorta-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.engine = engine
        switch engine {
        case .sqlite:
            db = folder.appendingPathComponent("scorta.sqlite").path
            if initialised { try Sandbox.initialise(db, in: folder.path) }
        case .postgreSQL:
            let cluster = try PostgreSQLCluster.shared()
            let folder = folder.path
            db =
                try initialised
                ? cluster.seededDatabase(key: "cli_init_\(Sandbox.today)") { try Sandbox.initialise($0, in: folder) }
                : cluster.createDatabase()
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
        if engine == .postgreSQL { try? PostgreSQLCluster.shared().dropDatabase(db) }
    }

    /// Today as `scorta init` dates its seeds (SCORTA_TODAY when a test sets it for the process).
    static var today: String {
        ProcessInfo.processInfo.environment["SCORTA_TODAY"]?.replacingOccurrences(of: "-", with: "")
            ?? String(Int(Date().timeIntervalSince1970 / 86_400))
    }

    private static func initialise(_ database: String, in folder: String) throws {
        let result = execute(binary, ["init"], environment: environment(database: database), directory: folder)
        guard result.status == 0 else { throw SandboxError(message: "init failed: \(result.stderr)") }
    }

    func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    func write(_ name: String, _ text: String) throws -> String {
        let target = path(name)
        try text.write(toFile: target, atomically: true, encoding: .utf8)
        return target
    }

    /// Runs `scorta ARGS` with this sandbox's database, operator and seeds.
    @discardableResult
    func run(_ arguments: String..., input: String? = nil, environment: [String: String] = [:]) -> ScortaRun {
        run(arguments: arguments, input: input, environment: environment)
    }

    func run(arguments: [String], input: String? = nil, environment: [String: String] = [:]) -> ScortaRun {
        var arguments = arguments
        var environment = environment
        if engine == .postgreSQL, operatorsLogIn {
            var name = environment["SCORTA_OPERATOR"]
            if let flag = arguments.firstIndex(of: "--operator"), flag + 1 < arguments.count {
                name = arguments[flag + 1]
                arguments.removeSubrange(flag...flag + 1)
            }
            if let name, !name.isEmpty {
                environment["SCORTA_DB"] = login(name)
                environment["SCORTA_OPERATOR"] = ""
            }
        }
        return Sandbox.execute(
            Sandbox.binary, arguments, input: input, environment: self.environment(environment), directory: folder.path)
    }

    /// The database's URI as `name` logs in (PostgreSQL; the test cluster trusts loopback logins).
    func login(_ name: String) -> String {
        db.replacingOccurrences(of: "\(PostgreSQLCluster.superuser)@", with: "\(name)@")
    }

    /// This process's environment with the sandbox's database, operator and seeds.
    func environment(_ extra: [String: String] = [:]) -> [String: String] {
        Sandbox.environment(database: db, extra)
    }

    static func environment(database: String, _ extra: [String: String] = [:]) -> [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["SCORTA_DB"] = database
        env["SCORTA_OPERATOR"] = "tester"
        env["SCORTA_SEEDS"] = Sandbox.seeds
        for (key, value) in extra { env[key] = value }
        return env
    }

    static func execute(
        _ executable: String, _ arguments: [String], input: String? = nil,
        environment: [String: String]? = nil, directory: String? = nil
    ) -> ScortaRun {
        let result = ChildProcess.capture(
            [executable] + arguments, input: input, environment: environment, directory: directory)
        return ScortaRun(status: result.launched ? result.status : -1, stdout: result.stdout, stderr: result.stderr)
    }

    /// Every row of every table, for "nothing was written" assertions.
    func contents() -> String {
        let tables = tables()
        return tables.joined(separator: ",") + "\n"
            + tables.map { query("SELECT * FROM \($0) ORDER BY 1") }.joined(separator: "\n--\n")
    }

    func tables() -> [String] {
        let list =
            engine == .sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
        return query(list).split(separator: "\n").map(String.init)
    }

    /// One value from the database.
    func sql(_ query: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        self.query(query, sourceLocation: sourceLocation).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Each row of `query` as one line (values joined by `|`): what
    /// group_concat gave on SQLite alone.
    func rows(_ query: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
        self.query(query, sourceLocation: sourceLocation).split(separator: "\n").map(String.init)
    }

    /// Bytes written as an SQL literal from their hex digits.
    func blobLiteral(_ hex: String) -> String { engine == .sqlite ? "x'\(hex)'" : "'\\x\(hex)'::bytea" }

    /// A column that orders a table's rows by insertion, for tables without an id.
    var insertionOrder: String { engine == .sqlite ? "rowid" : "ctid" }

    /// Rows as the sqlite3 shell prints them (values joined by `|`, one row a
    /// line), from the sqlite3 shell or, on PostgreSQL, from psql.
    func query(_ query: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        engine == .sqlite
            ? Sandbox.sqlite3(db, query, sourceLocation: sourceLocation)
            : Sandbox.psql(db, query, sourceLocation: sourceLocation)
    }

    /// Runs `query` with psql from the cluster's programs, unaligned and
    /// without headers, so its rows read like the sqlite3 shell's.
    static func psql(_ uri: String, _ query: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let psql = (PostgreSQLCluster.binaries ?? "/usr/bin") + "/psql"
        let result = execute(psql, ["-X", "-q", "-A", "-t", "-F", "|", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c", query])
        if result.status != 0 {
            Issue.record(
                "psql failed (status \(result.status)) on `\(query)`: \(result.stderr)", sourceLocation: sourceLocation)
            return "<psql failed: \(result.stderr)>"
        }
        return result.stdout
    }

    /// The sqlite3 shell on PATH (SCORTA_SQLITE3 overrides), which reads the database from outside.
    static let sqlite3Shell: String =
        ProcessInfo.processInfo.environment["SCORTA_SQLITE3"]
        ?? (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map {
            "\($0)/sqlite3"
        }
        .first { FileManager.default.isExecutableFile(atPath: $0) } ?? "sqlite3 (not found on PATH)"

    /// Runs `query` with the sqlite3 shell. A shell that is missing or fails
    /// fails the test: its empty output would otherwise read as "no rows", and
    /// every "nothing was written" comparison would pass without looking.
    static func sqlite3(_ path: String, _ query: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let result = execute(sqlite3Shell, [path, query])
        if result.status != 0 {
            Issue.record(
                "sqlite3 failed (status \(result.status)) on `\(query)`: \(result.stderr)",
                sourceLocation: sourceLocation)
            return "<sqlite3 failed: \(result.stderr)>"
        }
        return result.stdout
    }
}

struct SandboxError: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
