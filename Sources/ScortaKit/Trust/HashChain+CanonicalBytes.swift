import CSQLite

extension HashChain {
    /// Each column's `name=`, made once per list of columns.
    static func prefixes(_ columns: [String]) -> [[UInt8]] { columns.map { Array($0.utf8) + [UInt8(ascii: "=")] } }

    /// The canonical form of the row's columns from `offset` on (as
    /// `appendCanonical` writes them from values), read in place: no
    /// `SQLValue` or `String` a value. Form 3 reads every line and every new
    /// lot of a bulk receipt back, and making values of them cost as much as
    /// reading them.
    static func appendCanonical(_ row: Row, _ prefixes: [[UInt8]], from offset: Int, to out: inout [UInt8]) {
        for (index, prefix) in prefixes.enumerated() {
            out.append(contentsOf: prefix)
            row.appendCanonicalValue(offset + index, to: &out)
            out.append(UInt8(ascii: "\n"))
        }
    }
}

extension Row {
    /// One value as the canonical form writes it (see `HashChain.appendCanonical`).
    func appendCanonicalValue(_ index: Int, to out: inout [UInt8]) {
        guard statement.cursor == nil else {
            HashChain.appendCanonicalValue(value(index), to: &out)
            return
        }
        let handle = statement.handle
        let column = Int32(index)
        switch sqlite3_column_type(handle, column) {
        case SQLITE_NULL: out.append(UInt8(ascii: "-"))
        case SQLITE_INTEGER:
            out.append(UInt8(ascii: "i"))
            out.appendDecimal(sqlite3_column_int64(handle, column))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, column) else {
                out.append(contentsOf: "0:".utf8)
                return
            }
            let count = Int(sqlite3_column_bytes(handle, column))
            let bytes = UnsafeBufferPointer(start: text, count: count)
            guard bytes.allSatisfy({ $0 != 0 && $0 < 0x80 }) else {
                // Not plain ASCII: through the String `text(_:)` makes (up to a NUL, invalid UTF-8 repaired).
                HashChain.appendCanonicalValue(value(index), to: &out)
                return
            }
            out.appendDecimal(Int64(count))
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: bytes)
        default: HashChain.appendCanonicalValue(value(index), to: &out)
        }
    }
}

extension Array where Element == UInt8 {
    /// One field as `HashChain.appendCanonical` writes it from `.integer` (or `.null` when nil),
    /// after its prefix (`HashChain.prefixes`): without an `SQLValue` or a column name's
    /// String a field, for the lines and new lots a form is built from as they are written.
    mutating func appendCanonicalField(_ prefix: [UInt8], integer value: Int64?) {
        append(contentsOf: prefix)
        if let value {
            append(UInt8(ascii: "i"))
            appendDecimal(value)
        } else {
            append(UInt8(ascii: "-"))
        }
        append(UInt8(ascii: "\n"))
    }

    /// The same for `.text` (or `.null` when nil).
    mutating func appendCanonicalField(_ prefix: [UInt8], text: String?) {
        append(contentsOf: prefix)
        if let text {
            appendDecimal(Int64(text.utf8.count))
            append(UInt8(ascii: ":"))
            append(contentsOf: text.utf8)
        } else {
            append(UInt8(ascii: "-"))
        }
        append(UInt8(ascii: "\n"))
    }

    /// `String(value).utf8` without making the String.
    mutating func appendDecimal(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = 20
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            append(contentsOf: UnsafeBufferPointer(rebasing: digits[start..<20]))
        }
    }
}
