import Foundation
import ScortaKit

/// A Scorta process's own peak resident memory, for the benchmark.
///
/// `wait4` cannot tell it: a child started with posix_spawn shares the
/// parent's memory until it execs, and Linux carries that high-water mark
/// into the child's `ru_maxrss`. `VmHWM` in /proc/self/status is the peak of
/// this program's own address space only.
public enum PeakMemory {
    /// When set, a Scorta binary writes its peak in kilobytes to this file as it exits.
    public static let variable = "SCORTA_PEAK_FILE"

    /// VmHWM of this process in kilobytes, or nil where /proc has none.
    public static func kilobytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        return status.split(separator: "\n").first { $0.hasPrefix("VmHWM:") }?
            .split(separator: " ").dropFirst().first.flatMap { Int($0) }
    }

    /// Writes the peak where the benchmark asked for it; silent otherwise.
    public static func reportIfAsked() {
        guard let path = getenv(variable).map({ String(cString: $0) }), !path.isEmpty, let peak = kilobytes() else {
            return
        }
        try? "\(peak)\n".write(toFile: path, atomically: false, encoding: .utf8)
    }
}
