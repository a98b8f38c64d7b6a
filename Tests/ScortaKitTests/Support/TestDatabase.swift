import Foundation
@testable import ScortaKit

/// A seeded database in a temporary file, removed when released.
final class TestDatabase: @unchecked Sendable {
    let folder: URL
    let path: String
    let db: Database

    static let seedsPath: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Seeds").path

    init(date: CivilDate = CivilDate(year: 2026, month: 1, day: 1)!) throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorta-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        path = folder.appendingPathComponent("test.sqlite").path
        db = try Store.create(path: path, seeds: SeedFiles(directory: TestDatabase.seedsPath), date: date, firstOperator: "tester")
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    var ledger: Ledger { Ledger(db) }
    var catalogue: Catalogue { Catalogue(db) }

    /// A posting context on a fixed date by a test operator.
    static func on(_ text: String, ref: String? = nil) -> PostingContext {
        PostingContext(date: try! CivilDate(parsing: text), operatorName: "tester", reference: ref)
    }

    /// Quantity on hand at a location for an item (all lots).
    func onHand(_ location: String, _ sku: String) throws -> Int {
        Int(try db.scalar("""
            SELECT coalesce(sum(b.quantity), 0) FROM balance b JOIN location l ON l.id = b.location_id JOIN item i ON i.id = b.item_id
            WHERE l.code = ? AND i.sku = ?
            """, [location, sku]) ?? 0)
    }
}
