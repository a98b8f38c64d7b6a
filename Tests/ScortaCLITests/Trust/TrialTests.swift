import Foundation
import Testing

/// The trials at their small size: the same code as the full runs whose
/// figures are in the README, so CI keeps them working. They assert the
/// trials' verdicts and counts, never their timings.
@Suite(.serialized) struct TrialTests {
    func trial(_ name: String, seed: String = "1") throws -> ScortaRun {
        let s = try Sandbox(initialised: false)
        return s.run("trial", name, "--size", "small", "--seed", seed, "--dir", s.path("work"))
    }

    @Test func crashTrialFindsEveryKilledPostingWholeOrAbsent() throws {
        let result = try trial("crash")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("kills (SIGKILL)                         8\n"))
        #expect(result.stdout.contains("check and verify after every kill       clean\n"))
        #expect(result.stdout.hasSuffix("PASSED\n"))
    }

    @Test func concurrencyTrialLosesNoUpdate() throws {
        let result = try trial("concurrency")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("attempts                                   200\n"))
        #expect(result.stdout.contains("crashed processes                          0\n"))
        #expect(result.stdout.contains("lost updates / negative stock              none\n"))
        #expect(result.stdout.hasSuffix("PASSED\n"))
    }

    @Test func badInputSweepGetsClearErrorsAndWritesNothing() throws {
        let result = try trial("badinput")
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("cases                                1500\n"))
        #expect(result.stdout.contains("accepted and wrote                   0\n"))
        #expect(result.stdout.contains("crashes / hangs                      0 / 0\n"))
        #expect(result.stdout.contains("database unchanged (content hash)    yes\n"))
    }

    @Test func aTrialRefusesAnUnknownSize() throws {
        let result = try Sandbox(initialised: false).run("trial", "crash", "--size", "huge")
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: --size must be small or full (got 'huge')\n"))
    }
}
