import Foundation
import ScortaHarness

@testable import ScortaKit

/// A seeded database in a temporary file, or in a new PostgreSQL database on
/// the test cluster, removed when released.
final class TestDatabase: @unchecked Sendable {
    let folder: URL
    /// The file's path, or the PostgreSQL database's URI.
    let path: String
    let db: Database
    let engine: Engine

    static let seedsPath: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Seeds").path

    init(_ engine: Engine = .sqlite, date: CivilDate = CivilDate(year: 2026, month: 1, day: 1)!) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorta-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.engine = engine
        switch engine {
        case .sqlite:
            path = folder.appendingPathComponent("test.sqlite").path
            db = try Store.create(
                path: path, seeds: SeedFiles(directory: TestDatabase.seedsPath), date: date, firstOperator: "tester")
        case .postgreSQL:
            // Seeded once per process and date, then copied on the server for each test.
            path = try PostgreSQLCluster.shared().seededDatabase(key: "kit_\(date.dayNumber)") { uri in
                try Store.create(
                    path: uri, seeds: SeedFiles(directory: TestDatabase.seedsPath), date: date, firstOperator: "tester")
            }
            db = try Store.open(path: path)
        }
    }

    deinit {
        try? FileManager.default.removeItem(at: folder)
        if engine == .postgreSQL { try? PostgreSQLCluster.shared().dropDatabase(path) }
    }

    /// Another connection to the same database (a second site, a second process).
    func connect() throws -> Database { try Store.open(path: path) }

    var ledger: Ledger { Ledger(db) }
    var catalogue: Catalogue { Catalogue(db) }

    /// A posting context on a fixed date by a test operator.
    static func on(_ text: String, ref: String? = nil) -> PostingContext {
        PostingContext(date: try! CivilDate(parsing: text), operatorName: "tester", reference: ref)
    }

    /// Quantity on hand at a location for an item (all lots).
    func onHand(_ location: String, _ sku: String) throws -> Int {
        Int(
            try db.scalar(
                """
                SELECT coalesce(sum(b.quantity), 0) FROM balance b JOIN location l ON l.id = b.location_id JOIN item i ON i.id = b.item_id
                WHERE l.code = ? AND i.sku = ?
                """, [location, sku]) ?? 0)
    }
}

extension Database {
    /// What a forger with the engine's own shell does first: stops the
    /// foreign keys from refusing the edits (SQLite's pragma; on PostgreSQL,
    /// as a superuser, replica mode, which skips the constraint triggers).
    func enforceForeignKeys(_ on: Bool) throws {
        try execute(
            isPostgreSQL
                ? "SET session_replication_role = \(on ? "origin" : "replica")"
                : "PRAGMA foreign_keys = \(on ? "ON" : "OFF")")
    }

    /// The names of the schema's tables, on either engine.
    func tableNames() throws -> [String] {
        try makeStatement(dialect.tableNamesQuery).map { $0.text(0) }
    }
}
