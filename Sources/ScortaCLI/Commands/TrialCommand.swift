import Foundation
import ScortaHarness
import ScortaKit

/// Rerunnable proof that the ledger survives crashes, concurrent writers and
/// bad input. Prints figures; exit status 1 when a trial finds a problem.
enum TrialCommand: TopLevelCommand {
    static let commandName = "trial"
    static let spec = CommandSpec(
        name: commandName,
        abstract: "Prove the ledger under crashes, concurrent writers and bad input (prints figures).",
        discussion: """
            Each trial works on its own temporary database and spawns this very binary; with --db postgresql://… (or
            service=NAME) it works in that PostgreSQL database instead, which must be empty.
            --size small runs in seconds (the tests run it); --size full is the size the figures in the README come
            from (use a release build: swift build -c release && .build/release/scorta trial crash --size full).
            """,
        subcommands: [crash, concurrency, badinput, worker])

    static let size = Option("--size", .oneOf("size", ["small", "full"]), "small (default) or full.")
    static let seed = Option(
        "--seed", .number(0...Int.max), "Seed of the random choices (default 1): the same seed repeats the same trial.")
    static let folder = Option(
        "--dir", .directory("folder"),
        "Work folder (default: a new temporary folder, removed afterwards unless --keep).")
    static let keep = Flag("--keep", "Keep the work folder.")
    static let options: [any OptionDeclaration] = [size, seed, folder, keep]
    static let chunk = Option(
        "--chunk",
        ValueKind<Range<Int>>("from:count") { text in
            let parts = text.split(separator: ":").compactMap { Int($0) }
            guard parts.count == 2, parts[0] >= 0, parts[1] > 0, parts[1] <= Int.max - parts[0] else {
                throw ValueError(message: "must be FROM:COUNT")
            }
            return parts[0]..<(parts[0] + parts[1])
        }, "Run only these cases and report each (used by the sweep).")

    static let crash = CommandSpec(
        name: "crash",
        abstract: "Kill bulk postings with SIGKILL at random moments; check and verify after every kill.",
        discussion:
            "Full size: 200 kills. After each: scorta check and scorta verify clean, every document whole or absent,\nevery document reported posted still present.",
        options: options
    ) { parsed in
        try runTrial(parsed) { size, seed, folder in
            try CrashTrial.run(size: size, seed: seed, folder: folder, database: server(parsed)) { Output.line($0) }
        }
    }

    static let concurrency = CommandSpec(
        name: "concurrency",
        abstract: "Four processes posting on the same items at once; no lost update, no negative stock.",
        discussion: "Full size: 10,000 documents attempted by 4 processes (transfers, receipts, adjustments).",
        options: options
    ) { parsed in
        try runTrial(parsed) { size, seed, folder in
            try ConcurrencyTrial.run(size: size, seed: seed, folder: folder, database: server(parsed))
        }
    }

    static let badinput = CommandSpec(
        name: "badinput",
        abstract: "Malformed arguments and CSV rows for every command: clear errors, nothing written.",
        discussion:
            "Full size: 100,000 cases. --chunk is used by the sweep itself to run a range of cases in a child process.",
        options: options + [chunk]
    ) { parsed in
        let root = Commands.root
        if let chunk = parsed[chunk] {
            let parser = CommandParser(root: root, globalOptions: Commands.globalOptions)
            guard let folder = parsed[folder] else { throw UsageError("Missing value for '--dir <folder>'") }
            try BadInputTrial.runChunk(
                from: chunk.lowerBound, count: chunk.count,
                cases: BadInputCases(root: root, folder: folder, seed: seed(parsed)),
                folder: folder, database: parsed.databasePath
            ) {
                CLI.main(parser: parser, arguments: $0)
            }
            return
        }
        try runTrial(parsed) { size, seed, folder in
            try BadInputTrial.run(
                size: size, cases: BadInputCases(root: root, folder: folder, seed: seed), seed: seed, folder: folder,
                database: server(parsed)
            ) { Output.line($0) }
        }
    }

    static let worker = CommandSpec(
        name: "worker", abstract: "Post a trial's planned documents, one line per attempt (used by the trials).",
        options: [workerNumber, workerSeed, workerCount, bulk]
    ) { parsed in
        try TrialWorker.run(
            database: parsed.databasePath, worker: parsed[workerNumber], seed: UInt64(parsed[workerSeed]),
            count: parsed[workerCount], bulk: parsed[bulk])
    }

    static let workerNumber = Required("--worker", .number(0...1_000_000), "Worker number.")
    static let workerSeed = Required("--seed", .number(0...Int.max), "Seed of the plan.")
    static let workerCount = Required("--count", .number(1...1_000_000), "Documents to attempt.")
    static let bulk = Flag("--bulk", "Large documents (crash trial).")

    /// The PostgreSQL database a trial runs in, when --db names one (a
    /// file --db is left alone: trials make their own file in the work folder).
    static func server(_ parsed: ParsedCommand) -> String? {
        parsed[Commands.db].flatMap { Store.isPostgreSQL($0) ? $0 : nil }
    }

    static func seed(_ parsed: ParsedCommand) -> UInt64 {
        UInt64(parsed[seed] ?? 1)
    }

    /// Sets up the work folder, runs the trial, prints its report; a failed trial exits 1.
    static func runTrial(_ parsed: ParsedCommand, _ body: (TrialSize, UInt64, String) throws -> TrialReport) throws {
        let size = try TrialSize.named(parsed[size] ?? "small")
        let given = parsed[folder]
        let folder = given ?? (NSTemporaryDirectory() + "scorta-trial-\(getpid())")
        guard !FileManager.default.fileExists(atPath: folder + "/trial.sqlite") else {
            throw ScortaError.refused("\(folder) already holds a trial database; give another --dir")
        }
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { if !parsed[keep] && given == nil { try? FileManager.default.removeItem(atPath: folder) } }
        Output.line("scorta \(Scorta.version), \(Machine.describe())")
        let report = try body(size, seed(parsed), folder)
        Output.write(report.text())
        guard report.passed else {
            throw ScortaError.refused("the \(parsed.path.last ?? "") trial found \(report.problems.count) problem(s)")
        }
    }
}
