import Glibc

/// A Scorta process's own peak resident memory, for the benchmark.
///
/// `wait4` cannot tell it: a child started with posix_spawn shares the
/// parent's memory until it execs, and Linux carries that high-water mark
/// into the child's `ru_maxrss`. `VmHWM` in /proc/self/status is the peak of
/// this program's own address space only.
///
/// Read and written with the C library: through Foundation's file reading
/// and writing the report cost the measured process about 1.2 million
/// instructions, a twelfth of the stock query it measured.
public enum PeakMemory {
    /// When set, a Scorta binary writes its peak in kilobytes to this file as it exits.
    public static let variable = "SCORTA_PEAK_FILE"

    /// VmHWM of this process in kilobytes, or nil where /proc has none.
    public static func kilobytes() -> Int? {
        let descriptor = open("/proc/self/status", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            status += chunk[0..<count]
        }
        let line = status.split(separator: UInt8(ascii: "\n")).first { $0.starts(with: Array("VmHWM:".utf8)) }
        // "VmHWM:\t   97000 kB": the digits are the kilobytes.
        let digits = line?.filter { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } ?? []
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// Writes the peak where the benchmark asked for it; silent otherwise.
    public static func reportIfAsked() {
        guard let path = getenv(variable).map({ String(cString: $0) }), !path.isEmpty, let peak = kilobytes() else {
            return
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { return }
        let text = Array("\(peak)\n".utf8)
        _ = text.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        close(descriptor)
    }
}
