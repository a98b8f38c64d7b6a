import Foundation
import ScortaHarness
import Testing

/// The command-line tools that check our PDFs from outside (qpdf, poppler, zbar, zxing-cpp).
/// A test that needs one is enabled when it is installed, or always when
/// SCORTA_REQUIRE_TOOLS=1 (CI), so a missing tool there fails instead of skipping.
enum ExternalTools {
    static let required = ProcessInfo.processInfo.environment["SCORTA_REQUIRE_TOOLS"] == "1"

    static func path(_ name: String) -> String? {
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Python with the `zxingcpp` module: SCORTA_ZXING_PYTHON, default /tmp/zxing-venv/bin/python.
    static let zxingPython: String? = {
        let python = ProcessInfo.processInfo.environment["SCORTA_ZXING_PYTHON"] ?? "/tmp/zxing-venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else { return nil }
        return run(python, ["-c", "import zxingcpp, PIL"]).status == 0 ? python : nil
    }()

    /// Whether tests using all of `names` should run (`zxing` stands for the Python module).
    static func enabled(_ names: String...) -> Bool {
        required || names.allSatisfy { $0 == "zxing" ? zxingPython != nil : path($0) != nil }
    }

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs a tool; a missing tool is a recorded failure with status 127.
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Result {
        let executable = tool.hasPrefix("/") ? tool : path(tool)
        guard let executable else {
            Issue.record("\(tool) is not installed (needed with SCORTA_REQUIRE_TOOLS=1)")
            return Result(status: 127, stdout: "", stderr: "")
        }
        let result = ChildProcess.capture([executable] + arguments)
        return Result(status: result.status, stdout: result.stdout, stderr: result.stderr)
    }

    /// A temporary folder for one test's files.
    static func scratch() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorta-pdf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
