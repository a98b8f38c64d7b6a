import Foundation
import Glibc
import ScortaKit

/// Several sites, one PostgreSQL ledger (issue 14), tried the hard way:
///
/// 1. two processes (a warehouse PC and the market till in other buildings)
///    post at once, competing for the same stock: every document numbered
///    without a gap, nothing lost, nothing crashed;
/// 2. a posting process killed with SIGKILL, again and again;
/// 3. the server stopped with `pg_ctl stop -m immediate` (a crash, as far as
///    the data knows) while a process posts, then started again;
/// 4. with the server down, and with one that answers nothing, a command
///    ends with a one-line error within the connect timeout.
///
/// After each, the real `scorta check` and `scorta verify` must be clean,
/// every document whole or absent, and every document a process reported
/// posted present. The ledger starts as the crash trial's, copied onto the
/// server with `LedgerCopy`.
public enum SitesTrial {
    /// The server under trial and how to crash and restart it.
    public struct Server {
        public let uri: String
        public let stopImmediately: () throws -> Void
        public let start: () throws -> Void
        public init(uri: String, stopImmediately: @escaping () throws -> Void, start: @escaping () throws -> Void) {
            self.uri = uri
            self.stopImmediately = stopImmediately
            self.start = start
        }
    }

    /// `binary`: the `scorta` that posts and checks (this process's own, unless a test gives the built one).
    public static func run(
        server: Server, folder: String, binary: String = ChildProcess.currentExecutable(), postingsPerSite: Int = 30,
        kills: Int = 3, seed: UInt64 = 1, progress: (String) -> Void = { _ in }
    ) throws -> TrialReport {
        var report = TrialReport(
            title: "Sites trial: two sites posting to one PostgreSQL ledger, SIGKILL, server crash, server down")
        let start = Clock.monotonicSeconds()
        let ledger = try Database(postgreSQL: server.uri)
        try LedgerCopy.copy(from: try Store.open(path: try TrialWorker.prepare(folder: folder)), into: ledger)
        // On a server the operator is the login: the one running the trial checks and verifies.
        if let login = try Operators(ledger).login(), try Operators(ledger).find(login) == nil {
            try Operators(ledger).add(login, roles: Set(Role.allCases), by: login)
        }
        let environment = ["SCORTA_DB": server.uri]
        var random = SeededRandom(seed: seed)
        var reportedPosted = 0
        // A posting worker with a long plan, past its first document (a loaded machine can take seconds to
        // start one) and then a random moment: where a kill or a crash lands.
        func startPosting(worker: Int, seed workerSeed: UInt64, output: String) throws -> ChildProcess {
            let child = try ChildProcess.spawn(
                [
                    binary, "trial", "worker", "--worker", String(worker), "--seed", String(workerSeed),
                    "--count", "1000000", "--bulk"
                ], environment: environment, output: output)
            waitForFirstPosting(output)
            usleep(UInt32(random.int(0..<400_000)))
            return child
        }

        // 1. Two sites at once.
        let sites = (0..<2).map { site in
            (worker: 1_000 + site, seed: seed &* 7_919 &+ UInt64(site), output: "\(folder)/site-\(site).out")
        }
        let children = try sites.map { site in
            try ChildProcess.spawn(
                [
                    binary, "trial", "worker", "--worker", String(site.worker), "--seed", String(site.seed),
                    "--count", String(postingsPerSite), "--bulk"
                ], environment: environment, output: site.output)
        }
        for (site, child) in zip(sites, children) {
            let ending = child.wait(timeout: 600)
            if ending != .exited(0) { report.problem("site \(site.worker) ended \(String(describing: ending))") }
            let outcomes = TrialWorker.outcomes((try? String(contentsOfFile: site.output, encoding: .utf8)) ?? "")
            if outcomes.count != postingsPerSite {
                report.problem("site \(site.worker) reported \(outcomes.count) of \(postingsPerSite) attempts")
            }
            reportedPosted += outcomes.values.filter { $0.0 == "ok" }.count
            for problem in try CrashTrial.inspect(
                path: server.uri, binary: binary, environment: environment, round: site.worker, seed: site.seed,
                outcomes: outcomes, scratch: folder)
            {
                report.problem("two sites: \(problem)")
            }
        }
        let gaps = try numberingGaps(try Store.open(path: server.uri))
        for gap in gaps { report.problem("two sites: \(gap)") }
        report.figure("two sites: documents posted at once", reportedPosted)
        report.figure("two sites: numbering", gaps.isEmpty ? "gapless" : "GAPS")
        progress("  two sites: \(reportedPosted) documents posted")

        // 2. A posting process killed with SIGKILL.
        var killedWhilePosting = 0
        for kill in 0..<kills {
            let worker = 2_000 + kill
            let workerSeed = seed &* 1_000 &+ UInt64(worker)
            let output = "\(folder)/kill-\(kill).out"
            let child = try startPosting(worker: worker, seed: workerSeed, output: output)
            child.kill()
            if child.wait(timeout: 60) != .signalled(SIGKILL) {
                report.problem("kill \(kill + 1): the worker ended before it was killed")
            }
            let outcomes = TrialWorker.outcomes((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
            if !outcomes.isEmpty { killedWhilePosting += 1 }
            reportedPosted += outcomes.values.filter { $0.0 == "ok" }.count
            for problem in try CrashTrial.inspect(
                path: server.uri, binary: binary, environment: environment, round: worker, seed: workerSeed,
                outcomes: outcomes, scratch: folder)
            {
                report.problem("after kill \(kill + 1): \(problem)")
            }
        }
        report.figure("clients killed with SIGKILL while posting", "\(killedWhilePosting) of \(kills)")
        progress("  \(kills) clients killed")

        // 3. The server crashes under a posting process, then comes back.
        let worker = 3_000
        let workerSeed = seed &* 1_000 &+ UInt64(worker)
        let output = "\(folder)/crash.out"
        let child = try startPosting(worker: worker, seed: workerSeed, output: output)
        try server.stopImmediately()
        // Each attempt after the crash fails at once; the worker's plan is long, so it is stopped here.
        usleep(200_000)
        child.kill()
        _ = child.wait(timeout: 60)
        let down = try oneLineErrorWithinTimeout(binary: binary, uri: server.uri, folder: folder)
        try server.start()
        var outcomes = TrialWorker.outcomes((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
        // A posting interrupted by the crash reports an error ("the server closed the connection",
        // "whether this command was recorded is unknown"); it must then be whole or absent, which inspect proves.
        let interrupted = outcomes.filter { $0.value.0 != "ok" && $0.value.0 != "refused" }
        for index in interrupted.keys { outcomes[index] = ("refused", "interrupted by the server's crash") }
        reportedPosted += outcomes.values.filter { $0.0 == "ok" }.count
        for problem in try CrashTrial.inspect(
            path: server.uri, binary: binary, environment: environment, round: worker, seed: workerSeed,
            outcomes: outcomes, scratch: folder)
        {
            report.problem("after the server's crash: \(problem)")
        }
        report.figure(
            "server stopped -m immediate mid-posting",
            "\(outcomes.values.filter { $0.0 == "ok" }.count) documents posted before, \(interrupted.count) attempts cut off"
        )
        if let problem = down.problem { report.problem("server down: \(problem)") }
        report.figure(
            "server down: a command's answer", "\(String(format: "%.2f", down.seconds)) s, \"\(down.message)\"")

        // 4. A server that accepts the connection and then answers nothing (a network that drops).
        let silent = try silentServerError(binary: binary, folder: folder, timeout: 2)
        if let problem = silent.problem { report.problem("silent server: \(problem)") }
        report.figure(
            "silent server, connect_timeout=2: answer",
            "\(String(format: "%.2f", silent.seconds)) s, \"\(silent.message)\"")

        let db = try Store.open(path: server.uri)
        report.figure("documents reported posted, all present", reportedPosted)
        report.figure("documents in the ledger", try db.scalar("SELECT count(*) FROM document") ?? 0)
        report.figure("check and verify after each", report.problems.isEmpty ? "clean" : "NOT clean")
        report.figure("seconds", String(format: "%.1f", Clock.monotonicSeconds() - start))
        return report
    }

    /// Waits (at most a minute) until a worker has reported its first attempt.
    static func waitForFirstPosting(_ output: String) {
        let deadline = Clock.monotonicSeconds() + 60
        while Clock.monotonicSeconds() < deadline {
            if let text = try? String(contentsOfFile: output, encoding: .utf8), text.contains("\n") { return }
            usleep(20_000)
        }
    }

    /// Each type's numbers of each year, 1 to the last one, none missing.
    static func numberingGaps(_ db: Database) throws -> [String] {
        var numbers: [String: Set<Int>] = [:]
        try db.prepare("SELECT number FROM document").forEach { row in
            let parts = row.text(0).split(separator: "-")
            guard parts.count == 3, let sequence = Int(parts[2]) else { return }
            numbers["\(parts[0])-\(parts[1])", default: []].insert(sequence)
        }
        return numbers.sorted { $0.key < $1.key }.compactMap { series, taken in
            let missing = Set(1...(taken.max() ?? 0)).subtracting(taken)
            return missing.isEmpty
                ? nil : "\(series) misses \(missing.sorted().prefix(5).map(String.init).joined(separator: ", "))"
        }
    }

    struct Answer {
        var seconds: Double
        var message: String
        var problem: String?
    }

    /// Runs `scorta stock` against `uri` and expects a refusal on one line, soon.
    static func commandAnswer(binary: String, uri: String, folder: String, limit: Double) throws -> Answer {
        let output = "\(folder)/down.out"
        let began = Clock.monotonicSeconds()
        let child = try ChildProcess.spawn([binary, "stock", "--db", uri], environment: [:], output: output)
        let ending = child.wait(timeout: limit + 30)
        let seconds = Clock.monotonicSeconds() - began
        if ending == nil {
            child.kill()
            _ = child.wait()
        }
        let text = ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").trimmingCharacters(
            in: .whitespacesAndNewlines)
        var answer = Answer(seconds: seconds, message: text)
        if ending == nil {
            answer.problem = "still waiting after \(Int(limit + 30)) s: a hang"
        } else if ending != .exited(1) {
            answer.problem = "ended \(String(describing: ending)), not with status 1"
        } else if text.split(separator: "\n").count != 1 || !text.hasPrefix("Error: ") {
            answer.problem = "not one 'Error:' line: \(text.prefix(300))"
        } else if seconds > limit {
            answer.problem = "took \(String(format: "%.1f", seconds)) s, more than \(limit) s"
        }
        return answer
    }

    static func oneLineErrorWithinTimeout(binary: String, uri: String, folder: String) throws -> Answer {
        try commandAnswer(
            binary: binary, uri: uri, folder: folder,
            limit: Double(PostgreSQLConnection.defaultConnectTimeoutSeconds) + 5)
    }

    /// A server behind a network that stopped passing packets (`SilentListener`).
    static func silentServerError(binary: String, folder: String, timeout: Int) throws -> Answer {
        let listener = try SilentListener()
        // The listener must outlive the command: closed early, it would refuse instead of staying silent.
        return try withExtendedLifetime(listener) {
            try commandAnswer(
                binary: binary,
                uri: "postgresql://nobody@127.0.0.1:\(listener.port)/scorta?connect_timeout=\(timeout)&sslmode=disable",
                folder: folder, limit: Double(timeout) + 5)
        }
    }
}
