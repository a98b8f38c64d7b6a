import Foundation
import ScortaHarness
import ScortaKit

extension Bench {
    /// Registers a household of the benchmark's own through the real binary, so
    /// the points a timed checkout spends are not the dataset's; its JSON answer
    /// is kept in `output`. The card code, or the exit status when it failed.
    func registerHousehold(environment: [String: String], output: String) -> Result<String, RegistrationFailed> {
        let registered = ProcessMeasurement.run(
            [scorta, "household", "register", "--member", "born=1980,sex=f", "--member", "born=2015,sex=m", "--json"],
            environment: environment, output: output)
        let answer = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard registered.status == 0,
            let code = answer.split(separator: "\"").drop(while: { $0 != "code" }).dropFirst(2).first
        else { return .failure(RegistrationFailed(status: registered.status)) }
        return .success(String(code))
    }
}

/// A benchmark household that could not be registered: its figures print this.
struct RegistrationFailed: Error, CustomStringConvertible {
    let status: Int32
    var description: String { "FAILED to register a household (exit \(status))" }
}
