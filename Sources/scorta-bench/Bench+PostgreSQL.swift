import Foundation
import ScortaHarness
import ScortaKit

/// The same figures on PostgreSQL, side by side in the same run (issue 14):
/// a throwaway server on the loopback interface (`PostgreSQLCluster`, the
/// tests' own), or the empty database `--postgresql URI` names. Loopback
/// measures the engine and the round trips, not a network: a site across
/// town adds its own latency to every statement.
extension Bench {
    /// `--postgresql URI` (an empty database), `--no-postgresql`, else a loopback cluster when the server programs are installed.
    var postgreSQLTarget: String?? {
        let arguments = CommandLine.arguments
        if arguments.contains("--no-postgresql") { return .some(nil) }
        if let index = arguments.firstIndex(of: "--postgresql"), index + 1 < arguments.count {
            return .some(arguments[index + 1])
        }
        return nil
    }

    func postgreSQLFigures(_ sqlite: Database) -> [Figure] {
        do {
            return try measurePostgreSQL(sqlite)
        } catch {
            return [Figure(name: "PostgreSQL figures", value: "FAILED: \(error)", peakKilobytes: nil, target: "")]
        }
    }

    /// The server to measure on, or nil (with a figure saying why) when there is none.
    private func serverTarget() throws -> (uri: String?, skipped: [Figure]) {
        switch postgreSQLTarget {
        case .some(.none):
            return (nil, [])
        case .some(.some(let given)):
            return (given, [])
        case .none:
            guard PostgreSQLCluster.binaries != nil else {
                return (
                    nil,
                    [
                        Figure(
                            name: "PostgreSQL figures", value: "skipped: \(PostgreSQLCluster.unavailableReason ?? "")",
                            peakKilobytes: nil, target: "")
                    ]
                )
            }
            return (try PostgreSQLCluster.shared().createDatabase(), [])
        }
    }

    /// `--only postgresql-dataset`: the dataset posted on the server alone (no
    /// SQLite ledger, no commands timed), to watch how posting there keeps
    /// up as the ledger grows.
    func serverDatasetFigures() throws -> [Figure] {
        let (target, skipped) = try serverTarget()
        guard let uri = target else { return skipped }
        print("  PostgreSQL: \(Store.displayName(uri))")
        fflush(nil)
        let login = try Operators(try Database(postgreSQL: uri)).login() ?? "bench"
        return [try postServerDataset(uri, login: login).figure]
    }

    /// The dataset through the posting path on the server, as on SQLite.
    private func postServerDataset(_ uri: String, login: String) throws -> (server: Database, figure: Figure) {
        let seeds = try SeedFiles.locate(explicit: nil, executablePath: CommandLine.arguments[0])
        let server = try Store.create(
            path: uri, seeds: seeds, date: CivilDate(year: year - size.historyYears, month: 1, day: 1)!,
            firstOperator: login)
        var generator = DatasetGenerator(db: server, size: size, year: year)
        let start = Clock.monotonicSeconds()
        try generator.build {
            print("  PostgreSQL: \($0)")
            fflush(nil)
        }
        let seconds = Clock.monotonicSeconds() - start
        // As after any bulk load: statistics and the visibility map now, not when the server's autovacuum
        // gets round to them (its workers ran every minute of the load; one vacuuming what the load left
        // while the commands are timed would take one of a small machine's cores from them). In service
        // autovacuum keeps up with a day's posting.
        try server.execute("VACUUM ANALYZE")
        let lines = try generator.lineCount()
        let documents = Int(try server.scalar("SELECT count(*) FROM document") ?? 0)
        let figure = Figure(
            name: "PostgreSQL: dataset posting (in process)",
            value:
                "\(lines) lines, \(documents) documents in \(format(seconds)) s = \(Int(Double(lines) / seconds)) lines/s",
            peakKilobytes: Clock.peakKilobytes(), target: "")
        return (server, figure)
    }

