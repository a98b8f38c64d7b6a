import Foundation
import ScortaHarness
import ScortaKit
import Testing

/// CI runs the smoke size of the benchmark: it must build a dataset through
/// the posting path and print every figure (no timing is asserted).
@Suite struct BenchSmokeTests {
    @Test func smokeBenchmarkPrintsEveryFigure() throws {
        let bench = URL(fileURLWithPath: Sandbox.binary).deletingLastPathComponent().appendingPathComponent(
            "scorta-bench"
        ).path
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = Sandbox.execute(
            bench, ["--size", "smoke", "--dir", folder, "--keep"],
            environment: ["SCORTA_SEEDS": Sandbox.seeds, "PATH": "/usr/bin:/bin"])
        #expect(run.status == 0, "\(run.stderr)")
        // The bulk receipt is timed on a copy, as the shell's import is: the commands timed after it
        // see the dataset as built (its thousands of new lots made the stock query list them all).
        let bulkLots = Sandbox.execute(
            "/usr/bin/sqlite3",
            [folder + "/bench.sqlite", "SELECT count(*) FROM lot WHERE code GLOB 'B[0-9]*' OR code GLOB 'L-*'"])
        #expect(bulkLots.status == 0 && bulkLots.stdout == "0\n", "\(bulkLots.stdout)\(bulkLots.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/receipt.sqlite"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/floor.sqlite"))
        // The floor wrote every row the receipt wrote: its lots, lines, balances and days, 2,000 each.
        #expect(run.stdout.contains("8000 rows (lots, lines, balances, days)"), "\(run.stdout)")
        #expect(run.stdout.contains("machine: "))
        for figure in [
            "dataset posting (in process)", "database size", "bulk receipt CSV (scorta receive)",
            "baseline: sqlite3 shell .import, plain table", "ingest ratio scorta / sqlite3 .import",
            "floor: sqlite3 shell writing the receipt's rows", "bulk receipt / its rows' floor",
            "floor / sqlite3 .import", "bulk receipt, one lot an item (scorta receive)",
            "ingest ratio, one lot an item / its .import",
            "baseline: sqlite3 shell, open + one SELECT", "stock query (one item, MAG-A)",
            "stock query / sqlite3 start-up floor",
            "stock query (one item at the market)", "single transfer (one line)", "market checkout (one line)",
            "market checkout at the till (from 'done' to the receipt)", "distribution backdated a year (one line)",
            "check (replay the whole ledger)", "verify (recompute the hash chain)", "stock, every location, CSV",
            "distributions, every one, CSV", "FEAD/ESF+ report, year, JSON", "FEAD/ESF+ report, year, PDF",
            "stock register, market, year, PDF", "distribution register, year, CSV", "item labels, L7160"
        ] {
            #expect(run.stdout.contains(figure), "missing figure: \(figure)")
        }
        // The same figures on a loopback PostgreSQL server, side by side (issue 14).
        if PostgreSQLCluster.enabled {
            for figure in [
                "PostgreSQL: dataset posting (in process)", "PostgreSQL: stock query (one item, market)",
                "PostgreSQL: single transfer (one line)", "PostgreSQL: market checkout (one line)",
                "PostgreSQL: market checkout at the till (from 'done' to the receipt)",
                "SQLite: FEAD/ESF+ report, year, JSON", "PostgreSQL: FEAD/ESF+ report, year, JSON",
                "FEAD report PostgreSQL / SQLite",
                "PostgreSQL: check (replay the whole ledger)", "PostgreSQL: verify (recompute the hash chain)"
            ] {
                #expect(run.stdout.contains(figure), "missing figure: \(figure)")
            }
            // The ratio is the region's year; at smoke size it is shown, not judged.
            let feadRatio = run.stdout.split(separator: "\n").first { $0.hasPrefix("FEAD report PostgreSQL / SQLite") }
            #expect(feadRatio?.hasSuffix("≤ 2 at region size (not judged at smoke)") == true)
            // Again through a throwaway PgBouncer where one is installed; its absence is said.
            let pooled =
                PgBouncer.binary == nil
                ? ["PostgreSQL through PgBouncer"]
                : [
                    "PostgreSQL through PgBouncer: stock query (one item, market)",
                    "PostgreSQL through PgBouncer: single transfer (one line)",
                    "PostgreSQL through PgBouncer: market checkout (one line)"
                ]
            for figure in pooled { #expect(run.stdout.contains(figure), "missing figure: \(figure)") }
        }
        #expect(!run.stdout.contains("FAILED"), "\(run.stdout)")
        // The dataset holds people, not only stock: distributions were posted.
        #expect(run.stdout.contains("distribution lines"), "\(run.stdout)")
    }

    /// The peak memory of a Scorta child is its own, not the parent's size
    /// that posix_spawn's wait4 figure starts from.
    @Test func childPeakMemoryIsTheChildsOwn() throws {
        let ballast = [UInt8](repeating: 1, count: 300 * 1_048_576)
        let run = ProcessMeasurement.run([Sandbox.binary, "--version"])
        #expect(run.status == 0)
        #expect(run.peakIsExact)
        #expect(run.peakKilobytes > 1_000 && run.peakKilobytes < 200 * 1024, "\(run.peakKilobytes) kB")
        #expect(ballast.count > 0)
    }

    /// Commands measured in turn keep their own results, in the order given:
    /// the start-up ratio divides the second by the first.
    @Test func interleavedCommandsKeepTheirOwnResults() {
        let results = ProcessMeasurement.interleavedMedians(
            3, [["/bin/sh", "-c", "exit 0"], ["/bin/sh", "-c", "sleep 0.05; exit 3"]])
        #expect(results.count == 2)
        #expect(results.map(\.status) == [0, 3])
        #expect(results[1].seconds >= 0.05 && results[1].seconds > results[0].seconds)
    }

    /// The same report on two engines runs in turn, each with its own
    /// environment (its database and operator): neither sees the other's.
    @Test func interleavedCommandsRunWithTheirOwnEnvironments() {
        let check = ["/bin/sh", "-c", "test \"$SCORTA_DB\" = \"$EXPECTED\" || exit 7"]
        let results = ProcessMeasurement.interleavedMedians(
            3,
            [
                (arguments: check, environment: ["SCORTA_DB": "ledger.sqlite", "EXPECTED": "ledger.sqlite"]),
                (arguments: check, environment: ["SCORTA_DB": "postgresql://site@host/db", "EXPECTED": "ledger.sqlite"])
            ])
        #expect(results.map(\.status) == [0, 7])
    }
}
