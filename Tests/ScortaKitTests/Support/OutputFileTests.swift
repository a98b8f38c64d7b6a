import Foundation
import Glibc
import Testing

@testable import ScortaKit

/// The one place that decides whether a file may be written (`OutputFile`),
/// and the temporary files a killed process removes (`TemporaryFiles`).
@Suite struct OutputFileTests {
    func mode(_ path: String) -> Int {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    /// The write-ahead log is empty (no magic number yet) while the database is open:
    /// only its device and inode tell that a hard link to it is the live WAL.
    @Test func aHardLinkToTheOpenDatabasesWALIsRefusedByInode() throws {
        let t = try TestDatabase()
        let wal = t.path + "-wal"
        #expect(FileManager.default.fileExists(atPath: wal))
        let alias = t.folder.appendingPathComponent("alias.pdf").path
        #expect(link(wal, alias) == 0)
        for force in [false, true] {
            #expect(
                throws: ScortaError.refused(
                    "'\(alias)' is the open database's write-ahead log (\(wal)); Scorta never writes onto it, even with --force"
                )
            ) {
                try OutputFile(alias, force: force).check()
            }
        }
        // Not created yet: recognised by its path.
        let shm = t.folder.appendingPathComponent("./test.sqlite-journal").path
        #expect(throws: ScortaError.self) { try OutputFile(shm, force: true).check() }
    }

    @Test func sqliteAndWALFilesAreNeverReplacedEvenWithForce() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let sqlite = folder.appendingPathComponent("old-backup.bin").path
        try Data("SQLite format 3\0rest of the page".utf8).write(to: URL(fileURLWithPath: sqlite))
        let wal = folder.appendingPathComponent("log.bin").path
        try Data([0x37, 0x7F, 0x06, 0x83, 0, 0, 0, 0]).write(to: URL(fileURLWithPath: wal))
        #expect(
            throws: ScortaError.refused(
                "'\(sqlite)' is a SQLite database (a backup or a ledger); Scorta never overwrites one, even with --force"
            )
        ) {
            try PDFDocument().write(to: OutputFile(sqlite, force: true))
        }
        #expect(
            throws: ScortaError.refused(
                "'\(wal)' is a SQLite write-ahead log (a backup or a ledger); Scorta never overwrites one, even with --force"
            )
        ) {
            try OutputFile(wal, force: true).check()
        }
        #expect(throws: ScortaError.invalid("'\(folder.path)' is a folder; give a file name")) {
            try OutputFile(folder.path, force: true).check()
        }
        #expect(throws: ScortaError.refused("'/dev/null' is not a regular file; Scorta writes only regular files")) {
            try OutputFile("/dev/null", force: true).check()
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["log.bin", "old-backup.bin"])
    }

    @Test func anExistingFileIsReplacedOnlyWithForceAndModesFollowTheContent() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("r.pdf").path
        var document = PDFDocument(title: "x")
        document.add(PDFPage(width: 100, height: 100))
        try Data("mine".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ScortaError.refused("'\(path)' already exists; give --force to overwrite it")) {
            try document.write(to: path)
        }
        #expect(FileManager.default.contents(atPath: path) == Data("mine".utf8))
        try document.write(to: OutputFile(path, force: true, householdCodes: true))
        #expect(FileManager.default.contents(atPath: path)?.prefix(5) == Data("%PDF-".utf8))
        #expect(mode(path) == 0o600)
        let plain = folder.appendingPathComponent("plain.pdf").path
        let previous = umask(0o022)
        defer { umask(previous) }
        try document.write(to: plain)
        #expect(mode(plain) == 0o644)
        // Nothing else is left in the folder, and nothing stays registered for removal.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["plain.pdf", "r.pdf"])
        #expect(!TemporaryFiles.registered.contains { $0.hasPrefix(folder.path) })
    }

    /// A file that appears while the content is being written is not replaced.
    @Test func aFileThatAppearsMeanwhileIsNotReplaced() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("late.pdf").path
        let writer = try PDFWriter(path: path)
        writer.add(PDFPage(width: 100, height: 100))
        #expect(TemporaryFiles.registered.contains(OutputFile(path).temporaryPath))
        try Data("someone else's".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ScortaError.refused("'\(path)' already exists; give --force to overwrite it")) {
            try writer.finish()
        }
        #expect(FileManager.default.contents(atPath: path) == Data("someone else's".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["late.pdf"])
        #expect(!TemporaryFiles.registered.contains(OutputFile(path).temporaryPath))
    }

    @Test func aBackupNeverReplacesTheLiveDatabaseAndLeavesNoTemporaryFile() throws {
        let t = try TestDatabase()
        #expect(throws: ScortaError.self) { try Backup.copy(t.db, to: OutputFile(t.path, force: true)) }
        let copy = t.folder.appendingPathComponent("copy.sqlite").path
        try Data("notes".utf8).write(to: URL(fileURLWithPath: copy))
        try Backup.copy(t.db, to: OutputFile(copy, force: true))
        #expect(OutputFile.databaseKind(copy) == "a SQLite database")
        #expect(mode(copy) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.folder.path).filter { $0.hasPrefix(".") }.isEmpty)
    }
}