    private func measurePostgreSQL(_ sqlite: Database) throws -> [Figure] {
        let (target, skipped) = try serverTarget()
        guard let uri = target else { return skipped }
        print("\n  PostgreSQL: \(Store.displayName(uri))")
        fflush(nil)
        var figures: [Figure] = []
        // The operator is the login there: it creates the ledger and runs the commands.
        let login = try Operators(try Database(postgreSQL: uri)).login() ?? "bench"
        let server: Database
        if size.name == "region" {
            // Hours over the wire statement by statement: the region's ledger is copied (scorta copy) instead.
            let start = Clock.monotonicSeconds()
            server = try Database(postgreSQL: uri)
            let copied = try LedgerCopy.copy(from: sqlite, into: server)
            if try Operators(server).find(login) == nil {
                try Operators(server).add(login, roles: Set(Role.allCases), by: login)
            }
            let seconds = Clock.monotonicSeconds() - start
            figures.append(
                Figure(
                    name: "PostgreSQL: region ledger copied (scorta copy)",
                    value: "\(copied.rows) rows in \(format(seconds)) s (copied, not posted), head equal",
                    peakKilobytes: Clock.peakKilobytes(), target: ""))
        } else {
            let posted = try postServerDataset(uri, login: login)
            server = posted.server
            figures.append(posted.figure)
        }
        let environment = ["SCORTA_DB": uri, "SCORTA_OPERATOR": ""]
        func figure(
            _ name: String, _ result: ProcessMeasurement, of runs: String, target: String = "", limit: Double? = nil
        ) -> Figure {
            var verdicts: [String] = []
            if let limit { verdicts.append(result.seconds <= limit ? "met" : "MISSED") }
            if result.peakKilobytes > 150 * 1024 { verdicts.append("memory over 150 MiB") }
            let shown = result.seconds < 1 ? "\(format(result.seconds * 1000)) ms" : "\(format(result.seconds)) s"
            return Figure(
                name: name,
                value: result.status == 0 ? "\(shown) (median of \(runs))" : "FAILED (exit \(result.status))",
                peakKilobytes: result.peakKilobytes,
                target: target + (verdicts.isEmpty ? "" : ": " + verdicts.joined(separator: ", ")))
        }
        func time(
            _ name: String, _ arguments: [String], repeats: Int, target: String = "", limit: Double? = nil
        ) -> (Figure, ProcessMeasurement) {
            let result = ProcessMeasurement.median(repeats, [scorta] + arguments, environment: environment)
            return (figure(name, result, of: "\(repeats)", target: target, limit: limit), result)
        }
        // The one-shot commands' targets sit a few milliseconds above what they take, and a median of
        // three runs moved by more than that from one run of the benchmark to the next (a checkout's from
        // 29.8 to 43.2 ms in five runs on a quiet machine): 21, as the till's and the pooler's figures take.
        let oneShotRepeats = max(21, size.repeats)
        figures.append(
            time(
                "PostgreSQL: stock query (one item, market)", ["stock", "--at", "EMP", "--item", "IG-SAP", "--json"],
                repeats: oneShotRepeats, target: "< 30 ms", limit: 0.030
            ).0)
        figures.append(
            time(
                "PostgreSQL: single transfer (one line)", ["transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:1"],
                repeats: oneShotRepeats, target: "< 30 ms", limit: 0.030
            ).0)
        switch registerHousehold(environment: environment, output: folder + "/household-pg.json") {
        case .success(let code):
            figures.append(
                time(
                    "PostgreSQL: market checkout (one line)", ["market", "checkout", "--card", code, "AL-PAS:1"],
                    repeats: oneShotRepeats, target: "< 30 ms", limit: 0.030
                ).0)
        case .failure(let failed):
            figures.append(
                Figure(
                    name: "PostgreSQL: market checkout (one line)", value: "\(failed)", peakKilobytes: nil, target: ""))
        }
        figures.append(
            tillFigure(
                "PostgreSQL: market checkout at the till (from 'done' to the receipt)", environment: environment,
                registration: folder + "/household-till-pg.json", repeats: max(21, size.repeats)))
        figures += pooledFigures(uri, login: login, environment: environment)
        // The year-end report on both engines, run in turn, and their ratio: three runs on one engine, then
        // three on the other, moved the ratio from 1.58 to 2.65 between runs of one build on a shared machine.
        let period = [scorta, "report", "fead", "--from", "\(year)-01-01", "--to", "\(year)-12-31", "--json"]
        let rounds = max(9, size.repeats / 3)
        let pair = ProcessMeasurement.interleavedMedians(
            rounds, [(arguments: period, environment: self.environment), (arguments: period, environment: environment)])
        let (onFile, onServer) = (pair[0], pair[1])
        let ratio = onServer.seconds / max(onFile.seconds, 1e-9)
        figures += [
            figure("SQLite: FEAD/ESF+ report, year, JSON", onFile, of: "\(rounds), in turn with the next"),
            figure("PostgreSQL: FEAD/ESF+ report, year, JSON", onServer, of: "\(rounds)"),
            Figure(
                name: "FEAD report PostgreSQL / SQLite", value: format(ratio), peakKilobytes: nil,
                target: Bench.feadRatioTarget(ratio, size: size))
        ]
        figures.append(time("PostgreSQL: check (replay the whole ledger)", ["check"], repeats: min(3, size.repeats)).0)
        figures.append(
            time("PostgreSQL: verify (recompute the hash chain)", ["verify"], repeats: min(3, size.repeats)).0)
        return figures
    }

