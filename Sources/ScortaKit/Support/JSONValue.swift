/// A JSON value with ordered object keys, so `--json` output is stable and
/// diffable. Written here to keep output deterministic and Foundation-free.
public indirect enum JSONValue: Equatable, Sendable {
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
        var out = ""
        write(to: &out, indent: pretty ? 0 : -1)
        return out
    }

    /// Pretty JSON as it reads nested `depth` levels deep (for streaming an
    /// array one element at a time, byte for byte as `serialized()` would).
    func serialized(depth: Int) -> String {
        var out = ""
        write(to: &out, indent: depth)
        return out
    }

    private func write(to out: inout String, indent: Int) {
        let pretty = indent >= 0
        let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
        let closePad = pretty ? String(repeating: "  ", count: indent) : ""
        let next = pretty ? indent + 1 : -1
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .int(let value): out += String(value)
        case .string(let value): JSONValue.escape(value, into: &out)
        case .array(let values):
            if values.isEmpty {
                out += "[]"
                return
            }
            out += pretty ? "[\n" : "["
            for (offset, value) in values.enumerated() {
                if offset > 0 { out += pretty ? ",\n" : "," }
                out += pad
                value.write(to: &out, indent: next)
            }
            out += pretty ? "\n\(closePad)]" : "]"
        case .object(let members):
            if members.isEmpty {
                out += "{}"
                return
            }
            out += pretty ? "{\n" : "{"
            for (offset, (key, value)) in members.enumerated() {
                if offset > 0 { out += pretty ? ",\n" : "," }
                out += pad
                JSONValue.escape(key, into: &out)
                out += pretty ? ": " : ":"
                value.write(to: &out, indent: next)
            }
            out += pretty ? "\n\(closePad)}" : "}"
        }
    }

    static func escape(_ text: String, into out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                out += "\\u" + c.value.zeroPadded(4, radix: 16, uppercase: false)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
