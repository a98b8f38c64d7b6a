import Foundation
import ScortaHarness
import Testing

/// How a command uses its database file: opened once, and refused when a
/// newer Scorta has changed its schema.
@Suite struct ConnectionTests {
    static let strace = ["/usr/bin/strace", "/bin/strace"].first { FileManager.default.isExecutableFile(atPath: $0) }
    static let required = ProcessInfo.processInfo.environment["SCORTA_REQUIRE_TOOLS"] == "1"

    /// The access check and the command used to open the file one after the
    /// other, each checking the migrations; now they share one connection.
    /// SQLite only: it counts the file's opens (strace); a server's connections are pgwire's round trips.
    @Test(.enabled(if: strace != nil || required)) func aCommandOpensTheDatabaseOnce() throws {
        let sandbox = try Sandbox()
        #expect(sandbox.run("receive", "--at", "MAG-A", "IG-SAP:10").status == 0)
        for command in [["stock", "--at", "MAG-A"], ["receive", "--at", "MAG-A", "IG-SAP:5"], ["verify"]] {
            let trace = sandbox.path("trace")
            let result = Sandbox.execute(
                Self.strace ?? "strace", ["-f", "-e", "trace=openat", "-o", trace, Sandbox.binary] + command,
                environment: sandbox.environment(), directory: sandbox.folder.path)
            #expect(result.status == 0, "\(command): \(result.stderr)")
            let opens = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n")
                .filter { $0.contains("\"\(sandbox.db)\"") && !$0.contains("ENOENT") }
            #expect(
                opens.count == 1,
                "\(command) opened the database \(opens.count) times:\n\(opens.joined(separator: "\n"))")
        }
    }

    /// An older binary used to skip the schema steps it did not know and
    /// write to the newer schema. Reproduced by recording an unknown step.
    @Test(arguments: Engine.tested) func aDatabaseMigratedByANewerScortaIsRefused(engine: Engine) throws {
        let sandbox = try Sandbox(engine: engine)
        _ = sandbox.sql(
            "INSERT INTO schema_migration(identifier, applied_at) VALUES ('0099-from-the-future', '2027-01-01T00:00:00Z')"
        )
        let before = sandbox.contents()
        for command in [["stock"], ["receive", "--at", "MAG-A", "IG-SAP:10"]] {
            let result = sandbox.run(arguments: command)
            #expect(result.status == 1)
            #expect(result.stderr.contains("updated by a newer version of Scorta"), "\(result.stderr)")
            #expect(result.stderr.contains("0099-from-the-future"))
        }
        #expect(sandbox.contents() == before)
    }
}
