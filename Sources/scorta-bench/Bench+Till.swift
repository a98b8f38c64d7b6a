import Foundation
import ScortaHarness
import ScortaKit

/// The market's checkout as a clerk meets it: `scorta market scan` runs for
/// the whole visit (one process, one connection), so what the household
/// waits for is from `done` to the receipt, not a process's start. The
/// one-shot `market checkout` figure stays beside it: it is what a script
/// or another till program pays.
extension Bench {
    /// Registers a household of its own (its points are not the one-shot
    /// figure's), then times `repeats` till sessions of one scanned item.
    func tillFigure(_ name: String, environment: [String: String], registration: String, repeats: Int) -> Figure {
        let registered = ProcessMeasurement.run(
            [scorta, "household", "register", "--member", "born=1980,sex=f", "--member", "born=2015,sex=m", "--json"],
            environment: environment, output: registration)
        let answer = (try? String(contentsOfFile: registration, encoding: .utf8)) ?? ""
        guard registered.status == 0,
            let code = answer.split(separator: "\"").drop(while: { $0 != "code" }).dropFirst(2).first
        else {
            return Figure(
                name: name, value: "FAILED to register a household (exit \(registered.status))", peakKilobytes: nil,
                target: "")
        }
        let till = TillMeasurement.median(
            repeats, [scorta, "market", "scan", "--card", String(code)], items: ["AL-PAS"], environment: environment)
        guard let seconds = till.seconds else {
            return Figure(name: name, value: "FAILED: \(till.failure ?? "")", peakKilobytes: nil, target: "")
        }
        return Figure(
            name: name, value: "\(format(seconds * 1000)) ms (median of \(repeats))", peakKilobytes: nil,
            target: "< 30 ms: " + (seconds <= 0.030 ? "met" : "MISSED"))
    }
}
