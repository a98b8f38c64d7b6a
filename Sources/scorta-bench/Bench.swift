import Foundation
import ScortaKit

/// One benchmark run: dataset, then each figure.
struct Bench {
    let size: DatasetSize
    let folder: String
    let scorta: String
    var db: String { folder + "/bench.sqlite" }

    struct Figure {
        let name: String
        let value: String
        let peakKilobytes: Int?
        let target: String
    }

    func run() throws {
        print("scorta-bench \(Scorta.version): dataset '\(size.name)'")
        print("machine: \(Machine.describe())")
        print("binary: \(scorta)\n")
        var figures: [Figure] = []

        // Dataset through the posting path, in this process.
        try? FileManager.default.removeItem(atPath: db)
        let seeds = try SeedFiles.locate(explicit: nil, executablePath: CommandLine.arguments[0])
        let database = try Store.create(path: db, seeds: seeds, date: CivilDate(year: 2026 - size.historyYears, month: 1, day: 1)!,
                                        firstOperator: "bench")
        var generator = DatasetGenerator(db: database, size: size)
        let start = Clock.monotonicSeconds()
        try generator.build { print("  \($0)") }
        let seconds = Clock.monotonicSeconds() - start
        let lines = try generator.lineCount()
        let documents = Int(try database.scalar("SELECT count(*) FROM document") ?? 0)
        figures.append(Figure(name: "dataset posting (in process)", value: "\(lines) lines, \(documents) documents in \(format(seconds)) s = \(Int(Double(lines) / seconds)) lines/s",
                              peakKilobytes: Clock.peakKilobytes(), target: ""))
        try database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        let bytes = (try? FileManager.default.attributesOfItem(atPath: db)[.size] as? Int) ?? 0
        figures.append(Figure(name: "database size", value: "\(bytes / 1_048_576) MiB, \(Int(Double(bytes) / Double(max(lines, 1)) * 1e6 / 1_048_576)) MiB per million lines",
                              peakKilobytes: nil, target: ""))

        figures += try ingest(database)
        figures += singleCommands(database)

        print("\nFIGURE                                   VALUE                                                   PEAK MiB  TARGET")
        for figure in figures {
            let peak = figure.peakKilobytes.map { format(Double($0) / 1024) } ?? ""
            print(figure.name.padding(toLength: 40, withPad: " ", startingAt: 0) + " "
                  + figure.value.padding(toLength: 55, withPad: " ", startingAt: 0) + " "
                  + peak.padding(toLength: 9, withPad: " ", startingAt: 0) + " " + figure.target)
        }
    }

    // MARK: - Bulk ingest against raw SQLite

    /// A delivery CSV posted by `scorta receive --file`, against the same rows
    /// inserted by the sqlite3 shell in one transaction into a copy of the database.
    func ingest(_ database: Database) throws -> [Figure] {
        let items = try database.query("SELECT id, sku FROM item WHERE is_kit = 0 ORDER BY id") { ($0.int64(0), $0.text(1)) }
        var random = SeededRandom(seed: 7)
        var csv = "sku,quantity,lot,expiry\n"
        var sql = "BEGIN;\nINSERT INTO document(type, number, date, recorded_at, operator) VALUES ('receipt', 'RAW-1', '2026-12-01', '2026-12-01T00:00:00Z', 'raw');\n"
        for index in 0..<size.bulkLines {
            let (id, sku) = items[random.int(0..<items.count)]
            let quantity = 1 + random.int(0..<500)
            csv += "\(sku),\(quantity),B\(index),2028-01-01\n"
            sql += "INSERT INTO document_line(document_id, item_id, lot_id, quantity, to_location_id) VALUES ((SELECT max(id) FROM document), \(id), 0, \(quantity), 1);\n"
        }
        sql += "COMMIT;\n"
        try csv.write(toFile: folder + "/bulk.csv", atomically: true, encoding: .utf8)
        try sql.write(toFile: folder + "/bulk.sql", atomically: true, encoding: .utf8)
        try? FileManager.default.removeItem(atPath: folder + "/raw.sqlite")
        try FileManager.default.copyItem(atPath: db, toPath: folder + "/raw.sqlite")

        let raw = ProcessMeasurement.run(["/usr/bin/sqlite3", folder + "/raw.sqlite", ".read \(folder)/bulk.sql"])
        let scortaRun = ProcessMeasurement.run([scorta, "receive", "--at", "MAG-A", "--file", folder + "/bulk.csv", "--date", "2026-12-01"],
                                               environment: environment)
        guard scortaRun.status == 0, raw.status == 0 else {
            throw ScortaError.invalid("bulk ingest failed (scorta exit \(scortaRun.status), sqlite3 exit \(raw.status))")
        }
        let ratio = raw.seconds / scortaRun.seconds
        return [
            Figure(name: "bulk receipt CSV (scorta receive)", value: "\(size.bulkLines) lines in \(format(scortaRun.seconds)) s = \(Int(Double(size.bulkLines) / scortaRun.seconds)) lines/s",
                   peakKilobytes: scortaRun.peakKilobytes, target: "≥ 0.5 × raw SQLite"),
            Figure(name: "baseline: sqlite3 shell, one transaction", value: "\(size.bulkLines) lines in \(format(raw.seconds)) s = \(Int(Double(size.bulkLines) / raw.seconds)) lines/s",
                   peakKilobytes: raw.peakKilobytes, target: ""),
            Figure(name: "ingest ratio scorta / raw SQLite", value: format(ratio), peakKilobytes: nil, target: ratio >= 0.5 ? "≥ 0.5: met" : "≥ 0.5: MISSED"),
        ]
    }

    var environment: [String: String] { ["SCORTA_DB": db, "SCORTA_OPERATOR": "bench"] }

    // MARK: - Single commands, process start to exit

    func singleCommands(_ database: Database) -> [Figure] {
        var figures: [Figure] = []
        func time(_ name: String, _ arguments: [String], target: String, limit: Double? = nil) {
            let result = ProcessMeasurement.median(size.repeats, [scorta] + arguments, environment: environment)
            let verdict = limit.map { result.seconds <= $0 ? ": met" : ": MISSED" } ?? ""
            figures.append(Figure(name: name, value: result.status == 0 ? "\(format(result.seconds * 1000)) ms (median of \(size.repeats))" : "FAILED (exit \(result.status))",
                                  peakKilobytes: result.peakKilobytes, target: target + verdict))
        }
        time("scorta --version (process start)", ["--version"], target: "")
        time("stock query (one item at the market)", ["stock", "--at", "EMP", "--item", "IG-SAP", "--json"], target: "< 30 ms", limit: 0.030)
        time("stock query (whole market)", ["stock", "--at", "EMP"], target: "")
        time("single transfer (one line)", ["transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:1", "--date", "2026-12-02"], target: "< 30 ms", limit: 0.030)
        time("history of one item, one month", ["history", "--item", "IG-SAP", "--from", "2026-06-01", "--to", "2026-06-30"], target: "")
        time("check (replay the whole ledger)", ["check"], target: "")
        return figures
    }

    func format(_ value: Double) -> String { String(format: "%.3g", value) }
}
