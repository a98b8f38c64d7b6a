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
}
