import Foundation
import Testing

/// Households and market stock through the binary, for the household and market stories.
extension Sandbox {
    /// Registers a household and returns its code as printed.
    func register(_ arguments: String..., date: String = "2026-10-01") throws -> String {
        let result = run(arguments: ["household", "register", "--date", date] + arguments)
        guard result.status == 0, let code = result.stdout.split(separator: " ").dropFirst(2).first else {
            throw SandboxError(message: "register failed: \(result.stderr)")
        }
        return String(code)
    }

    /// Receives goods at MAG-A and moves them to the market.
    func stockMarket(_ lines: String...) throws {
        for command in [["receive", "--at", "MAG-A"], ["transfer", "--from", "MAG-A", "--to", "EMP"]] {
            let result = run(arguments: command + lines + ["--date", "2026-10-01"])
            guard result.status == 0 else { throw SandboxError(message: "\(command[0]) failed: \(result.stderr)") }
        }
    }
}
