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
        let code: String
        switch registerHousehold(environment: environment, output: registration) {
        case .success(let registered): code = registered
        case .failure(let failed): return Figure(name: name, value: "\(failed)", peakKilobytes: nil, target: "")
        }
        let till = TillMeasurement.median(
            repeats, [scorta, "market", "scan", "--card", code], items: ["AL-PAS"], environment: environment)
        guard let seconds = till.seconds else {
            return Figure(name: name, value: "FAILED: \(till.failure ?? "")", peakKilobytes: nil, target: "")
        }
        return Figure(
            name: name, value: "\(format(seconds * 1000)) ms (median of \(repeats))", peakKilobytes: nil,
            target: "< 30 ms: " + (seconds <= 0.030 ? "met" : "MISSED"))
    }
}
