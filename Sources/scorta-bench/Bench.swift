import Foundation
import ScortaCLI
import ScortaHarness
import ScortaKit

/// One benchmark run: dataset, then each figure.
struct Bench {
    let size: DatasetSize
    let folder: String
    let scorta: String
    /// Time the commands on the dataset already in `folder` (kept by an
    /// earlier `--keep` run, or a snapshot of one) instead of building it.
    var reuse = false
    /// Build the dataset and stop: what a profiler of the posting path runs.
    var datasetOnly = false
    /// Build the dataset on the server only and stop (`--only postgresql-dataset`).
    var serverDatasetOnly = false
    /// Lines of the bulk receipt timed against `.import`: the size's own, or `--bulk-lines`.
    var bulkLines: Int
    /// The SQLite connection's cache and checkpoints while the dataset is built.
    var tuning = DatasetGenerator.SQLiteTuning()
    var db: String { folder + "/bench.sqlite" }
    /// The reported year is the last whole year: documents cannot be dated after today.
    let year = CivilDate.today().year - 1
    let today = CivilDate.today()

    struct Figure {
        let name: String
        let value: String
        let peakKilobytes: Int?
        let target: String
    }

    func run() throws {
        print("scorta-bench \(Scorta.version): dataset '\(size.name)'")
        print("machine: \(Machine.describe())")
        print("binary: \(scorta), \(Machine.swiftLinkage(of: scorta))\n")
        var figures: [Figure] = []
        if serverDatasetOnly {
            printFigures(try serverDatasetFigures())
            return
        }

        let database: Database
        let lines: Int
        if reuse {
            database = try Store.open(path: db)
            lines = Int(try database.scalar("SELECT count(*) FROM document_line") ?? 0)
            print("  reusing \(db): \(lines) ledger lines")
        } else {
            // Dataset through the posting path, in this process.
            try? FileManager.default.removeItem(atPath: db)
            let seeds = try SeedFiles.locate(explicit: nil)
            database = try Store.create(
                path: db, seeds: seeds, date: CivilDate(year: year - size.historyYears, month: 1, day: 1)!,
                firstOperator: "bench")
            var generator = DatasetGenerator(db: database, size: size, year: year)
            generator.tuning = tuning
            print("  \(tuning.summary)")
            let start = Clock.monotonicSeconds()
            // Flushed line by line: a region run takes a while, even when printed into a file.
            try generator.build { line in
                TerminalProgress.aside {
                    print("  \(line)")
                    fflush(nil)
                }
            }
            let seconds = Clock.monotonicSeconds() - start
            lines = try generator.lineCount()
            let documents = Int(try database.scalar("SELECT count(*) FROM document") ?? 0)
            let rate = Double(lines) / seconds
            figures.append(
                Figure(
                    name: "dataset posting (in process)",
                    value: "\(lines) lines, \(documents) documents in \(format(seconds)) s = \(Int(rate)) lines/s",
                    peakKilobytes: Clock.peakKilobytes(),
                    target: "≥ 10000 lines/s: " + (rate >= 10_000 ? "met" : "MISSED")))
        }
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let bytes = (try? FileManager.default.attributesOfItem(atPath: db)[.size] as? Int) ?? 0
        figures.append(
            Figure(
                name: "database size",
                value:
                    "\(bytes / 1_048_576) MiB, \(Int(Double(bytes) / Double(max(lines, 1)) * 1e6 / 1_048_576)) MiB per million lines",
                peakKilobytes: nil, target: ""))

        if !datasetOnly {
            figures += try ingest(database)
            figures += try singleCommands(database)
            figures += reports()
            figures += labelMemory() + reportLabComparison()
            figures += postgreSQLFigures(database)
        }
        printFigures(figures)
    }

    func printFigures(_ figures: [Figure]) {
        print("\n" + FigureTable.header)
        for figure in figures {
            print(
                FigureTable.row(
                    figure.name, figure.value, figure.peakKilobytes.map { format(Double($0) / 1024) } ?? "",
                    figure.target))
        }
    }

    var environment: [String: String] { ["SCORTA_DB": db, "SCORTA_OPERATOR": "bench"] }

    // MARK: - Single commands, process start to exit

    /// Runs `scorta ARGS` `repeats` times and reports the median wall time
    /// (ms below a second, else s) and peak memory against a target.
    func time(
        _ name: String, _ arguments: [String], repeats: Int, target: String = "", limit: Double? = nil,
        memoryLimitMiB: Int = 150
    ) -> Figure {
        let result = ProcessMeasurement.median(repeats, [scorta] + arguments, environment: environment)
        var verdicts: [String] = []
        if let limit { verdicts.append(result.seconds <= limit ? "met" : "MISSED") }
        if result.peakKilobytes > memoryLimitMiB * 1024 { verdicts.append("memory over \(memoryLimitMiB) MiB") }
        let shown = result.seconds < 1 ? "\(format(result.seconds * 1000)) ms" : "\(format(result.seconds)) s"
        return Figure(
            name: name,
            value: result.status == 0 ? "\(shown) (median of \(repeats))" : "FAILED (exit \(result.status))",
            peakKilobytes: result.peakKilobytes,
            target: target + (verdicts.isEmpty ? "" : ": " + verdicts.joined(separator: ", ")))
    }

