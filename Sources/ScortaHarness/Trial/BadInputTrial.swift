import Glibc
import ScortaKit

/// Bad-input sweep: generated malformed arguments and CSV files for every
/// command. Each must end with a clear one-line error (exit 1, or 64 with the
/// usage after it), never crash or hang, and leave the database unchanged.
///
/// Cases run in the real binary, in chunks: `scorta trial badinput` spawns
/// children (`--chunk`) that run their cases through the ordinary command-line
/// entry point in process (100,000 process starts would take an hour) and
/// report each case on one line. A child that dies or hangs names the case it
/// was running; the sweep goes on from the next one.
public enum BadInputTrial {
    /// One case: the arguments, and a CSV file to write first (path, bytes).
    public struct Case: Sendable {
        public let arguments: [String]
        public let file: (path: String, bytes: [UInt8])?
        public let fault: String

        public init(arguments: [String], file: (path: String, bytes: [UInt8])?, fault: String) {
            self.arguments = arguments
            self.file = file
            self.fault = fault
        }
    }

    /// Where the cases come from: the command line builds them from its own
    /// declarations (`BadInputCases` in ScortaCLI); case `i` depends only on the seed and `i`.
    public protocol Cases: Sendable {
        var commandCount: Int { get }
        func make(_ index: Int) -> Case
    }

    public static let chunkSize = 2_000

    // MARK: - The sweep (parent)

    public static func run(
        size: TrialSize, cases: some Cases, seed: UInt64 = 1, folder: String, database: String? = nil,
        progress: (String) -> Void = { _ in }
    ) throws -> TrialReport {
        var report = TrialReport(
            title: "Bad-input sweep (\(size.name)): malformed arguments and CSV rows for every command")
        let binary = ChildProcess.currentExecutable()
        let path = try TrialWorker.prepare(folder: folder, database: database)
        let environment = TrialWorker.environment(path)
        let before = try fingerprint(try Store.open(path: path), excludingAudit: true)
        var verdicts: [String: Int] = [:]
        var faults: [String: Int] = [:]
        // Accepted cases by command: a malformed input that a command takes
        // without a word deserves a look, so the report names them.
        var accepted: [String: (count: Int, example: String)] = [:]
        var next = 0
        let start = Clock.monotonicSeconds()
        while next < size.badInputCases {
            let count = min(chunkSize, size.badInputCases - next)
            let output = folder + "/chunk.out"
            let child = try ChildProcess.spawn(
                [binary, "trial", "badinput", "--chunk", "\(next):\(count)", "--seed", String(seed), "--dir", folder],
                environment: environment, output: output)
            let ending = child.wait(timeout: 120 + Double(count) * 0.1)
            var last = next - 1
            for line in ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n") {
                let parts = line.split(separator: "\t", maxSplits: 2).map(String.init)
                guard parts.count >= 2, let index = Int(parts[0]) else { continue }
                last = index
                verdicts[parts[1], default: 0] += 1
                // Faults by kind, without the CSV content that names them in problems.
                for fault in cases.make(index).fault.components(separatedBy: " + ") {
                    faults[fault.components(separatedBy: " \"").first ?? fault, default: 0] += 1
                }
                if parts[1] == "accepted" {
                    let item = cases.make(index)
                    let command = item.arguments.prefix { !$0.hasPrefix("-") }.prefix(2).joined(separator: " ")
                    let example = "\(item.fault): \(item.arguments.joined(separator: " "))"
                    accepted[command, default: (0, example)].count += 1
                }
                if parts[1] != "refused" && parts[1] != "accepted" {
                    report.problem(
                        "case \(index) (\(cases.make(index).fault)) \(cases.make(index).arguments): \(parts[1]) \(parts.count > 2 ? parts[2] : "")"
                    )
                }
            }
            if ending != .exited(0) {
                let culprit = last + 1
                let verdict = ending == nil ? "hang" : "crash"
                verdicts[verdict, default: 0] += 1
                if culprit < next + count {
                    report.problem(
                        "case \(culprit) \(cases.make(culprit).arguments): \(verdict) (\(String(describing: ending)))")
                }
                next = culprit + 1
            } else {
                next += count
            }
            if next % 20_000 < chunkSize { progress("  \(next) cases, \(report.problems.count) problems") }
        }
        // Apart from the audit entries of accepted queries that showed household data.
        let after = try fingerprint(try Store.open(path: path), excludingAudit: true)
        if before != after { report.problem("the database changed during the sweep") }
        report.figure("commands swept", cases.commandCount)
        report.figure("cases", size.badInputCases)
        report.figure("refused with a clear one-line error", verdicts["refused", default: 0])
        report.figure("accepted, nothing written (queries)", verdicts["accepted", default: 0])
        for (command, tally) in accepted.sorted(by: { $0.value.count > $1.value.count }) {
            report.figure("  accepted: \(command)", "\(tally.count), e.g. \(tally.example)")
        }
        report.figure("accepted and wrote", verdicts["wrote", default: 0])
        report.figure("unclear errors", verdicts["unclear", default: 0] + verdicts["changed", default: 0])
        report.figure("crashes / hangs", "\(verdicts["crash", default: 0]) / \(verdicts["hang", default: 0])")
        report.figure("database unchanged (content hash)", before == after ? "yes" : "NO")
        report.figure(
            "faults", faults.sorted { $0.value > $1.value }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        report.figure("seconds", String(format: "%.1f", Clock.monotonicSeconds() - start))
        return report
    }

