import Foundation
import ScortaKit

/// Wall time and peak memory of a child process, measured from spawn to exit
/// (what a clerk waits for), with `wait4`'s resource usage for the peak.
public struct ProcessMeasurement: Sendable {
    public let seconds: Double
    public let peakKilobytes: Int
    public let status: Int32
    /// False when the child did not report its own peak (not a Scorta
    /// binary): `peakKilobytes` is then at least this process's own size.
    public var peakIsExact = true

    /// Runs `arguments[0]` with the rest, output discarded unless `output` names a file.
    public static func run(_ arguments: [String], environment: [String: String] = [:], output: String? = nil)
        -> ProcessMeasurement
    {
        // The child writes its own peak (see PeakMemory): wait4's ru_maxrss
        // starts from this process's size, because posix_spawn shares our
        // memory until exec and Linux keeps that high-water mark.
        let peakFile = "/tmp/scorta-peak-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(peakFile) }
        let start = Clock.monotonicSeconds()
        guard
            let child = try? ChildProcess.spawn(
                arguments, environment: environment.merging([PeakMemory.variable: peakFile]) { $1 },
                output: output, keepErrors: true)
        else {
            return ProcessMeasurement(seconds: 0, peakKilobytes: 0, status: -1, peakIsExact: false)
        }
        let (ending, usage) = child.waitWithUsage()
        let seconds = Clock.monotonicSeconds() - start
        let reported = (try? String(contentsOfFile: peakFile, encoding: .utf8)).flatMap { Int($0.filter(\.isNumber)) }
        return ProcessMeasurement(
            seconds: seconds, peakKilobytes: reported ?? Int(usage.ru_maxrss), status: ending.status,
            peakIsExact: reported != nil)
    }

    /// The median run of `times` repetitions (by wall time), and the largest peak memory.
    public static func median(_ times: Int, _ arguments: [String], environment: [String: String] = [:])
        -> ProcessMeasurement
    {
        summary((0..<max(1, times)).map { _ in run(arguments, environment: environment) })
    }

    /// The median run of each command when they are run in turn, `times`
    /// rounds: a ratio of two start-up times is only fair when both meet the
    /// same moments of a shared machine's load.
    public static func interleavedMedians(
        _ times: Int, _ commands: [[String]], environment: [String: String] = [:]
    ) -> [ProcessMeasurement] {
        interleavedMedians(times, commands.map { (arguments: $0, environment: environment) })
    }

    /// As above, each command with its own environment: the same report on
    /// two engines, whose databases and operators differ.
    public static func interleavedMedians(
        _ times: Int, _ commands: [(arguments: [String], environment: [String: String])]
    ) -> [ProcessMeasurement] {
        var runs = Array(repeating: [ProcessMeasurement](), count: commands.count)
        for _ in 0..<max(1, times) {
            for (index, command) in commands.enumerated() {
                runs[index].append(run(command.arguments, environment: command.environment))
            }
        }
        return runs.map(summary)
    }

    static func summary(_ runs: [ProcessMeasurement]) -> ProcessMeasurement {
        let sorted = runs.sorted { $0.seconds < $1.seconds }
        let middle = sorted[sorted.count / 2]
        return ProcessMeasurement(
            seconds: middle.seconds, peakKilobytes: runs.map(\.peakKilobytes).max() ?? 0,
            status: runs.map(\.status).max() ?? 0, peakIsExact: runs.allSatisfy(\.peakIsExact))
    }
}

extension Clock {
    public static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// This process's peak resident memory so far, in kilobytes.
    public static func peakKilobytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss)
    }
}
