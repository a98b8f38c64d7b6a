import Foundation
import ScortaHarness
import ScortaKit

/// A delivery CSV posted by `scorta receive --file` into a copy of the
/// database, against the sqlite3 shell's `.import` of the same CSV into a
/// plain table of another copy (parsing and inserting, no ledger rules).
extension Bench {
    /// How a delivery's lines name their lots.
    enum DeliveryLots {
        /// A lot of its own on every line (`B0`, `B1`, …): the CSV issue 13 measured and the dearest
        /// shape, a new lot, balance and day written for each line. The ratio is judged on it.
        case newEachLine
        /// One lot an item (`L-SKU`), as a delivery's pallets bring them: a line adds to a lot the
        /// receipt already made, so most lines write only themselves. Shown beside it, not judged.
        case onePerItem
    }

    /// Rounds of each measurement, run in turn and reported by their medians: measured once each,
    /// at 100,000 lines on an idle machine, runs of one build put the receipt at 0.57 to 0.93 s and
    /// the floor at 0.68 to 0.81 s.
    static let ingestRounds = 3

    func ingest(_ database: Database) throws -> [Figure] {
        let skus = try database.query("SELECT sku FROM item WHERE is_kit = 0 ORDER BY id") { $0.text(0) }
        let newLots = try timedReceipt(skus, .newEachLine, file: "bulk.csv", withFloor: true)
        let lotPerItem = try timedReceipt(skus, .onePerItem, file: "bulk-lots.csv", withFloor: false)
        let ratio = newLots.shell.seconds / newLots.receipt.seconds
        let repeatedRatio = lotPerItem.shell.seconds / lotPerItem.receipt.seconds
        let rounds = " (median of \(Self.ingestRounds), in turn)"
        var figures = [
            Figure(
                name: "bulk receipt CSV (scorta receive)", value: rate(newLots.receipt) + rounds,
                peakKilobytes: newLots.receipt.peakKilobytes, target: "≥ 0.25 × sqlite3 .import"),
            Figure(
                name: "baseline: sqlite3 shell .import, plain table", value: rate(newLots.shell) + rounds,
                peakKilobytes: newLots.shell.peakIsExact ? newLots.shell.peakKilobytes : nil, target: ""),
            Figure(
                name: "ingest ratio scorta / sqlite3 .import", value: format(ratio), peakKilobytes: nil,
                target: ratio >= 0.25 ? "≥ 0.25: met" : "≥ 0.25: MISSED")
        ]
        if let floor = newLots.floor {
            figures += floorFigures(
                rows: floor.rows, floor: floor.seconds, receipt: newLots.receipt.seconds,
                shell: newLots.shell.seconds)
        }
        return figures + [
            Figure(
                name: "bulk receipt, one lot an item (scorta receive)", value: rate(lotPerItem.receipt) + rounds,
                peakKilobytes: lotPerItem.receipt.peakKilobytes, target: ""),
            Figure(
                name: "ingest ratio, one lot an item / its .import", value: format(repeatedRatio),
                peakKilobytes: nil, target: "shown, not judged (a new lot a line is)")
        ]
    }

    /// The delivery's CSV: `bulkLines` lines of random goods and quantities, the same for both shapes.
    func deliveryCSV(_ skus: [String], _ lots: DeliveryLots) -> String {
        var random = SeededRandom(seed: 7)
        var csv = "sku,quantity,lot,expiry\n"
        for index in 0..<bulkLines {
            let sku = skus[random.int(0..<skus.count)]
            let quantity = 1 + random.int(0..<500)
            let lot =
                switch lots {
                case .newEachLine: "B\(index)"
                case .onePerItem: "L-\(sku)"
                }
            csv += "\(sku),\(quantity),\(lot),2028-01-01\n"
        }
        return csv
    }

    /// The shell's `.import` of the delivery and Scorta's receipt of it, each into a fresh copy of
    /// the dataset, and with `withFloor` the shell writing the receipt's own rows into a third:
    /// `ingestRounds` rounds in turn, so that a busy moment weighs on all of them alike.
    func timedReceipt(_ skus: [String], _ lots: DeliveryLots, file: String, withFloor: Bool) throws -> (
        receipt: ProcessMeasurement, shell: ProcessMeasurement, floor: (rows: Int64, seconds: Double)?
    ) {
        let csvPath = folder + "/" + file
        try deliveryCSV(skus, lots).write(toFile: csvPath, atomically: true, encoding: .utf8)
        // Posted into a copy too: the commands timed next see the dataset as built. Posted into it, the
        // receipt's new lots (100,000 at region size) made the stock query list some 1,900 of them.
        let receiptCopy = folder + "/receipt.sqlite"
        let copies = ["", "-wal", "-shm"].map { receiptCopy + $0 } + [folder + "/raw.sqlite"]
        var stage: (path: String, rows: Int64)?
        defer {
            for file in copies { try? FileManager.default.removeItem(atPath: file) }
            if let stage { try? FileManager.default.removeItem(atPath: stage.path) }
        }
        var shells: [ProcessMeasurement] = []
        var receipts: [ProcessMeasurement] = []
        var floors: [Double] = []
        for _ in 0..<Self.ingestRounds {
            for file in copies { try? FileManager.default.removeItem(atPath: file) }
            try FileManager.default.copyItem(atPath: db, toPath: folder + "/raw.sqlite")
            let shell = ProcessMeasurement.run([
                "/usr/bin/sqlite3", folder + "/raw.sqlite",
                "-cmd", "CREATE TABLE bulk_import (sku TEXT, quantity INTEGER, lot TEXT, expiry TEXT)",
                ".import --csv --skip 1 \(csvPath) bulk_import"
            ])
            try FileManager.default.copyItem(atPath: db, toPath: receiptCopy)
            var receiptEnvironment = environment
            receiptEnvironment["SCORTA_DB"] = receiptCopy
            let receipt = ProcessMeasurement.run(
                [scorta, "receive", "--at", "MAG-A", "--file", csvPath], environment: receiptEnvironment)
            guard receipt.status == 0, shell.status == 0 else {
                throw ScortaError.invalid(
                    "bulk ingest of \(file) failed (scorta exit \(receipt.status), sqlite3 exit \(shell.status))")
            }
            shells.append(shell)
            receipts.append(receipt)
            if withFloor {
                let staged = try stage ?? stageReceiptRows(from: receiptCopy)
                stage = staged
                floors.append(try writeReceiptRows(staged.path).seconds)
            }
        }
        let floor = stage.map { (rows: $0.rows, seconds: floors.sorted()[floors.count / 2]) }
        return (Self.median(receipts), Self.median(shells), floor)
    }

    /// The run of median time (its peak memory with it).
    static func median(_ runs: [ProcessMeasurement]) -> ProcessMeasurement {
        runs.sorted { $0.seconds < $1.seconds }[runs.count / 2]
    }

    func rate(_ run: ProcessMeasurement) -> String {
        "\(bulkLines) lines in \(format(run.seconds)) s = \(Int(Double(bulkLines) / run.seconds)) lines/s"
    }
}