    // MARK: - One chunk (child)

    /// Runs cases `from..<from+count` through `execute` (the CLI entry point),
    /// reporting `index<TAB>verdict[<TAB>detail]` per case on standard output.
    public static func runChunk(
        from: Int, count: Int, cases: some Cases, folder: String, database path: String,
        execute: ([String]) -> Int32
    ) throws {
        // Whatever a case might create by mistake lands in the work folder.
        guard chdir(folder) == 0 else { throw ScortaError.invalid("cannot enter \(folder)") }
        let watcher = try TrialWorker.openTrialDatabase(path)
        // An accepted query that shows household data writes its audit entry, and only that.
        let baseline = try fingerprint(watcher, excludingAudit: true)
        let report = dup(1)
        let savedError = dup(2)
        let outPath = folder + "/case.stdout"
        let errPath = folder + "/case.stderr"
        for index in from..<(from + count) {
            let item = cases.make(index)
            if let file = item.file {
                let fd = open(file.path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
                _ = file.bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                close(fd)
            }
            let version = try changeMark(watcher)
            fflush(nil)
            let out = open(outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            let err = open(errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
            dup2(out, 1)
            dup2(err, 2)
            close(out)
            close(err)
            let status = execute(item.arguments)
            fflush(nil)
            dup2(report, 1)
            dup2(savedError, 2)
            if let file = item.file { unlink(file.path) }
            var changed = try changeMark(watcher) != version
            if changed, status == 0, try fingerprint(watcher, excludingAudit: true) == baseline { changed = false }
            let stderrText = (try? readFile(errPath)) ?? ""
            let verdict = classify(status: status, stderr: stderrText, changed: changed)
            let line =
                "\(index)\t\(verdict)"
                + (verdict == "refused" || verdict == "accepted"
                    ? "" : "\tstatus \(status): \(stderrText.prefix(300).debugDescription)") + "\n"
            _ = Array(line.utf8).withUnsafeBytes { write(report, $0.baseAddress, $0.count) }
        }
    }

    /// What changes when another connection commits a write: SQLite's
    /// data_version (cheap; a change is then confirmed by the fingerprint);
    /// PostgreSQL has no such counter, so the fingerprint itself.
    static func changeMark(_ db: Database) throws -> String {
        if db.isPostgreSQL { return try fingerprint(db, excludingAudit: true) }
        return String(try db.scalar("PRAGMA data_version") ?? 0)
    }

    /// refused: exit 1 with one `Error:` line, or 64 with the usage after it,
    /// and nothing written. accepted: exit 0 and nothing written.
    static func classify(status: Int32, stderr: String, changed: Bool) -> String {
        if status == 0 { return changed ? "wrote" : "accepted" }
        if changed { return "changed" }
        let lines = stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast(
            stderr.hasSuffix("\n") ? 1 : 0)
        guard let first = lines.first, first.hasPrefix("Error: "), first.count > 7, !first.contains("SQLite error"),
            !first.contains("Fatal")
        else {
            return "unclear"
        }
        switch status {
        // An import lists every bad row under its one-line summary, each as `file:line: what is wrong`.
        case 1: return lines.dropFirst().allSatisfy(BadInputTrial.isRowProblem) ? "refused" : "unclear"
        case 64:
            return lines.dropFirst().allSatisfy { $0.hasPrefix("Usage: ") || $0.hasPrefix("  See '") }
                ? "refused" : "unclear"
        default: return "unclear"
        }
    }

    /// `file.csv:12: …` (or the closing `file.csv: … and N more`) under an import's summary.
    static func isRowProblem(_ line: Substring) -> Bool {
        guard let colon = line.range(of: ": ") else { return false }
        let head = line[..<colon.lowerBound]
        if line[colon.upperBound...].hasPrefix("… and ") { return true }
        guard let last = head.lastIndex(of: ":") else { return false }
        let number = head[head.index(after: last)...]
        return !number.isEmpty && number.allSatisfy(\.isNumber)
    }

    static func readFile(_ path: String) throws -> String {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return "" }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = read(fd, &buffer, buffer.count)
            if count <= 0 { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A hash of every row of every table: equal before and after means unchanged.
    /// `excludingAudit`: the audit log and its chain records aside (queries that show household data add to it).
    static func fingerprint(_ db: Database, excludingAudit: Bool = false) throws -> String {
        var hasher = SHA256()
        let tables = try db.makeStatement(db.dialect.tableNamesQuery).map([]) { $0.text(0) }
        for table in tables where !(excludingAudit && table == "audit") {
            hasher.update(table.utf8)
            // The audit entries are sealed: their records in the chain are set aside with them.
            let records = excludingAudit && table == "chain" ? " WHERE kind != 'audit'" : ""
            try db.makeStatement("SELECT * FROM \"\(table)\"\(records) ORDER BY 1").forEach { row in
                hasher.update(HashChain.canonical(row, (0..<row.columnCount).map { String($0) }).utf8)
            }
        }
        return SHA256.hexString(hasher.finalize())
    }
}
