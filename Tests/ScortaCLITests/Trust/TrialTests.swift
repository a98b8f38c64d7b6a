import Foundation
import ScortaHarness
import Testing

/// The trials at their small size: the same code as the full runs whose
/// figures are in the README, so CI keeps them working. They assert the
/// trials' verdicts and counts, never their timings.
@Suite(.serialized) struct TrialTests {
    /// Runs a trial in a fresh folder; on PostgreSQL in a new empty database
    /// on the test cluster (`--db`), as `scorta trial … --db postgresql://…` does.
    func trial(_ name: String, seed: String = "1", on engine: Engine = .sqlite) throws -> ScortaRun {
        let s = try Sandbox(initialised: false, engine: engine)
        return s.run(
            arguments: ["trial", name, "--size", "small", "--seed", seed, "--dir", s.path("work")]
                + (engine == .postgreSQL ? ["--db", s.db] : []))
    }

    /// The value printed after a figure's name.
    func figure(_ name: String, in output: String) -> String? {
        output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first {
            $0.hasPrefix(name + "  ")
        }
        .map { String($0.dropFirst(name.count)).trimmingCharacters(in: .whitespaces) }
    }

    @Test(arguments: Engine.tested) func crashTrialFindsEveryKilledPostingWholeOrAbsent(engine: Engine) throws {
        let result = try trial("crash", on: engine)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(figure("kills (SIGKILL)", in: result.stdout) == "8")
        #expect(figure("check and verify after every kill", in: result.stdout) == "clean")
        #expect(result.stdout.hasSuffix("PASSED\n"))
    }

    @Test(arguments: Engine.tested) func concurrencyTrialLosesNoUpdate(engine: Engine) throws {
        let result = try trial("concurrency", on: engine)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(figure("attempts", in: result.stdout) == "200")
        #expect(figure("crashed processes", in: result.stdout) == "0")
        #expect(figure("lost updates / negative stock", in: result.stdout) == "none")
        #expect(Int(figure("of which market checkouts", in: result.stdout) ?? "") ?? 0 > 0)
        #expect(result.stdout.hasSuffix("PASSED\n"))
    }

    /// SQLite only in the tests: its 1,500 processes would add minutes on a
    /// server (`scorta trial badinput --db postgresql://…` runs it there),
    /// and what it sweeps (parsing and refusals) is the same code on both.
    @Test func badInputSweepGetsClearErrorsAndWritesNothing() throws {
        let result = try trial("badinput")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(figure("cases", in: result.stdout) == "1500")
        #expect(figure("accepted and wrote", in: result.stdout) == "0")
        #expect(figure("crashes / hangs", in: result.stdout) == "0 / 0")
        #expect(figure("database unchanged (content hash)", in: result.stdout) == "yes")
    }

    /// Trials need no operator, so their workers must never write into a real ledger.
    @Test(arguments: Engine.tested) func aTrialWorkerRefusesARealDatabase(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let before = s.contents()
        let result = s.run("trial", "worker", "--worker", "1", "--seed", "1", "--count", "5")
        #expect(result.status == 1)
        #expect(
            result.stderr == "Error: \(s.db) is not a trial database; trials only write into the ones they create\n")
        #expect(s.contents() == before)
    }

    @Test(arguments: Engine.tested) func aTrialRefusesAnUnknownSize(engine: Engine) throws {
        let result = try Sandbox(initialised: false, engine: engine).run("trial", "crash", "--size", "huge")
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: --size: 'huge' must be one of: small, full\n"))
    }
}
