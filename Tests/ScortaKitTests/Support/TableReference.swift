@testable import ScortaKit

/// The table engine's writers as they were before they wrote bytes in place
/// (2 December 2026): JSON escaped scalar by scalar into a `String`, CSV
/// fields judged character by character, text widths counted in characters.
/// Kept as the reference the streamed writers must match byte for byte;
/// slow, and plain to read. Two differences, on purpose, both in CSV fields
/// judged by characters where a character is several scalars: a CR LF line
/// break is one character, neither "\r" nor "\n", and such a field went out
/// unquoted; a quote followed by a combining mark is one character, not "\"",
/// and was not doubled, so a reader ended the field there.
enum TableReference {
    static func json(_ value: JSONValue, indent: Int = 0) -> String {
        var out = ""
        write(value, to: &out, indent: indent)
        return out
    }

    private static func write(_ value: JSONValue, to out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closePad = String(repeating: "  ", count: indent)
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .int(let number): out += String(number)
        case .string(let text): out += jsonString(text)
        case .array(let values):
            guard !values.isEmpty else {
                out += "[]"
                return
            }
            out += "[\n"
            for (offset, element) in values.enumerated() {
                if offset > 0 { out += ",\n" }
                out += pad
                write(element, to: &out, indent: indent + 1)
            }
            out += "\n\(closePad)]"
        case .object(let members):
            guard !members.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            for (offset, (key, element)) in members.enumerated() {
                if offset > 0 { out += ",\n" }
                out += pad + jsonString(key) + ": "
                write(element, to: &out, indent: indent + 1)
            }
            out += "\n\(closePad)}"
        }
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += "\\u" + c.value.zeroPadded(4, radix: 16, uppercase: false)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A text cell: `'` before a formula start, quoted when it holds the separator, a quote or a line break.
    static func csvField(_ text: String, separator: Character) -> String {
        let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
        let value = text.unicodeScalars.first.map(formulaStarts.contains) == true ? "'" + text : text
        return csvNumber(value, separator: separator)
    }

    static func csvNumber(_ value: String, separator: Character) -> String {
        let special: Set<Unicode.Scalar> = [separator.unicodeScalars.first!, "\"", "\n", "\r"]
        guard value.unicodeScalars.contains(where: special.contains) else { return value }
        return "\"" + value.unicodeScalars.map { $0 == "\"" ? "\"\"" : String($0) }.joined() + "\""
    }

    /// The rows of `listing` as the streamed writers write them (text only
    /// for cells that fit their column, which these do).
    static func text(_ listing: Listing) -> String {
        let cells = listing.rows.map { row in zip(row, listing.columns).map { listing.cell($0, $1) } }
        var widths = listing.columns.map(\.title.count)
        for row in cells { for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) } }
        func line(_ values: [String]) -> String {
            values.enumerated().map { index, value in
                let padding = String(repeating: " ", count: widths[index] - value.count)
                if listing.columns[index].alignRight { return padding + value }
                return index == values.count - 1 ? value : value + padding
            }.joined(separator: "  ") + "\n"
        }
        return line(listing.columns.map(\.title)) + line(widths.map { String(repeating: "-", count: $0) })
            + cells.map(line).joined()
    }

    static func csv(_ listing: Listing, italian: Bool) -> String {
        let separator: Character = italian ? ";" : ","
        var out = italian ? "\u{FEFF}" : ""
        out += listing.columns.map { csvField($0.csvKey, separator: separator) }.joined(separator: String(separator))
        out += "\r\n"
        for row in listing.rows {
            out += zip(row, listing.columns).map { value, column in
                switch value {
                case .int(let cents) where column.format == .cents:
                    return csvNumber(Money.format(cents: cents, decimalComma: italian), separator: separator)
                case .int: return csvNumber(listing.cell(value, column, decimalComma: italian), separator: separator)
                default: return csvField(listing.cell(value, column, decimalComma: italian), separator: separator)
                }
            }.joined(separator: String(separator))
            out += "\r\n"
        }
        return out
    }

    static func json(_ listing: Listing) -> String {
        guard !listing.rows.isEmpty else { return "[]\n" }
        return json(.array(listing.rows.map { row in .object(zip(listing.columns, row).map { ($0.key, $1) }) })) + "\n"
    }
}
