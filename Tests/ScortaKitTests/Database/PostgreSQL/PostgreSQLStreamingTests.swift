import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

/// A one-off query read in a transaction comes through a server-side cursor,
/// a batch at a time: the same rows as read whole, never more than a batch
/// held, other statements free to run between rows, and the cursor closed.
@Suite(.enabled(if: PostgreSQLCluster.enabled, "\(PostgreSQLCluster.unavailableReason ?? "")"))
struct PostgreSQLStreamingTests {
    static let rows = 2 * PostgreSQLCursor.fetchSize + 537

    func connect() throws -> Database {
        let db = try Database(postgreSQL: try PostgreSQLCluster.shared().createDatabase())
        try db.execute(
            """
            CREATE TABLE fact (n bigint PRIMARY KEY, bytes bytea, name text);
            INSERT INTO fact SELECT n, int8send(n * 7), 'riga ' || n FROM generate_series(1, \(PostgreSQLStreamingTests.rows)) n
            """)
        return db
    }

    func connection(_ db: Database) throws -> PostgreSQLConnection {
        guard case .postgreSQL(let connection) = db.engine else { throw ScortaError.invalid("not PostgreSQL") }
        return connection
    }

    func openCursors(_ db: Database) throws -> Int64 {
        try db.scalar("SELECT count(*) FROM pg_cursors WHERE name LIKE 'scorta_rows_%'") ?? -1
    }

    /// Reads the facts after `after`, each row's values as text, with a
    /// literal query run between rows (as the report's kit recipes are).
    func read(_ db: Database, after: Int, binary: Bool, held: inout Int) throws -> [String] {
        let statement = try db.makeStatement("SELECT n, bytes, name FROM fact WHERE n > ? ORDER BY n")
        statement.binaryResults = binary
        var rows: [String] = []
        try statement.forEach([after]) { row in
            held = max(held, statement.cursor?.rowsHeld ?? 0)
            if row.int64(0) % 4_000 == 0 {
                rows.append("between: \(try db.scalar("SELECT count(*) FROM fact WHERE n <= ?", [row.int64(0)]) ?? -1)")
            }
            rows.append("\(row.int64(0)) \(Array(row.blob(1))) \(row.text(2))")
        }
        return rows
    }

    @Test func aLongQueryInATransactionComesInBatchesWithTheSameRows() throws {
        let db = try connect()
        var heldWhole = 0
        let whole = try read(db, after: 3, binary: false, held: &heldWhole)
        // Outside a transaction there is no cursor: the whole answer at once.
        #expect(heldWhole == PostgreSQLStreamingTests.rows - 3)
        #expect(whole.count == PostgreSQLStreamingTests.rows - 3 + (PostgreSQLStreamingTests.rows - 3) / 4_000)
        #expect(whole.first == "4 \([0, 0, 0, 0, 0, 0, 0, 28]) riga 4")
        #expect(whole.contains("between: 8000"))
        for binary in [false, true] {
            var held = 0
            let streamed = try db.inSavepoint(.deferred) {
                let before = try connection(db).roundTrips
                let rows = try read(db, after: 3, binary: binary, held: &held)
                // The first batch came with the DECLARE; two more fetches, and one query per 4,000 rows.
                #expect(try connection(db).roundTrips - before == 3 + (PostgreSQLStreamingTests.rows - 3) / 4_000)
                // Closed with the next statement, which costs no extra round trip.
                #expect(try openCursors(db) == 0)
                return rows
            }
            #expect(held == PostgreSQLCursor.fetchSize)
            #expect(streamed == whole)
        }
    }

    @Test func aWalkLeftEarlyClosesItsCursorAndAShortOneTakesOneRoundTrip() throws {
        let db = try connect()
        try db.inSavepoint(.deferred) {
            let statement = try db.makeStatement("SELECT n FROM fact ORDER BY n")
            #expect(try statement.first { $0.int64(0) } == 1)
            #expect(try openCursors(db) == 0)
            let before = try connection(db).roundTrips
            let few = try db.makeStatement("SELECT name FROM fact WHERE n BETWEEN ? AND ? ORDER BY n").map([5, 7]) {
                $0.text(0)
            }
            #expect(few == ["riga 5", "riga 6", "riga 7"])
            #expect(try connection(db).roundTrips == before + 1)
            // A statement that writes is not a cursor's.
            try db.makeStatement("UPDATE fact SET name = 'x' WHERE n = ?").run([1])
            #expect(db.changes == 1)
            #expect(try openCursors(db) == 0)
        }
        // An error in the query is the server's, as for a whole read.
        let error = try #require(throws: DatabaseError.self) {
            try db.inSavepoint(.deferred) {
                try db.makeStatement("SELECT n FROM nowhere WHERE n > ?").map([1]) { $0.int(0) }
            }
        }
        #expect(error.message.contains("\"nowhere\" does not exist"))
    }
}
