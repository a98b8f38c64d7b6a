import Foundation
import ScortaHarness
import Testing

/// A posted document of more than 50 lines is summarised (its listing took a
/// sixth of a 100,000-line bulk receipt); `--lines` lists every line.
@Suite struct PostedSummaryTests {
    func delivery(_ s: Sandbox, lines: Int) throws -> String {
        try s.write(
            "delivery-\(lines).csv",
            "sku,quantity,lot,expiry\n" + (0..<lines).map { "IG-SAP,2,L\($0),2028-01-01\n" }.joined())
    }

    @Test(arguments: Engine.tested) func moreThanFiftyLinesAreSummarisedUnlessAsked(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let big = s.run("receive", "--at", "MAG-A", "--file", try delivery(s, lines: 51))
        #expect(big.status == 0, "\(big.stderr)")
        let bigLines = big.stdout.split(separator: "\n")
        #expect(bigLines.count == 2, "\(big.stdout)")
        #expect(bigLines.first?.hasSuffix("posted (receipt, \(todayText()), 51 lines)") == true)
        #expect(
            bigLines.last?.hasPrefix("102 units of 1 item; list them with 'scorta show RIC-") == true, "\(big.stdout)")

        let listed = s.run("receive", "--at", "MAG-A", "--lines", "--file", try delivery(s, lines: 60))
        #expect(listed.status == 0)
        #expect(listed.stdout.split(separator: "\n").filter { $0.contains("IG-SAP") }.count == 60, "\(listed.stdout)")

        let small = s.run("receive", "--at", "MAG-A", "--file", try delivery(s, lines: 50))
        #expect(small.stdout.split(separator: "\n").filter { $0.contains("IG-SAP") }.count == 50, "\(small.stdout)")
    }

    func todayText() -> String {
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return String(format: "%04d-%02d-%02d", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday)
    }
}
