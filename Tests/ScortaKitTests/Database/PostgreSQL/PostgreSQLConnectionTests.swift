import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

/// The PostgreSQL connection on a throwaway local cluster: values both
/// ways, the server's errors typed by SQLSTATE, collisions between sites
/// retried, and a server that is down or silent reported on one line, soon.
@Suite(.enabled(if: PostgreSQLCluster.enabled, "\(PostgreSQLCluster.unavailableReason ?? "")"))
struct PostgreSQLConnectionTests {
    func connect() throws -> PostgreSQLConnection {
        try PostgreSQLConnection(try PostgreSQLCluster.shared().createDatabase())
    }

    @Test func valuesTravelAsTextBothWays() throws {
        let connection = try connect()
        try connection.execute(
            "CREATE TABLE sample (id bigint, name text, note text, bytes bytea, share double precision)")
        try connection.query(
            "INSERT INTO sample VALUES (?, ?, ?, ?, ?)",
            [Int64.max, "Caffè d'orzo? sì", SQLValue.null, [UInt8]([0, 255, 16]), 0.25])
        let result = try connection.query(
            "SELECT id, name, note, encode(bytes, 'hex'), share FROM sample WHERE name = ?", ["Caffè d'orzo? sì"])
        #expect(result.rowCount == 1)
        #expect(result.columnName(1) == "name")
        #expect(result.int64(0, 0) == Int64.max)
        #expect(result.text(0, 1) == "Caffè d'orzo? sì")
        #expect(result.text(0, 2) == nil)
        #expect(result.text(0, 3) == "00ff10")
        #expect(result.text(0, 4) == "0.25")
        #expect(try connection.query("UPDATE sample SET note = ? WHERE id > ?", ["x", 0]).affectedRows == 1)
    }

