import Foundation
import ScortaKit
import Testing

@testable import ScortaHarness

/// The generator's SQLite settings hold while it builds and are given back after: the connection
/// is the bench's, which times commands on it next.
@Suite final class DatasetGeneratorTuningTests {
    /// This test's database with its WAL and shared-memory files.
    let folder: ScratchFolder

    init() throws { folder = try ScratchFolder("scorta-tuning") }

    func scratch() throws -> (Database, String) {
        let path = folder.path("tuning.sqlite")
        return (try Database(path: path, create: true), path)
    }

    func settings(_ db: Database) throws -> [Int64?] {
        [
            try db.scalar("PRAGMA cache_size"), try db.scalar("PRAGMA wal_autocheckpoint"),
            try db.scalar("PRAGMA temp_store")
        ]
    }

    @Test func theBuildsCacheAndCheckpointsAreSetThenGivenBack() throws {
        let (db, _) = try scratch()
        let before = try settings(db)
        #expect(before == [-2_000, 1_000, 0])
        let generator = DatasetGenerator(db: db, size: .smoke)
        #expect(generator.tuning == DatasetGenerator.SQLiteTuning(cacheMebibytes: 256, checkpointEachCityYear: true))
        let restore = try generator.applyTuning()
        #expect(try settings(db) == [-262_144, 0, 2])
        restore()
        #expect(try settings(db) == before)
    }

    @Test func theCommandsCheckpointIsKeptWhenAskedFor() throws {
        let (db, _) = try scratch()
        var generator = DatasetGenerator(db: db, size: .smoke)
        generator.tuning = .commandDefaults
        let restore = try generator.applyTuning()
        #expect(try settings(db) == [-65_536, 1_000, 2])
        restore()
    }

    /// With the automatic checkpoint off, what a month commits stays in the WAL until the city's
    /// year ends; then it is copied into the database file.
    @Test func writesReachTheDatabaseFileAtTheCitysYearEnd() throws {
        let (db, path) = try scratch()
        let generator = DatasetGenerator(db: db, size: .smoke)
        let restore = try generator.applyTuning()
        defer { restore() }
        func fileSize() throws -> Int { try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0 }
        try db.execute("CREATE TABLE filler (text TEXT)")
        try generator.checkpointCityYear()
        let empty = try fileSize()
        try db.inTransaction {
            for _ in 0..<2_000 { try db.run("INSERT INTO filler VALUES (?)", [String(repeating: "x", count: 1_000)]) }
        }
        #expect(try fileSize() == empty)
        try generator.checkpointCityYear()
        #expect(try fileSize() > empty + 2_000_000)
    }
}
