import Foundation
import Testing

@testable import ScortaKit

/// SQLite only: a file's backups (page copy, modes, replacing a file, its
/// staging copy); a server's backup is a SQLite file written row by row
/// (LedgerCopyTests, TrustStoryTests.aBackupTakenDuringPostingsIsConsistent).
@Suite struct BackupTests {
    func posted() throws -> TestDatabase {
        let t = try TestDatabase()
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 10)],
            context: TestDatabase.on("2026-03-01"))
        try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 4)],
            context: TestDatabase.on("2026-03-02"))
        return t
    }

    func permissions(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    @Test func theDatabaseAndItsBackupsAreReadableByTheirOwnerOnly() throws {
        let t = try posted()
        #expect(try permissions(t.path) == 0o600)
        let copy = t.folder.appendingPathComponent("copy.sqlite").path
        let summary = try Backup.copy(t.db, to: copy)
        #expect(try permissions(copy) == 0o600)
        #expect(summary.documents == 2)
        #expect(summary.head == (try HashChain.head(t.db)))
        #expect(
            throws: ScortaError.refused(
                "'\(copy)' is a SQLite database (a backup or a ledger); Scorta never overwrites one, even with --force")
        ) { try Backup.copy(t.db, to: copy) }
        #expect(try Backup.problems(in: try Database(path: copy)).isEmpty)
    }

    @Test func restoreChecksTheCopyAndKeepsWhatItReplaces() throws {
        let t = try posted()
        let copy = t.folder.appendingPathComponent("copy.sqlite").path
        try Backup.copy(t.db, to: copy)
        try t.ledger.receive(
            at: "MAG-B", from: nil, lines: [LineSpec(sku: "EM-COP", quantity: 1)],
            context: TestDatabase.on("2026-03-03"))
        #expect(throws: ScortaError.self) {
            try Backup.restore(from: copy, to: t.path, replace: false, operatorName: "tester")
        }
        let summary = try Backup.restore(from: copy, to: t.path, replace: true, operatorName: "tester")
        #expect(summary.documents == 2)
        #expect(try t.db.scalar("SELECT count(*) FROM document") == 2)
        let kept = try #require(summary.keptAs)
        #expect(try Database(path: kept).scalar("SELECT count(*) FROM document") == 3)
        #expect(try Audit.entries(t.db).first?.action == .restore)
        // Into a place with no database yet.
        let fresh = t.folder.appendingPathComponent("fresh/scorta.sqlite").path
        try Backup.restore(from: copy, to: fresh, replace: false, operatorName: "tester")
        #expect(try permissions(fresh) == 0o600)
        #expect(try Database(path: fresh).scalar("SELECT count(*) FROM document") == 2)
    }

    @Test func aDamagedCopyIsRefused() throws {
        let t = try posted()
        let tampered = t.folder.appendingPathComponent("tampered.sqlite").path
        try Backup.copy(t.db, to: tampered)
        try Database(path: tampered).run("UPDATE document_line SET quantity = 5 WHERE document_id = 2")
        let target = t.folder.appendingPathComponent("target.sqlite").path
        #expect(throws: ScortaError.self) {
            try Backup.restore(from: tampered, to: target, replace: false, operatorName: "tester")
        }
        #expect(!FileManager.default.fileExists(atPath: target))

        let garbage = t.folder.appendingPathComponent("garbage.sqlite").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: garbage))
        let error = #expect(throws: ScortaError.self) {
            try Backup.restore(from: garbage, to: target, replace: false, operatorName: "tester")
        }
        #expect(error?.description.contains("is not a readable Scorta database") == true)

        let empty = t.folder.appendingPathComponent("empty.sqlite").path
        _ = FileManager.default.createFile(atPath: empty, contents: nil)
        #expect(throws: ScortaError.refused("\(empty) is not a Scorta database; nothing was restored")) {
            try Backup.restore(from: empty, to: t.path, replace: true, operatorName: "tester")
        }
        #expect(try t.db.scalar("SELECT count(*) FROM document") == 2)

        // Consistent hashes but a balance that no longer replays.
        let unbalanced = t.folder.appendingPathComponent("unbalanced.sqlite").path
        try Backup.copy(t.db, to: unbalanced)
        try Database(path: unbalanced).run("UPDATE balance SET quantity = quantity + 1")
        let replay = #expect(throws: ScortaError.self) {
            try Backup.restore(from: unbalanced, to: target, replace: false, operatorName: "tester")
        }
        #expect(replay?.description.contains("balance mismatch") == true)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: t.folder.path).allSatisfy { !$0.contains("restoring") })
    }

    /// Issue 12, reproduction 6: restore checked less than `check`. A copy
    /// whose report facts or points ledger `check` rejects is refused.
    @Test func aCopyThatCheckRejectsIsNotRestored() throws {
        let t = try TestDatabase()
        try t.stockMarket(["AL-PAS": 10])
        let card = try t.household("born=1980,sex=f", on: "2026-01-05")
        let sale = try t.checkout(card, "AL-PAS:2", on: "2026-01-10")
        let target = t.folder.appendingPathComponent("target.sqlite").path

        // Report facts are a cache outside the chain: only check sees them.
        let facts = t.folder.appendingPathComponent("facts.sqlite").path
        try Backup.copy(t.db, to: facts)
        try Database(path: facts).run("UPDATE distribution_fact SET recipients = x'00'")
        #expect(try HashChain.verify(try Database(path: facts)).intact)
        let refused = #expect(throws: ScortaError.self) {
            try Backup.restore(from: facts, to: target, replace: false, operatorName: "tester")
        }
        #expect(
            refused?.description.contains("report facts of \(sale.document.number) differ") == true,
            "\(String(describing: refused))")
        #expect(!FileManager.default.fileExists(atPath: target))

        // A checkout's points spend changed: check and verify both name it.
        let points = t.folder.appendingPathComponent("points.sqlite").path
        try Backup.copy(t.db, to: points)
        try Database(path: points).run("UPDATE points_entry SET points = points + 1 WHERE kind = 'spend'")
        let spend = #expect(throws: ScortaError.self) {
            try Backup.restore(from: points, to: target, replace: false, operatorName: "tester")
        }
        #expect(
            spend?.description.contains("checkout \(sale.document.number) spent") == true,
            "\(String(describing: spend))")
        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: t.folder.path).allSatisfy { !$0.contains("restoring") })
    }

    /// SIGKILL cannot be caught: a killed restore leaves its staging copy.
    /// The next restore removes it (its process is gone) and says so; a copy
    /// whose process still runs is left alone.
    @Test func aStagingCopyLeftByAKilledRestoreIsRemovedByTheNextOne() throws {
        let t = try posted()
        let copy = t.folder.appendingPathComponent("copy.sqlite").path
        try Backup.copy(t.db, to: copy)
        // No process can have this id (above the kernel's pid_max).
        let stale = t.path + ".restoring-2147483000"
        let running = t.path + ".restoring-1"
        for path in [stale, stale + "-wal", running] {
            _ = FileManager.default.createFile(atPath: path, contents: Data(repeating: 7, count: 4096))
        }
        let summary = try Backup.restore(from: copy, to: t.path, replace: true, operatorName: "tester")
        #expect(
            !FileManager.default.fileExists(atPath: stale) && !FileManager.default.fileExists(atPath: stale + "-wal"))
        #expect(FileManager.default.fileExists(atPath: running))
        #expect(summary.staleRemoved == [stale, stale + "-wal"])
    }
}
