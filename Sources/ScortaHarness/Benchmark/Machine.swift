import Foundation
import ScortaKit

/// The machine figures were measured on (benchmarks and trials).
public enum Machine {
    /// CPU model, cores and memory from /proc, for the line that heads the figures.
    public static func describe() -> String {
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("model name") }?.split(separator: ":").last?
            .trimmingCharacters(in: .whitespaces) ?? "unknown CPU"
        let memory =
            (try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("MemTotal") }?.split(separator: " ").dropFirst().first.flatMap
        { Int($0) } ?? 0
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
    /// short command some milliseconds. Read from the libraries the binary
    /// asks the loader for (its ELF `DT_NEEDED` entries, what `ldd` lists).
    public static func swiftLinkage(of path: String) -> String {
        guard let needed = neededLibraries(of: path) else { return "linkage unknown (not a 64-bit ELF file)" }
        return needed.contains { $0.hasPrefix("libswiftCore") }
            ? "Swift runtime and Foundation loaded at start-up (dynamic)"
            : "Swift runtime and Foundation linked in (--static-swift-stdlib)"
    }

    /// The shared libraries a 64-bit little-endian ELF file names as needed.
    static func neededLibraries(of path: String) -> [String]? {
        guard let data = FileManager.default.contents(atPath: path), data.count > 64,
            data.prefix(4) == Data([0x7f, 0x45, 0x4c, 0x46]), data[4] == 2, data[5] == 1
        else { return nil }
        let bytes = [UInt8](data)
        func integer(_ offset: Int, _ size: Int) -> Int {
            guard offset >= 0, offset + size <= bytes.count else { return 0 }
            var value: UInt64 = 0
            for index in (0..<size).reversed() { value = value << 8 | UInt64(bytes[offset + index]) }
            return Int(truncatingIfNeeded: value)
        }
        let headerOffset = integer(0x20, 8)
        let headerSize = integer(0x36, 2)
        let headers = integer(0x38, 2)
        var loads: [(address: Int, offset: Int, size: Int)] = []
        var dynamic: (offset: Int, size: Int)?
        for index in 0..<headers {
            let header = headerOffset + index * headerSize
            switch integer(header, 4) {
            case 1: loads.append((integer(header + 16, 8), integer(header + 8, 8), integer(header + 32, 8)))  // PT_LOAD
            case 2: dynamic = (integer(header + 8, 8), integer(header + 32, 8))  // PT_DYNAMIC
            default: break
            }
        }
        guard let dynamic else { return [] }  // statically linked throughout
        var names: [Int] = []
        var stringTable: Int?
        for entry in stride(from: dynamic.offset, to: dynamic.offset + dynamic.size, by: 16) {
            let tag = integer(entry, 8)
            let value = integer(entry + 8, 8)
            if tag == 0 { break }  // DT_NULL
            if tag == 1 { names.append(value) }  // DT_NEEDED
            if tag == 5 { stringTable = value }  // DT_STRTAB, an address
        }
        guard let address = stringTable,
            let load = loads.first(where: { address >= $0.address && address < $0.address + $0.size })
        else { return nil }
        let table = address - load.address + load.offset
        return names.map { offset in
            let start = table + offset
            guard start >= 0, start < bytes.count else { return "" }
            let end = bytes[start...].firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[start..<end], as: UTF8.self)
        }
    }
}
