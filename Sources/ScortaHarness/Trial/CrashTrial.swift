import Foundation
import ScortaKit

/// Crash trial: a process posting bulk documents is killed with SIGKILL at a
/// random moment, again and again (a power cut mid-command). After every kill
/// `scorta check` and `scorta verify` must be clean, every document must be
/// wholly present or wholly absent, and every document the worker reported
/// as posted must still be there.
public enum CrashTrial {
    public static func run(
        size: TrialSize, seed: UInt64 = 1, folder: String, database: String? = nil,
        progress: (String) -> Void = { _ in }
    ) throws -> TrialReport {
        var report = TrialReport(
            title: "Crash trial (\(size.name)): bulk postings killed with SIGKILL at random moments")
        let binary = ChildProcess.currentExecutable()
        let path = try TrialWorker.prepare(folder: folder, database: database)
        let environment = TrialWorker.environment(path)
        var random = SeededRandom(seed: seed)
        var killedWhilePosting = 0
        var reportedPosted = 0
        var exitedBeforeKill = 0
        let start = Clock.monotonicSeconds()
        for round in 0..<size.kills {
            let output = folder + "/worker.out"
            let workerSeed = seed &* 1_000 &+ UInt64(round)
            let child = try ChildProcess.spawn(
                [
                    binary, "trial", "worker", "--db", path, "--worker", String(round), "--seed", String(workerSeed),
                    "--count", "1000000", "--bulk"
                ], environment: environment, output: output)
            // Random moments from start-up (before the database is open) to deep in the run;
            // the worker has far more to post than it can in that time, so every kill lands.
            usleep(UInt32(random.int(0..<(random.chance(20) ? 40_000 : 600_000))))
            child.kill()
            let ending = child.wait()
            if ending != .signalled(SIGKILL) {
                exitedBeforeKill += 1
                report.problem("kill \(round + 1): the worker ended \(String(describing: ending)) before it was killed")
            }
            let outcomes = TrialWorker.outcomes((try? String(contentsOfFile: output, encoding: .utf8)) ?? "")
            if !outcomes.isEmpty { killedWhilePosting += 1 }
            reportedPosted += outcomes.values.filter { $0.0 == "ok" }.count
            for problem in try inspect(
                path: path, binary: binary, environment: environment, round: round, seed: workerSeed,
                outcomes: outcomes,
                scratch: database == nil ? nil : folder)
            {
                report.problem("after kill \(round + 1): \(problem)")
            }
            if (round + 1) % 25 == 0 { progress("  \(round + 1) kills, \(report.problems.count) problems") }
        }
        let db = try Store.open(path: path)
        report.figure("kills (SIGKILL)", size.kills)
        report.figure("kills landing after the first posting", killedWhilePosting)
        report.figure("workers that ended before their kill (none expected)", exitedBeforeKill)
        report.figure("documents reported posted, all present", reportedPosted)
        report.figure("documents in the ledger", try db.scalar("SELECT count(*) FROM document") ?? 0)
        report.figure("ledger lines", try db.scalar("SELECT count(*) FROM document_line") ?? 0)
        report.figure("check and verify after every kill", report.problems.isEmpty ? "clean" : "NOT clean")
        report.figure("seconds", String(format: "%.1f", Clock.monotonicSeconds() - start))
        return report
    }

    /// Everything that must hold after a kill.
    /// `path` is the database (a file, or a server's URI: `scratch` then names the folder for the commands' output).
    static func inspect(
        path: String, binary: String, environment: [String: String], round: Int, seed: UInt64,
        outcomes: [Int: (String, String)], scratch: String? = nil
    ) throws -> [String] {
        var problems: [String] = []
        // The real commands, as an auditor would run them.
        for command in ["check", "verify"] {
            let output = scratch.map { "\($0)/\(command).out" } ?? path + ".\(command).out"
            let child = try ChildProcess.spawn([binary, command], environment: environment, output: output)
            let ending = child.wait(timeout: 120)
            if ending != .exited(0) {
                let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
                problems.append("scorta \(command) ended \(String(describing: ending)): \(text.prefix(300))")
            }
        }
        let db = try Store.open(path: path)
        let integrity = try db.makeStatement(db.dialect.integrityCheck).map([]) { $0.text(0) }
        if integrity.prefix(1) != ["ok"] {
            problems.append("integrity check failed")
        }
        // Wholly present or absent: each document of this worker has exactly its planned lines.
        let stored = try db.query(
            """
            SELECT d.number, d.note, count(l.id), coalesce(sum(l.quantity), 0) FROM document d LEFT JOIN document_line l ON l.document_id = d.id
            WHERE d.note LIKE ? GROUP BY d.id
            """, ["trial \(round):%"]
        ) { ($0.text(0), $0.text(1), $0.int(2), $0.int(3)) }
        let lastIndex = stored.compactMap { Int($0.1.split(separator: ":").last ?? "") }.max() ?? -1
        let plan = TrialOperation.plan(seed: seed, count: lastIndex + 1, bulk: true)
        var present = Set<String>()
        for (number, note, lines, quantity) in stored {
            present.insert(number)
            guard let index = Int(note.split(separator: ":").last ?? ""), index < plan.count else {
                problems.append("\(number): unexpected note")
                continue
            }
            let planned = plan[index].lines
            if lines != planned.count || quantity != planned.reduce(0, { $0 + abs($1.quantity) }) {
                problems.append("\(number) is partial: \(lines) of \(planned.count) lines")
            }
        }
        for (index, outcome) in outcomes where outcome.0 == "ok" && !present.contains(outcome.1) {
            problems.append("\(outcome.1) (operation \(index)) was reported posted but is missing")
        }
        for (index, outcome) in outcomes where outcome.0 != "ok" && outcome.0 != "refused" {
            problems.append("operation \(index): \(outcome.0) \(outcome.1)")
        }
        return problems
    }
}
