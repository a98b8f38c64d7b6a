import Foundation
import ScortaKit
import ScortaHarness

/// Rerunnable proof that the ledger survives crashes, concurrent writers and
/// bad input. Prints figures; exit status 1 when a trial finds a problem.
enum TrialCommand {
    static let spec = CommandSpec(
        name: "trial", abstract: "Prove the ledger under crashes, concurrent writers and bad input (prints figures).",
        discussion: """
            Each trial works on its own temporary database and spawns this very binary.
            --size small runs in seconds (the tests run it); --size full is the size the figures in the README come
            from (use a release build: swift build -c release && .build/release/scorta trial crash --size full).
            """,
        subcommands: [crash, concurrency, badinput, worker])

    static let options: [CommandSpec.Option] = [
        .value("--size", "size", "small (default) or full."),
        .value("--seed", "n", "Seed of the random choices (default 1): the same seed repeats the same trial."),
        .value("--dir", "folder", "Work folder (default: a new temporary folder, removed afterwards unless --keep)."),
        .flag("--keep", "Keep the work folder."),
    ]

    static let crash = CommandSpec(
        name: "crash", abstract: "Kill bulk postings with SIGKILL at random moments; check and verify after every kill.",
        discussion: "Full size: 200 kills. After each: scorta check and scorta verify clean, every document whole or absent,\nevery document reported posted still present.",
        options: options
    ) { parsed in
        try runTrial(parsed) { size, seed, folder in
            try CrashTrial.run(size: size, seed: seed, folder: folder) { Output.line($0) }
        }
    }

    static let concurrency = CommandSpec(
        name: "concurrency", abstract: "Four processes posting on the same items at once; no lost update, no negative stock.",
        discussion: "Full size: 10,000 documents attempted by 4 processes (transfers, receipts, adjustments).",
        options: options
    ) { parsed in
        try runTrial(parsed) { size, seed, folder in try ConcurrencyTrial.run(size: size, seed: seed, folder: folder) }
    }

    static let badinput = CommandSpec(
        name: "badinput", abstract: "Malformed arguments and CSV rows for every command: clear errors, nothing written.",
        discussion: "Full size: 100,000 cases. --chunk is used by the sweep itself to run a range of cases in a child process.",
        options: options + [.value("--chunk", "from:count", "Run only these cases and report each (used by the sweep).")]
    ) { parsed in
        let root = Commands.root
        if let chunk = parsed.value("--chunk") {
            let parts = chunk.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 0, parts[1] > 0 else { throw ScortaError.usage("--chunk must be FROM:COUNT") }
            let parser = CommandParser(root: root, globalOptions: Commands.globalOptions)
            let folder = try parsed.require("--dir", "folder")
            try BadInputTrial.runChunk(from: parts[0], count: parts[1], cases: BadInputCases(root: root, folder: folder, seed: try seed(parsed)),
                                       folder: folder, database: parsed.databasePath) {
                CLI.main(parser: parser, arguments: $0)
            }
            return
        }
        try runTrial(parsed) { size, seed, folder in
            try BadInputTrial.run(size: size, cases: BadInputCases(root: root, folder: folder, seed: seed), seed: seed, folder: folder) { Output.line($0) }
        }
    }

    static let worker = CommandSpec(
        name: "worker", abstract: "Post a trial's planned documents, one line per attempt (used by the trials).",
        options: [.value("--worker", "n", "Worker number."), .value("--seed", "n", "Seed of the plan."),
                  .value("--count", "n", "Documents to attempt."), .flag("--bulk", "Large documents (crash trial).")],
        required: ["--worker", "--seed", "--count"]
    ) { parsed in
        try TrialWorker.run(database: parsed.databasePath, worker: try parsed.int("--worker", range: 0...1_000_000) ?? 0,
                            seed: try seed(parsed), count: try parsed.int("--count", range: 1...1_000_000) ?? 1, bulk: parsed.flag("--bulk"))
    }

    static func seed(_ parsed: ParsedCommand) throws -> UInt64 {
        UInt64(try parsed.int("--seed", range: 0...Int.max) ?? 1)
    }

    /// Sets up the work folder, runs the trial, prints its report; a failed trial exits 1.
    static func runTrial(_ parsed: ParsedCommand, _ body: (TrialSize, UInt64, String) throws -> TrialReport) throws {
        let size = try TrialSize.named(parsed.value("--size") ?? "small")
        let folder = parsed.value("--dir") ?? (NSTemporaryDirectory() + "scorta-trial-\(getpid())")
        guard !FileManager.default.fileExists(atPath: folder + "/trial.sqlite") else {
            throw ScortaError.refused("\(folder) already holds a trial database; give another --dir")
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { if !parsed.flag("--keep") && parsed.value("--dir") == nil { try? FileManager.default.removeItem(atPath: folder) } }
        Output.line("scorta \(Scorta.version), \(Machine.describe())")
        let report = try body(size, try seed(parsed), folder)
        Output.write(report.text())
        guard report.passed else { throw ScortaError.refused("the \(parsed.path.last ?? "") trial found \(report.problems.count) problem(s)") }
    }
}
