import Glibc
import ScortaKit

/// Command-line arguments arrive as bytes. Swift's `CommandLine.arguments`
/// repairs invalid UTF-8 with U+FFFD, so a Latin-1 `è` typed in an old terminal
/// would silently become part of a reference or a name; the raw bytes are
/// checked instead, before anything is parsed. (A NUL byte cannot reach an
/// argument: the kernel passes C strings, which end at the first NUL.)
public enum ArgumentEncoding {
    /// Refuses the first argument, or Scorta environment variable (the operator's
    /// name is recorded on documents), that is not valid UTF-8 (usage error).
    public static func requireUTF8() throws {
        for index in 1..<Int(CommandLine.argc) {
            guard let pointer = CommandLine.unsafeArgv[index] else { continue }
            try requireUTF8(bytes(pointer), what: "argument \(index)")
        }
        for name in ["SCORTA_OPERATOR", "SCORTA_DB", "SCORTA_SEEDS"] {
            guard let pointer = getenv(name) else { continue }
            try requireUTF8(bytes(pointer), what: "the environment variable \(name)")
        }
    }

    static func bytes(_ pointer: UnsafePointer<CChar>) -> [UInt8] {
        var bytes: [UInt8] = []
        var cursor = pointer
        while cursor.pointee != 0 {
            bytes.append(UInt8(bitPattern: cursor.pointee))
            cursor += 1
        }
        return bytes
    }

    /// Refuses `bytes` unless they are valid UTF-8, naming the argument and the byte.
    public static func requireUTF8(_ bytes: [UInt8], argument: Int) throws {
        try requireUTF8(bytes, what: "argument \(argument)")
    }

    static func requireUTF8(_ bytes: [UInt8], what: String) throws {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return
            case .error:
                let byte = String(bytes[offset], radix: 16, uppercase: true)
                throw UsageError(
                    "\(what) is not valid UTF-8 text (byte 0x\(byte.count == 1 ? "0" : "")\(byte) at position \(offset + 1))"
                )
            }
        }
    }
}
