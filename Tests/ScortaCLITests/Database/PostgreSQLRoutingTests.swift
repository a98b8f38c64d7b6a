import Foundation
import ScortaHarness
import Testing

/// `--db` and `SCORTA_DB` name a file (SQLite) or a PostgreSQL database: a
/// `postgresql://` or `postgres://` URI, or a `service=` from pg_service.conf.
@Suite(.enabled(if: PostgreSQLCluster.enabled, "\(PostgreSQLCluster.unavailableReason ?? "")"))
struct PostgreSQLRoutingTests {
    /// `scorta init --db URI` fills an empty database, prints the URI without
    /// its password, and the ledger is then used through SCORTA_DB.
    @Test func initCreatesTheLedgerInAnEmptyServerDatabaseAndCommandsUseIt() throws {
        let sandbox = try Sandbox(initialised: false, engine: .postgreSQL)
        let withPassword = sandbox.db.replacingOccurrences(
            of: "\(PostgreSQLCluster.superuser)@", with: "\(PostgreSQLCluster.superuser):secret@")
        let created = sandbox.run("init", "--db", withPassword)
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.hasPrefix("Created \(sandbox.db)\n"), "\(created.stdout)")
        #expect(!created.stdout.contains("secret"))
        #expect(sandbox.sql("SELECT count(*) FROM item") != "0")
        let received = sandbox.run("receive", "--at", "MAG-A", "IG-SAP:10")
        #expect(received.status == 0, "\(received.stderr)")
        #expect(received.stdout.hasPrefix("RIC-"))
        let stock = sandbox.run("stock", "--at", "MAG-A", "--json")
        #expect(stock.status == 0 && stock.stdout.contains("IG-SAP"), "\(stock.stderr)")
        #expect(sandbox.run("check").status == 0)
        #expect(sandbox.run("verify").status == 0)
    }

    /// As init never overwrites a file, it never writes into a database that already has tables.
    @Test func initRefusesADatabaseThatIsNotEmpty() throws {
        let sandbox = try Sandbox(engine: .postgreSQL)
        #expect(sandbox.run("receive", "--at", "MAG-A", "IG-SAP:10").status == 0)
        let before = sandbox.contents()
        let again = sandbox.run("init")
        #expect(again.status == 1)
        #expect(
            again.stderr
                == "Error: the PostgreSQL database \(sandbox.db) already has tables; init writes only into an empty database\n"
        )
        #expect(sandbox.contents() == before)
    }

    /// A command on a database nobody initialised says what to do, and creates nothing.
    @Test func anEmptyServerDatabaseIsNotALedger() throws {
        let sandbox = try Sandbox(initialised: false, engine: .postgreSQL)
        let result = sandbox.run("stock")
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "Error: the PostgreSQL database \(sandbox.db) is empty: create the ledger there with 'scorta init --db \(sandbox.db)'\n"
        )
        #expect(sandbox.tables() == [])
    }

    /// `postgres://` is libpq's other spelling; `service=NAME` reads the
    /// connection from a pg_service.conf (here PGSERVICEFILE).
    @Test func thePostgresSchemeAndAServiceNameReachTheSameLedger() throws {
        let sandbox = try Sandbox(engine: .postgreSQL)
        #expect(sandbox.run("receive", "--at", "MAG-A", "IG-SAP:7").status == 0)
        let short = sandbox.run(
            "stock", "--at", "MAG-A", "--csv",
            environment: ["SCORTA_DB": "postgres" + sandbox.db.dropFirst("postgresql".count)])
        #expect(short.status == 0, "\(short.stderr)")
        let address = try #require(URLComponents(string: sandbox.db))
        let services = try sandbox.write(
            "pg_service.conf",
            """
            [scorta-test]
            host=\(address.host ?? "")
            port=\(address.port ?? 0)
            user=\(PostgreSQLCluster.superuser)
            dbname=\(address.path.dropFirst())
            """)
        let viaService = sandbox.run(
            "stock", "--at", "MAG-A", "--csv", "--db", "service=scorta-test", environment: ["PGSERVICEFILE": services])
        #expect(viaService.status == 0, "\(viaService.stderr)")
        #expect(viaService.stdout == short.stdout)
        #expect(viaService.stdout.contains("IG-SAP"))
    }

    /// Without libpq (here: SCORTA_LIBPQ names a library that is not there)
    /// a server database is one line saying what to install; a file works as ever.
    @Test func withoutLibpqAServerDatabaseIsOneLineSayingWhatToInstall() throws {
        let sandbox = try Sandbox(initialised: false)
        let result = sandbox.run(
            "stock", "--db", "postgresql://scorta@127.0.0.1:1/scorta",
            environment: ["SCORTA_LIBPQ": "/nonexistent/libpq.so.5"])
        #expect(result.status == 1)
        #expect(
            result.stderr == """
                Error: a PostgreSQL database needs libpq, PostgreSQL's client library, and /nonexistent/libpq.so.5 is not installed: \
                install it (apt-get install libpq5) or give a database file path

                """)
        #expect(sandbox.run("init", environment: ["SCORTA_LIBPQ": "/nonexistent/libpq.so.5"]).status == 0)
    }

    /// A server that does not answer is one line naming it, within the connect timeout.
    @Test func aServerThatIsDownIsOneLine() throws {
        let sandbox = try Sandbox(initialised: false)
        let port = try PostgreSQLCluster.freePort()
        let result = sandbox.run("stock", "--db", "postgresql://scorta@127.0.0.1:\(port)/scorta")
        #expect(result.status == 1)
        #expect(result.stderr.hasPrefix("Error: "))
        #expect(result.stderr.contains("cannot connect to the PostgreSQL database"), "\(result.stderr)")
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    /// A server's ledger backs up into the same SQLite file a file's ledger
    /// does (same documents, same chain head), and such a file restores into
    /// an empty server database, never over one that has tables.
    @Test func backupOnAServerWritesASQLiteCopyThatRestoresIntoAnEmptyServerDatabase() throws {
        let sandbox = try Sandbox(engine: .postgreSQL)
        #expect(sandbox.run("receive", "--at", "MAG-A", "IG-SAP:10").status == 0)
        #expect(sandbox.run("transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:4").status == 0)
        let copy = sandbox.path("copy.sqlite")
        let backup = sandbox.run("backup", copy)
        #expect(backup.status == 0, "\(backup.stderr)")
        let head = try #require(
            backup.stdout.split(separator: "\n").last.map { String($0.dropFirst("head hash ".count)) })
        #expect(backup.stdout == "Backed up 2 documents to \(copy)\nhead hash \(head)\n")
        #expect(sandbox.run("verify", "--expect", head, "--db", copy).status == 0)
        #expect(Sandbox.sqlite3(copy, "SELECT count(*) FROM document") == "2\n")

        let before = sandbox.contents()
        let over = sandbox.run("restore", copy)
        #expect(over.status == 1)
        #expect(
            over.stderr.contains("already has tables; restore writes a backup only into an empty database"),
            "\(over.stderr)")
        #expect(sandbox.contents() == before)

        let empty = try Sandbox(initialised: false, engine: .postgreSQL)
        let restored = sandbox.run("restore", copy, "--db", empty.db)
        #expect(restored.status == 0, "\(restored.stderr)")
        #expect(restored.stdout.hasPrefix("Restored 2 documents into \(empty.db) (checked:"), "\(restored.stdout)")
        #expect(empty.run("verify", "--expect", head).status == 0)
        #expect(empty.run("check").status == 0)
        #expect(empty.sql("SELECT count(*) FROM audit WHERE action = 'restore'") == "1")
    }

    /// The trials run in a server database given with --db (an empty one),
    /// the operator being the login as for every command there.
    @Test func theConcurrencyTrialRunsInAnEmptyServerDatabase() throws {
        let sandbox = try Sandbox(initialised: false, engine: .postgreSQL)
        let result = sandbox.run(
            "trial", "concurrency", "--size", "small", "--dir", sandbox.path("work"), "--db", sandbox.db)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("lost updates / negative stock"), "\(result.stdout)")
        #expect(result.stdout.hasSuffix("PASSED\n"))
        #expect(sandbox.sql("SELECT value FROM setting WHERE key = 'trial'") == "1")
        #expect(Int(sandbox.sql("SELECT count(*) FROM document")) ?? 0 > 10)
    }
}
