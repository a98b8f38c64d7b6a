import Foundation
import ScortaKit

/// The machine figures were measured on (benchmarks and trials).
public enum Machine {
    /// CPU model, cores and memory from /proc, for the line that heads the figures.
    public static func describe() -> String {
        let cpu = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let memory = (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("MemTotal") }?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        #if DEBUG
        let build = "debug build"
        #else
        let build = "release build"
        #endif
        return "\(cpu), \(ProcessInfo.processInfo.activeProcessorCount) cores, \(memory / 1_048_576) GiB, \(build)"
    }

    /// How a `scorta` binary carries the Swift runtime and Foundation: linked
    /// in (`swift build -c release --static-swift-stdlib`, what the install
    /// step builds) or loaded from the toolchain at start-up, which costs every
    /// short command some milliseconds. Read from the names of the shared
    /// libraries the binary asks for.
    public static func swiftLinkage(of path: String) -> String {
        guard let bytes = FileManager.default.contents(atPath: path) else { return "unreadable" }
        let needsRuntime = bytes.range(of: Data("libswiftCore.so\u{0}".utf8)) != nil
        return needsRuntime ? "Swift runtime and Foundation loaded at start-up (dynamic)"
            : "Swift runtime and Foundation linked in (--static-swift-stdlib)"
    }
}