    func singleCommands(_ database: Database) throws -> [Figure] {
        var figures: [Figure] = []
        func time(_ name: String, _ arguments: [String], target: String, limit: Double? = nil) {
            figures.append(self.time(name, arguments, repeats: size.repeats, target: target, limit: limit))
        }
        time("scorta --version (process start)", ["--version"], target: "")
        // The start-up floor: the sqlite3 shell opening the same file and running one SELECT,
        // run in turn with the stock query, so the ratio does not rest on a few runs of a busy machine.
        let rounds = max(21, size.repeats)
        let pair = ProcessMeasurement.interleavedMedians(
            rounds,
            [
                ["/usr/bin/sqlite3", db, "SELECT quantity FROM balance LIMIT 1"],
                [scorta, "stock", "--at", "MAG-A", "--item", "IG-SAP"]
            ], environment: environment)
        let (floor, stock) = (pair[0], pair[1])
        figures.append(
            Figure(
                name: "baseline: sqlite3 shell, open + one SELECT",
                value: "\(format(floor.seconds * 1000)) ms (median of \(rounds), run in turn with the next)",
                peakKilobytes: nil, target: ""))
        figures.append(
            Figure(
                name: "stock query (one item, MAG-A)",
                value: "\(format(stock.seconds * 1000)) ms (median of \(rounds))",
                peakKilobytes: stock.peakKilobytes, target: ""))
        let startRatio = stock.seconds / floor.seconds
        figures.append(
            Figure(
                name: "stock query / sqlite3 start-up floor", value: format(startRatio), peakKilobytes: nil,
                target: "≤ 2.5: " + (startRatio <= 2.5 ? "met" : "MISSED")))
        time(
            "stock query (one item at the market)", ["stock", "--at", "EMP", "--item", "IG-SAP", "--json"],
            target: "< 30 ms", limit: 0.030)
        time("stock query (whole market)", ["stock", "--at", "EMP"], target: "")
        time(
            "single transfer (one line)", ["transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:1"], target: "< 30 ms",
            limit: 0.030)
        // A paper sheet typed in a year late: dated at the start of the dataset's year, so a whole year of later
        // movements of the item's lots is judged (the date-ordered rule), on top of a receipt the day before.
        let yearStart = CivilDate(year: year, month: 1, day: 2)!
        let opening = ProcessMeasurement.run(
            [
                scorta, "receive", "--at", "MAG-A", "--from", "bench", "IG-SAP:1000", "--date",
                yearStart.adding(days: -1).description
            ],
            environment: environment)
        if opening.status == 0 {
            time(
                "distribution backdated a year (one line)",
                [
                    "distribute", "--from", "MAG-A", "--channel", "UMN", "--anonymous", "30-64", "--sex", "m",
                    "IG-SAP:1", "--date", yearStart.description
                ], target: "< 100 ms", limit: 0.100)
        } else {
            figures.append(
                Figure(
                    name: "distribution backdated a year (one line)",
                    value: "FAILED to receive its stock (exit \(opening.status))",
                    peakKilobytes: nil, target: ""))
        }
        time(
            "history of one item, one month",
            ["history", "--item", "IG-SAP", "--from", "\(year)-06-01", "--to", "\(year)-06-30"], target: "")
        // A household registered for the benchmark, so its points are not spent by the dataset.
        switch registerHousehold(environment: environment, output: folder + "/household.json") {
        case .success(let code):
            time(
                "market checkout (one line)", ["market", "checkout", "--card", code, "AL-PAS:1"],
                target: "< 30 ms", limit: 0.030)
        case .failure(let failed):
            figures.append(
                Figure(name: "market checkout (one line)", value: "\(failed)", peakKilobytes: nil, target: ""))
        }
        figures.append(
            tillFigure(
                "market checkout at the till (from 'done' to the receipt)", environment: environment,
                registration: folder + "/household-till.json", repeats: max(21, size.repeats)))
        // Whole-ledger commands are minutes at region scale and have no time
        // target (only the memory one): three runs are enough for a median.
        let few = min(3, size.repeats)
        figures.append(self.time("check (replay the whole ledger)", ["check"], repeats: few))
        figures.append(self.time("verify (recompute the hash chain)", ["verify"], repeats: few))
        figures.append(self.time("stock, every location, CSV", ["stock", "--csv"], repeats: few))
        figures.append(self.time("distributions, every one, CSV", ["distributions", "--csv"], repeats: few))
        return figures
    }

    // MARK: - Year-end reports and labels

    let labelSKUs = ["IG-SAP", "IG-DEN", "IG-SPZ", "IG-RAS", "IG-PET", "IG-ASC", "IG-SHA", "IG-PS", "EM-SAC", "EM-COP"]

    func reports() -> [Figure] {
        let year = ["--from", "\(self.year)-01-01", "--to", "\(self.year)-12-31"]
        let repeats = max(3, size.repeats / 3)
        return [
            time(
                "FEAD/ESF+ report, year, JSON", ["report", "fead"] + year + ["--json"], repeats: repeats,
                target: "< 2 s", limit: 2),
            time(
                "FEAD/ESF+ report, year, PDF", ["report", "fead"] + year + ["--pdf", folder + "/fead.pdf", "--force"],
                repeats: repeats, target: "< 2 s", limit: 2),
            time(
                "stock register, market, year, PDF",
                ["report", "stock-register", "--at", "EMP"] + year + ["--pdf", folder + "/register.pdf", "--force"],
                repeats: repeats),
            time(
                "distribution register, year, CSV", ["report", "distribution-register"] + year + ["--csv"],
                repeats: repeats),
            // Ten catalogue items (a mix of GTIN/EAN-13 and Code 128 labels), copies up to the size's count.
            time(
                "\(size.labels) item labels, L7160",
                [
                    "labels", "item", "--copies", "\(size.labels / 10)", "--template", "avery-l7160",
                    "-o", folder + "/labels.pdf", "--force"
                ] + labelSKUs, repeats: repeats, target: "< 1 s", limit: 1)
        ]
    }

    func format(_ value: Double) -> String { FigureTable.number(value) }
}