    /// The issue's target is the region's year: below that size the report is a few milliseconds of
    /// work and the ratio measures the server's connection and first statements, not the report (at
    /// smoke size 1.8 to 2.3 between runs of one build, 2 December 2026), so it is shown, not judged.
    static func feadRatioTarget(_ ratio: Double, size: DatasetSize) -> String {
        guard size.name == DatasetSize.region.name else { return "≤ 2 at region size (not judged at \(size.name))" }
        return "≤ 2: " + (ratio <= 2 ? "met" : "MISSED")
    }

    /// Stock query, transfer and checkout again through a throwaway
    /// PgBouncer in session mode in front of the throwaway server (README,
    /// "Several sites"): each command still connects as the same login and
    /// gets a backend of its own, but one the pooler kept from the previous
    /// command, its caches and plans warm. Trust, as the server behind it,
    /// so the figures differ by the pooler alone; each run in turn with the
    /// same command without the pooler, so both meet the same moments of a
    /// shared machine's load.
    private func pooledFigures(_ uri: String, login: String, environment: [String: String]) -> [Figure] {
        func note(_ text: String) -> [Figure] {
            [Figure(name: "PostgreSQL through PgBouncer", value: text, peakKilobytes: nil, target: "")]
        }
        guard postgreSQLTarget == nil else { return note("skipped: only in front of the benchmark's own server") }
        guard PgBouncer.binary != nil else { return note("skipped: \(PgBouncer.unavailableReason ?? "")") }
        let bouncer: PgBouncer
        do {
            bouncer = try PgBouncer(in: try PostgreSQLCluster.shared(), logins: [login: ""], authentication: .trust)
        } catch {
            return note("FAILED to start: \(error)")
        }
        defer { bouncer.destroy() }
        let pooled = bouncer.uri(through: uri, user: login)
        let rounds = max(21, size.repeats)
        func inTurn(_ name: String, _ arguments: [String]) -> Figure {
            let runs = ProcessMeasurement.interleavedMedians(
                rounds, [[scorta, "--db", uri] + arguments, [scorta, "--db", pooled] + arguments],
                environment: environment)
            let (alone, through) = (runs[0], runs[1])
            guard alone.status == 0, through.status == 0 else {
                return Figure(
                    name: name, value: "FAILED (exit \(alone.status), \(through.status) through the pooler)",
                    peakKilobytes: nil, target: "")
            }
            return Figure(
                name: name,
                value:
                    "\(format(through.seconds * 1000)) ms (median of \(rounds), in turn with \(format(alone.seconds * 1000)) ms without it)",
                peakKilobytes: through.peakKilobytes,
                target: "< 30 ms: " + (through.seconds <= 0.030 ? "met" : "MISSED"))
        }
        var figures = [
            inTurn(
                "PostgreSQL through PgBouncer: stock query (one item, market)",
                ["stock", "--at", "EMP", "--item", "IG-SAP", "--json"]),
            inTurn(
                "PostgreSQL through PgBouncer: single transfer (one line)",
                ["transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:1"])
        ]
        switch registerHousehold(environment: environment, output: folder + "/household-pooled.json") {
        case .success(let code):
            figures.append(
                inTurn(
                    "PostgreSQL through PgBouncer: market checkout (one line)",
                    ["market", "checkout", "--card", code, "AL-PAS:1"]))
        case .failure(let failed):
            figures += note("\(failed)")
        }
        return figures
    }
}
