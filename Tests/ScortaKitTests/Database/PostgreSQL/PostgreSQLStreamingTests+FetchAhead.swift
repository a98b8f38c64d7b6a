import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

/// A cursor's next batch is asked for as soon as a full one arrives, and
/// read when the walk reaches it: whatever runs in between (reads, writes,
/// savepoints, errors, the cursor's end, a rollback) first reads that answer
/// and keeps it for its cursor, so no row is lost, repeated or read by
/// another statement, and the connection is clean afterwards.
extension PostgreSQLStreamingTests {
    /// Each row's `n`, with `between(n)` called before it is read on.
    func walk(_ db: Database, _ between: (Int) throws -> Void = { _ in }) throws -> [Int] {
        let statement = try db.makeStatement("SELECT n FROM fact ORDER BY n")
        var seen: [Int] = []
        try statement.forEach { row in
            let n = row.int(0)
            try between(n)
            seen.append(n)
        }
        return seen
    }

    @Test func theNextBatchIsAskedForWhileThisOneIsWalked() throws {
        let db = try connect()
        let session = try connection(db)
        try db.inSavepoint(.deferred) {
            let before = session.roundTrips
            var inFlight: [Int: Bool] = [:]
            let seen = try walk(db) { n in
                if n % PostgreSQLCursor.fetchSize == 1 { inFlight[n] = session.fetchInFlight != nil }
            }
            #expect(seen == Array(1...PostgreSQLStreamingTests.rows))
            // Behind the first two batches (full) the next was on its way; the third, short, was the last.
            #expect(
                inFlight == [1: true, PostgreSQLCursor.fetchSize + 1: true, 2 * PostgreSQLCursor.fetchSize + 1: false])
            // Still one round trip a batch, and nothing left over.
            #expect(session.roundTrips - before == 3)
            #expect(session.fetchInFlight == nil && session.fetchedAhead.isEmpty)
            #expect(try openCursors(db) == 0)
        }
    }

    @Test func statementsBetweenBatchesTakeNothingFromTheCursor() throws {
        let db = try connect()
        try db.execute("CREATE TABLE note (n bigint PRIMARY KEY)")
        let size = PostgreSQLCursor.fetchSize
        let seen = try db.inSavepoint(.deferred) {
            try walk(db) { n in
                switch n {
                case 1, size + 1, 2 * size + 1:
                    // A read while the next batch is in flight.
                    #expect(try db.scalar("SELECT count(*) FROM fact WHERE n <= ?", [n]) == Int64(n))
                case 2, size + 2:
                    // A write held back, then sent with the next answer wanted.
                    try db.write("INSERT INTO note(n) VALUES (?)", [n])
                case 3, size + 3:
                    // A savepoint whose work fails and is undone; the transaction goes on.
                    let failed = try #require(throws: DatabaseError.self) {
                        try db.inSavepoint {
                            try db.run("INSERT INTO note(n) VALUES (?)", [-n])
                            _ = try db.scalar("SELECT n FROM nowhere")
                        }
                    }
                    #expect(failed.message.contains("\"nowhere\" does not exist"))
                case 4, size + 4:
                    try db.inSavepoint { try db.run("INSERT INTO note(n) VALUES (?)", [n]) }
                default: break
                }
            }
        }
        #expect(seen == Array(1...PostgreSQLStreamingTests.rows))
        let notes = try db.makeStatement("SELECT n FROM note ORDER BY n").map { $0.int(0) }
        #expect(notes == [2, 4, size + 2, size + 4])
        #expect(try db.scalar("SELECT count(*) FROM fact") == Int64(PostgreSQLStreamingTests.rows))
    }

    @Test func aFetchAheadThatFailsIsTheErrorOfTheNextStatementAndOfItsCursor() throws {
        let db = try connect()
        // Row 15,000 divides by zero: in the second batch, asked for while the first is walked.
        let failing = "SELECT n, 1 / (n - 15000) FROM fact ORDER BY n"
        for between in [true, false] {
            var walked = 0
            let error = try #require(throws: DatabaseError.self) {
                try db.inSavepoint(.deferred) {
                    try db.makeStatement(failing).forEach { row in
                        walked = row.int(0)
                        if between, walked == 5 { _ = try db.scalar("SELECT count(*) FROM fact") }
                    }
                }
            }
            #expect(error.message.contains("division by zero"))
            #expect(walked == (between ? 5 : PostgreSQLCursor.fetchSize))
            let session = try connection(db)
            #expect(!session.isInTransaction && session.fetchInFlight == nil && session.fetchedAhead.isEmpty)
            #expect(try db.scalar("SELECT count(*) FROM fact") == Int64(PostgreSQLStreamingTests.rows))
        }
    }

    @Test func aCursorLeftOrRolledBackWithItsFetchInFlightLeavesTheConnectionClean() throws {
        let db = try connect()
        let session = try connection(db)
        try db.inSavepoint(.deferred) {
            // Dropped after its first row: the batch on its way is read and dropped.
            let statement = try db.makeStatement("SELECT n FROM fact ORDER BY n")
            #expect(try statement.first { $0.int64(0) } == 1)
            #expect(session.fetchInFlight?.wanted == false)
            #expect(try db.scalarText("SELECT name FROM fact WHERE n = ?", [7]) == "riga 7")
            #expect(session.fetchInFlight == nil && session.fetchedAhead.isEmpty)
            #expect(try openCursors(db) == 0)
            // Left mid-walk by an error of its own: the same.
            struct Enough: Error {}
            #expect(throws: Enough.self) {
                try db.makeStatement("SELECT n FROM fact ORDER BY n").forEach { if $0.int(0) == 3 { throw Enough() } }
            }
            #expect(try db.scalarText("SELECT name FROM fact WHERE n = ?", [8]) == "riga 8")
            #expect(try openCursors(db) == 0)
        }
        // A rollback with a batch in flight: the transaction ends whole, nothing is left to read.
        struct Stop: Error {}
        var inFlight = false
        #expect(throws: Stop.self) {
            try db.inSavepoint(.deferred) {
                let statement = try db.makeStatement("SELECT n FROM fact ORDER BY n")
                try statement.forEach { row in
                    if row.int(0) == 3 {
                        inFlight = session.fetchInFlight != nil
                        throw Stop()
                    }
                }
            }
        }
        #expect(inFlight)
        #expect(!session.isInTransaction && session.fetchInFlight == nil && session.fetchedAhead.isEmpty)
        #expect(try db.scalarText("SELECT name FROM fact WHERE n = ?", [9]) == "riga 9")
        #expect(try db.makeStatement("SELECT n FROM fact WHERE n < 4 ORDER BY n").map { $0.int(0) } == [1, 2, 3])
    }
}
