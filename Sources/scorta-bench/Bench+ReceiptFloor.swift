import Foundation
import ScortaHarness
import ScortaKit

/// The floor under a bulk receipt: the sqlite3 shell writing the rows the
/// receipt wrote (its document, new lots, lines, balances and days), with no
/// CSV, no rules and no seal, into another copy of the database.
///
/// `.import` appends one row to one b-tree; a receipt line of a new lot makes
/// nine entries (the lot and its (item, code) index; the line and its
/// document, item and location indexes; the balance and its picking index;
/// the day). What the shell alone needs for those rows says how near the
/// ratio to `.import` can come while the schema keeps them, and how near the
/// posting path is to SQLite's own cost.
extension Bench {
    /// Copies the rows the receipt in `receiptCopy` wrote into a file of their own; gives its path.
    func stageReceiptRows(from receiptCopy: String) throws -> (path: String, rows: Int64) {
        let stage = folder + "/floor-rows.sqlite"
        try? FileManager.default.removeItem(atPath: stage)
        // The receipt is the newest document; its new lots name it (schema step 0014).
        let staged = ProcessMeasurement.run([
            "/usr/bin/sqlite3", receiptCopy,
            "ATTACH '\(stage)' AS posted",
            "CREATE TABLE posted.document AS SELECT * FROM document WHERE id = (SELECT max(id) FROM document)",
            "CREATE TABLE posted.lot AS SELECT * FROM lot WHERE document_id = (SELECT id FROM posted.document)",
            "CREATE TABLE posted.document_line AS SELECT * FROM document_line WHERE document_id = (SELECT id FROM posted.document)",
            "CREATE TABLE posted.balance AS SELECT * FROM balance WHERE lot_id IN (SELECT id FROM posted.lot)",
            "CREATE TABLE posted.stock_day AS SELECT * FROM stock_day WHERE lot_id IN (SELECT id FROM posted.lot)"
        ])
        guard staged.status == 0 else {
            throw ScortaError.invalid("the receipt's rows could not be copied out (sqlite3 exit \(staged.status))")
        }
        let rows =
            try Database(path: stage, readOnly: true).scalar(
                "SELECT (SELECT count(*) FROM lot) + (SELECT count(*) FROM document_line) + (SELECT count(*) FROM balance) + (SELECT count(*) FROM stock_day)"
            ) ?? 0
        return (stage, rows)
    }

    /// The shell writes the staged rows into a fresh copy of the dataset.
    func writeReceiptRows(_ stage: String) throws -> ProcessMeasurement {
        let floorCopy = folder + "/floor.sqlite"
        let files = [floorCopy, floorCopy + "-wal", floorCopy + "-shm"]
        for file in files { try? FileManager.default.removeItem(atPath: file) }
        defer { for file in files { try? FileManager.default.removeItem(atPath: file) } }
        try FileManager.default.copyItem(atPath: db, toPath: floorCopy)
        // Written as the receipt writes them: in one transaction, with its page cache, foreign keys
        // unchecked (the shell's default), lots and lines by id, balances and days in key order.
        let floor = ProcessMeasurement.run([
            "/usr/bin/sqlite3", floorCopy,
            "ATTACH '\(stage)' AS posted",
            "PRAGMA cache_size = -\(Ledger.bulkCacheKibibytes)",
            "BEGIN",
            "INSERT INTO document SELECT * FROM posted.document",
            "INSERT INTO lot SELECT * FROM posted.lot ORDER BY id",
            "INSERT INTO document_line SELECT * FROM posted.document_line ORDER BY id",
            "INSERT INTO balance SELECT * FROM posted.balance ORDER BY location_id, item_id, lot_id",
            "INSERT INTO stock_day SELECT * FROM posted.stock_day ORDER BY location_id, item_id, lot_id, date",
            "COMMIT"
        ])
        guard floor.status == 0 else {
            throw ScortaError.invalid("the receipt's rows could not be written again (sqlite3 exit \(floor.status))")
        }
        return floor
    }

    func floorFigures(rows: Int64, floor: Double, receipt: Double, shell: Double) -> [Figure] {
        [
            Figure(
                name: "floor: sqlite3 shell writing the receipt's rows",
                value: "\(rows) rows (lots, lines, balances, days) in \(format(floor)) s", peakKilobytes: nil,
                target: ""),
            Figure(
                name: "bulk receipt / its rows' floor", value: format(floor / receipt), peakKilobytes: nil,
                target: "1 = SQLite's own cost"),
            Figure(
                name: "floor / sqlite3 .import", value: format(shell / floor), peakKilobytes: nil,
                target: "the ingest ratio's ceiling with this schema")
        ]
    }
}
