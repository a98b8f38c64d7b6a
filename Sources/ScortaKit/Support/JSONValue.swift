/// A JSON value with ordered object keys, so `--json` output is stable and
/// diffable. Written here to keep output deterministic and Foundation-free.
/// Not `indirect`: arrays already hold their elements apart, and an
/// indirect case put every cell of every streamed row in a heap box of its own.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: return false
        }
    }

    public static func optional(_ text: String?) -> JSONValue { text.map { .string($0) } ?? .null }
    public static func optional(_ number: Int?) -> JSONValue { number.map { .int($0) } ?? .null }

    /// Serialises with two-space indentation (`pretty`) or compactly.
    public func serialized(pretty: Bool = true) -> String {
        var out: [UInt8] = []
        write(to: &out, indent: pretty ? 0 : -1)
        return String(decoding: out, as: UTF8.self)
    }

    /// Written as UTF-8 bytes: a 500-lot stock list's `--json` spent more
    /// growing a `String` piece by piece than in the rest of its rows.
    func write(to out: inout [UInt8], indent: Int) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let value): out.append(contentsOf: (value ? "true" : "false").utf8)
        case .int(let value): out.append(contentsOf: String(value).utf8)
        case .string(let value): JSONValue.escape(value, into: &out)
        case .array, .object: writeContainer(to: &out, indent: indent)
        }
    }

    /// An array or an object, its members indented (`pretty`) one level deeper than it.
    private func writeContainer(to out: inout [UInt8], indent: Int) {
        let pretty = indent >= 0
        let next = pretty ? indent + 1 : -1
        func newline(_ level: Int) {
            guard pretty else { return }
            out.append(UInt8(ascii: "\n"))
            out.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
        }
        switch self {
        case .null, .bool, .int, .string: write(to: &out, indent: indent)
        case .array(let values):
            if values.isEmpty {
                out.append(contentsOf: "[]".utf8)
                return
            }
            out.append(UInt8(ascii: "["))
            for (offset, value) in values.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                value.write(to: &out, indent: next)
            }
            newline(indent)
            out.append(UInt8(ascii: "]"))
        case .object(let members):
            if members.isEmpty {
                out.append(contentsOf: "{}".utf8)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (offset, (key, value)) in members.enumerated() {
                if offset > 0 { out.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                JSONValue.escape(key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(UInt8(ascii: " ")) }
                value.write(to: &out, indent: next)
            }
            newline(indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// `text` as a JSON string. Text with nothing to escape (nearly every
    /// cell) is copied whole after one pass over its bytes; it went scalar by
    /// scalar, half of a 500-lot stock list's `--json`. Escaped byte by byte:
    /// what JSON escapes is ASCII, and no byte of a longer UTF-8 sequence is.
    static func escape(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        let plain =
            text.utf8.withContiguousStorageIfAvailable { bytes in !bytes.contains(where: JSONValue.isEscaped) }
            ?? !text.utf8.contains(where: JSONValue.isEscaped)
        if plain {
            out.append(contentsOf: text.utf8)
        } else {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): out.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\\"): out.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\n"): out.append(contentsOf: #"\n"#.utf8)
                case UInt8(ascii: "\r"): out.append(contentsOf: #"\r"#.utf8)
                case UInt8(ascii: "\t"): out.append(contentsOf: #"\t"#.utf8)
                case ..<0x20:
                    out.append(contentsOf: ("\\u" + UInt32(byte).zeroPadded(4, radix: 16, uppercase: false)).utf8)
                default: out.append(byte)
                }
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    private static func isEscaped(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
    }
}
