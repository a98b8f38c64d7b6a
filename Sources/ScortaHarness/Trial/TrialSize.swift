import ScortaKit

/// How hard a trial pushes: `small` runs in the tests and CI, `full` is the
/// size the issue asks for (run on demand, release build).
public struct TrialSize: Sendable {
    public let name: String
    /// Crash trial: how many times a posting process is killed.
    public let kills: Int
    /// Concurrency trial: documents attempted in all, by `writers` processes.
    public let concurrentDocuments: Int
    public let writers: Int
    /// Bad-input sweep: generated cases.
    public let badInputCases: Int

    public static let small = TrialSize(
        name: "small", kills: 8, concurrentDocuments: 200, writers: 4, badInputCases: 1_500)
    public static let full = TrialSize(
        name: "full", kills: 200, concurrentDocuments: 10_000, writers: 4, badInputCases: 100_000)

    public static func named(_ name: String) throws -> TrialSize {
        guard let size = [small, full].first(where: { $0.name == name }) else {
            throw ScortaError.invalid("a trial size must be small or full (got '\(name)')")
        }
        return size
    }
}

/// What a trial found: figures to print, and the problems that fail it.
public struct TrialReport: Sendable {
    public let title: String
    public var figures: [(String, String)] = []
    public var problems: [String] = []

    public init(title: String) { self.title = title }

    public var passed: Bool { problems.isEmpty }

    mutating func figure(_ name: String, _ value: Any) { figures.append((name, "\(value)")) }

    mutating func problem(_ text: String) {
        // Enough to diagnose; a broken run must not print a million lines.
        if problems.count < 50 {
            problems.append(text)
        } else if problems.count == 50 {
            problems.append("(more problems not shown)")
        }
    }

    public func text() -> String {
        var out = "\(title)\n"
        let width = (figures.map(\.0.count).max() ?? 0) + 2
        for (name, value) in figures {
            out += "  " + name + String(repeating: " ", count: max(1, width - name.count)) + value + "\n"
        }
        out += passed ? "  PASSED\n" : "  FAILED:\n" + problems.map { "    \($0)\n" }.joined()
        return out
    }
}
