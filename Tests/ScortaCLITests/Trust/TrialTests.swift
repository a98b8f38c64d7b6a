import Foundation
import ScortaHarness
import Testing

/// The trials at their small size: the same code as the full runs whose
/// figures are in the README, so CI keeps them working. They assert the
/// trials' verdicts and counts, never their timings.
@Suite(.serialized) struct TrialTests {
    func trial(_ name: String, seed: String = "1") throws -> ScortaRun {
        let s = try Sandbox(initialised: false)
        return s.run("trial", name, "--size", "small", "--seed", seed, "--dir", s.path("work"))
    }

    /// The value printed after a figure's name.
    func figure(_ name: String, in output: String) -> String? {
        output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.first {
            $0.hasPrefix(name + "  ")
        }
        .map { String($0.dropFirst(name.count)).trimmingCharacters(in: .whitespaces) }
    }

    @Test func crashTrialFindsEveryKilledPostingWholeOrAbsent() throws {
        let result = try trial("crash")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(figure("kills (SIGKILL)", in: result.stdout) == "8")
        #expect(figure("check and verify after every kill", in: result.stdout) == "clean")
        #expect(result.stdout.hasSuffix("PASSED\n"))
    }

    @Test func concurrencyTrialLosesNoUpdate() throws {
        let result = try trial("concurrency")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(figure("attempts", in: result.stdout) == "200")
        #expect(figure("crashed processes", in: result.stdout) == "0")
        #expect(figure("lost updates / negative stock", in: result.stdout) == "none")
        #expect(Int(figure("of which market checkouts", in: result.stdout) ?? "") ?? 0 > 0)
        #expect(result.stdout.hasSuffix("PASSED\n"))
    }

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
