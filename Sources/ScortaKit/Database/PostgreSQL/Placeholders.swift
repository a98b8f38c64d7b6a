/// SQLite's parameter spelling (`?`, `?1`) turned into PostgreSQL's (`$1`),
/// so the ledger's SQL is written once for both engines.
///
///     Placeholders.numbered("SELECT id FROM item WHERE sku = ? AND ? < 3")
///     // "SELECT id FROM item WHERE sku = $1 AND $2 < 3"
///
/// A bare `?` takes the number after the largest one used before it, as in
/// SQLite, so `?1 … ? … ?1` is `$1 … $2 … $1`. Question marks inside
/// string literals, quoted names and comments are text, not parameters.
///
/// Read as UTF-8 bytes: every character that matters here is ASCII, and no
/// byte of a longer character is. Every statement a server command sends
/// passes through here; scalar by scalar, with a scalar view appended one at
/// a time, it cost a one-shot checkout 2.8 M instructions (11% of the client).
enum Placeholders {
    static func numbered(_ sql: String) -> String {
        var sql = sql
        return sql.withUTF8 { numbered(bytes: $0) }
    }

    private static func numbered(bytes text: UnsafeBufferPointer<UInt8>) -> String {
        // Most statements have no quote or comment: the output is the text with `$n` for each `?`.
        guard text.contains(UInt8(ascii: "?")) else { return String(decoding: text, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(text.count + 16)
        var largest = 0
        var index = 0
        let end = text.count
        /// Copies everything up to and including `last` preceded by `before` (or to the end of the text).
        func copy(through last: UInt8, after before: UInt8? = nil) {
            var previous: UInt8?
            while index < end {
                let byte = text[index]
                output.append(byte)
                index += 1
                if byte == last, before == nil || previous == before { return }
                previous = byte
            }
        }
        while index < end {
            let byte = text[index]
            index += 1
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                // A doubled quote inside closes and at once reopens: the same text results.
                output.append(byte)
                copy(through: byte)
            case UInt8(ascii: "-") where index < end && text[index] == UInt8(ascii: "-"):
                output.append(byte)
                copy(through: UInt8(ascii: "\n"))
            case UInt8(ascii: "/") where index < end && text[index] == UInt8(ascii: "*"):
                output.append(byte)
                output.append(text[index])
                index += 1
                copy(through: UInt8(ascii: "/"), after: UInt8(ascii: "*"))
            case UInt8(ascii: "?"):
                var number = 0
                var hasDigits = false
                while index < end, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(text[index]) {
                    number = number * 10 + Int(text[index] - UInt8(ascii: "0"))
                    hasDigits = true
                    index += 1
                }
                if !hasDigits { number = largest + 1 }
                largest = max(largest, number)
                output.append(UInt8(ascii: "$"))
                output.append(contentsOf: String(number).utf8)
            default:
                output.append(byte)
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