    @Test func aServerErrorCarriesItsSQLStateOnOneLine() throws {
        let connection = try connect()
        try connection.execute("CREATE TABLE item (sku text PRIMARY KEY)")
        try connection.query("INSERT INTO item VALUES (?)", ["IG-SAP"])
        let error = try #require(throws: PostgreSQLError.self) {
            try connection.query("INSERT INTO item VALUES (?)", ["IG-SAP"])
        }
        #expect(error.sqlState == PostgreSQLError.uniqueViolation)
        #expect(!error.isRetryable)
        #expect(error.description.hasPrefix("PostgreSQL error 23505: duplicate key value violates unique constraint"))
        #expect(!error.description.contains("\n"))
    }

    /// Two sites take the same stock at once: the server refuses the second
    /// writer (40001), which runs again on the new figure; no update is lost.
    @Test func aSerializationFailureRunsTheTransactionAgain() throws {
        let uri = try PostgreSQLCluster.shared().createDatabase()
        let till = try PostgreSQLConnection(uri)
        let warehouse = try PostgreSQLConnection(uri)
        try till.execute(
            "CREATE TABLE stock (id int PRIMARY KEY, quantity int NOT NULL); INSERT INTO stock VALUES (1, 10)")
        var attempts = 0
        try till.inTransaction {
            attempts += 1
            let quantity = try #require(try till.scalar("SELECT quantity FROM stock WHERE id = 1"))
            // The warehouse commits a change between the till's read and its write, once.
            if attempts == 1 { try warehouse.query("UPDATE stock SET quantity = quantity - 3 WHERE id = 1") }
            try till.query("UPDATE stock SET quantity = ? WHERE id = 1", [quantity - 2])
        }
        #expect(attempts == 2)
        #expect(try till.scalar("SELECT quantity FROM stock") == 5)
    }

    @Test func collisionsThatNeverEndGiveUpWithNothingWritten() throws {
        let uri = try PostgreSQLCluster.shared().createDatabase()
        let till = try PostgreSQLConnection(uri)
        let warehouse = try PostgreSQLConnection(uri)
        try till.execute(
            "CREATE TABLE stock (id int PRIMARY KEY, quantity int NOT NULL); INSERT INTO stock VALUES (1, 10)")
        var attempts = 0
        let error = try #require(throws: ScortaError.self) {
            try till.inTransaction(attempts: 3) {
                attempts += 1
                _ = try till.scalar("SELECT quantity FROM stock WHERE id = 1")
                try warehouse.query("UPDATE stock SET quantity = quantity - 1 WHERE id = 1")
                try till.query("UPDATE stock SET quantity = 0 WHERE id = 1")
            }
        }
        #expect(attempts == 3)
        #expect(error.description.contains("refused this command 3 times (40001"))
        #expect(error.description.contains("nothing was written"))
        #expect(try till.scalar("SELECT quantity FROM stock") == 7)
    }

    @Test func aServerThatIsDownIsAOneLineErrorAtOnce() throws {
        let port = try PostgreSQLCluster.freePort()
        let started = Clock.monotonicSeconds()
        let error = try #require(throws: PostgreSQLError.self) {
            try PostgreSQLConnection("postgresql://scorta@127.0.0.1:\(port)/scorta")
        }
        #expect(Clock.monotonicSeconds() - started < 5)
        #expect(error.sqlState == "08001")
        #expect(
            error.message.hasPrefix(
                "cannot connect to the PostgreSQL database: connection to server at \"127.0.0.1\", port \(port) failed")
        )
        #expect(error.message.contains("Connection refused"))
        #expect(!error.description.contains("\n"))
    }

    /// A server (or a network) that takes the connection and never answers:
    /// the connect timeout ends the wait with an error instead of a hang.
    @Test func aSilentServerTimesOut() throws {
        let listener = try SilentListener()
        let port = listener.port
        let started = Clock.monotonicSeconds()
        let error = try #require(throws: PostgreSQLError.self) {
            try PostgreSQLConnection("postgresql://scorta@127.0.0.1:\(port)/scorta", connectTimeoutSeconds: 2)
        }
        let waited = Clock.monotonicSeconds() - started
        #expect(waited >= 1.5 && waited < 10, "waited \(waited) s")
        #expect(error.message.contains("timeout expired"), "\(error)")
        #expect(!error.description.contains("\n"))
        withExtendedLifetime(listener) {}
    }
}

/// Without libpq, a PostgreSQL database is a one-line error naming the package.
@Suite struct LibPQLoadingTests {
    @Test func aMissingLibraryNamesWhatToInstall() {
        let error = #expect(throws: ScortaError.self) { try LibPQ(names: ["libpq-not-here.so.9"]) }
        #expect(error?.description.contains("needs libpq") == true)
        #expect(error?.description.contains("apt-get install libpq5") == true)
        #expect(error?.description.contains("\n") == false)
    }

    /// libpq is loaded with GnuTLS's constructor off (libldap initializes it
    /// when it needs it), and the environment is left as it was.
    @Test func libPQLoadsWithoutGnuTLSInitializingItself() {
        let variable = LibPQ.implicitTLSInitVariable
        #expect(getenv(variable) == nil)
        let during = LibPQ.withoutImplicitTLSInit { getenv(variable).map { String(cString: $0) } }
        #expect(during == "1")
        #expect(getenv(variable) == nil)
    }
}

/// A blob travels as bytea's hex text; the round trip above shows the server reads it.
@Suite struct ParameterTextTests {
    @Test func aBlobIsBackslashXAndTwoLowercaseDigitsAByte() {
        #expect(PostgreSQLConnection.text(of: .blob([0, 255, 16, 0xab, 9])) == "\\x00ff10ab09")
        #expect(PostgreSQLConnection.text(of: .blob([])) == "\\x")
        #expect(
            PostgreSQLConnection.hex(Array(0...255))
                == "\\x" + (0...255).map { String($0 >> 4, radix: 16) + String($0 & 15, radix: 16) }.joined())
    }
}
