import ScortaKit
import Testing

@testable import ScortaHarness

@Suite struct BadInputVerdictTests {
    @Test func verdictsDemandOneClearLine() {
        #expect(BadInputTrial.classify(status: 1, stderr: "Error: unknown item 'X'\n", changed: false) == "refused")
        #expect(
            BadInputTrial.classify(
                status: 64, stderr: "Error: bad\nUsage: scorta receive\n  See 'scorta help receive' for more.\n",
                changed: false) == "refused")
        #expect(BadInputTrial.classify(status: 1, stderr: "Error: unknown item 'X\n'\n", changed: false) == "unclear")
        #expect(
            BadInputTrial.classify(status: 1, stderr: "Error: SQLite error 19: constraint\n", changed: false)
                == "unclear")
        #expect(BadInputTrial.classify(status: 1, stderr: "Error: refused\n", changed: true) == "changed")
        #expect(BadInputTrial.classify(status: 0, stderr: "", changed: true) == "wrote")
        #expect(BadInputTrial.classify(status: 0, stderr: "", changed: false) == "accepted")
        #expect(BadInputTrial.classify(status: 132, stderr: "", changed: false) == "unclear")
    }
}
