/// RFC 4180 CSV, read and written here (no packages).
///
///     let table = try CSV.parse("sku,quantity\nIG-SAP,10\n", source: "delivery.csv")
///     table.records[0]["sku"]   // "IG-SAP"
public enum CSV {
    /// One row with the line of the file it starts on (for error messages).
    public struct Record: Sendable {
        public let line: Int
        public let fields: [String]
        let columns: [String: Int]

        public subscript(_ column: String) -> String? {
            guard let index = columns[column], index < fields.count else { return nil }
            let value = fields[index].trimmingSpaces
            return value.isEmpty ? nil : value
        }
    }

    public struct Table: Sendable {
        public let source: String
        public let header: [String]
        public let records: [Record]

        /// Refuses files that lack a column the importer needs.
        public func require(_ columns: [String]) throws {
            let missing = columns.filter { !header.contains($0) }
            guard missing.isEmpty else {
                throw ScortaError.invalid(
                    "\(source) line 1: missing column '\(missing.joined(separator: "', '"))' (header is: \(header.joined(separator: ",")))"
                )
            }
        }

        /// An error naming the file and line of `record`.
        public func error(_ record: Record, _ message: String) -> ScortaError {
            .invalid("\(source) line \(record.line): \(message)")
        }
    }

    /// Splits text into rows of fields. The first row is the header; blank
    /// lines are skipped; a leading UTF-8 BOM (spreadsheets add one) is dropped.
    public static func parse(_ text: String, source: String, separator: Character? = nil) throws -> Table {
        var text = text
        let rows = try text.withUTF8 { try rowsOf($0, source: source, separator: separator) }
        guard let first = rows.first else {
            throw ScortaError.invalid("\(source): the file is empty (a header line is needed)")
        }
        var header = first.1.map { $0.trimmingSpaces.lowercased() }
        // Spreadsheets save the empty columns after the last one that was ever touched: drop them.
        while header.count > 1, header.last?.isEmpty == true { header.removeLast() }
        var columns: [String: Int] = [:]
        for (offset, name) in header.enumerated() {
            guard !name.isEmpty else { throw ScortaError.invalid("\(source) line 1: column \(offset + 1) has no name") }
            guard columns[name] == nil else {
                throw ScortaError.invalid("\(source) line 1: column '\(name)' appears twice")
            }
            columns[name] = offset
        }
        var records: [Record] = []
        records.reserveCapacity(rows.count - 1)
        for (rowLine, var rowFields) in rows.dropFirst() {
            while rowFields.count > header.count, rowFields.last?.trimmingSpaces.isEmpty == true {
                rowFields.removeLast()
            }
            guard rowFields.count <= header.count else {
                throw ScortaError.invalid(
                    "\(source) line \(rowLine): \(rowFields.count) fields but the header has \(header.count)")
            }
            records.append(Record(line: rowLine, fields: rowFields, columns: columns))
        }
        return Table(source: source, header: header, records: records)
    }

    /// Italian spreadsheets write `;`-separated files; take whichever appears
    /// first outside quotes on the header line.
    static func detectSeparator(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> UInt8 {
        for c in bytes {
            if c == UInt8(ascii: "\n") { break }
            if c == UInt8(ascii: ";") || c == UInt8(ascii: ",") { return c }
        }
        return UInt8(ascii: ",")
    }

    /// The rows of the text with the line each starts on. Read as UTF-8
    /// bytes: every character the syntax uses is ASCII, and a byte below 0x80
    /// never occurs inside a longer UTF-8 sequence, so fields are cut at the
    /// right places and decoded once. A field is a run of the file's own bytes
    /// made into a string in one go; only one that is not (a doubled quote, a
    /// carriage return inside it) is copied byte by byte (a bulk receipt reads
    /// 100,000 rows: appending every byte, with the reader's state in closures,
    /// was 3,400 instructions a row).
    static func rowsOf(_ text: UnsafeBufferPointer<UInt8>, source: String, separator: Character?) throws -> [(
        Int, [String]
    )] {
        var reader = RowReader(text, source: source, separator: separator)
        try reader.read()
        return reader.rows
    }

    /// The state of `rowsOf` as it walks the bytes once.
    private struct RowReader {
        let bytes: UnsafeBufferPointer<UInt8>
        let source: String
        let separator: UInt8
        var rows: [(Int, [String])] = []
        var fields: [String] = []
        /// The field so far: `bytes[start..<end]`, or `copied` once it is not one run of the file.
        var start = 0
        var end = 0
        var copied: [UInt8]?
        var line = 1
        var rowLine = 1
        var inQuotes = false
        var quotedField = false
        var afterQuote = false

        static let quote = UInt8(ascii: "\"")
        static let newline = UInt8(ascii: "\n")
        static let carriageReturn = UInt8(ascii: "\r")
        static let space = UInt8(ascii: " ")

        init(_ text: UnsafeBufferPointer<UInt8>, source: String, separator: Character?) {
            var first = 0
            if text.count >= 3, text[0] == 0xEF, text[1] == 0xBB, text[2] == 0xBF { first = 3 }
            bytes = text
            self.source = source
            self.separator = separator.map { $0.asciiValue ?? UInt8(ascii: ",") } ?? CSV.detectSeparator(text[first...])
            start = first
            end = first
        }

        var fieldIsEmpty: Bool { copied?.isEmpty ?? (start == end) }

        /// Adds the byte at `index` to the field: the run grows while the bytes follow each other.
        mutating func take(_ index: Int) {
            if copied == nil {
                if start == end {
                    (start, end) = (index, index + 1)
                    return
                }
                if end == index {
                    end += 1
                    return
                }
                copied = Array(bytes[start..<end])
            }
            copied!.append(bytes[index])
        }

        mutating func clearField(at index: Int) {
            (start, end, copied) = (index, index, nil)
        }

        mutating func endField(at index: Int) {
            if let copied {
                fields.append(String(decoding: copied, as: UTF8.self))
            } else {
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            }
            clearField(at: index)
            quotedField = false
            afterQuote = false
        }

        mutating func endRow(at index: Int) {
            endField(at: index)
            // A blank line is no row (one empty field, spaces and tabs alone).
            if !(fields.count == 1 && fields[0].trimmingSpaces.isEmpty) { rows.append((rowLine, fields)) }
            // The next row's fields in one allocation of this row's size, not grown 1, 2, 4 (a third of the reader).
            fields.removeAll(keepingCapacity: true)
        }

        mutating func read() throws {
            var index = start
            let count = bytes.count
            while index < count {
                let c = bytes[index]
                index += 1
                // SQLite and C strings end at a NUL: the field would be cut short silently.
                if c == 0 { throw ScortaError.invalid("\(source) line \(line): a field holds a NUL byte") }
                if inQuotes {
                    if c == Self.quote {
                        if index < count, bytes[index] == Self.quote {
                            take(index)
                            index += 1
                        } else {
                            inQuotes = false
                            afterQuote = true
                        }
                    } else {
                        if c == Self.newline { line += 1 }
                        take(index - 1)
                    }
                    continue
                }
                switch c {
                case Self.quote:
                    guard !afterQuote, fieldIsSpaces else {
                        throw ScortaError.invalid("\(source) line \(line): stray quote inside an unquoted field")
                    }
                    clearField(at: index)
                    inQuotes = true
                    quotedField = true
                case separator:
                    endField(at: index)
                case Self.carriageReturn:
                    break
                case Self.newline:
                    endRow(at: index)
                    line += 1
                    rowLine = line
                default:
                    if afterQuote, c != Self.space {
                        throw ScortaError.invalid("\(source) line \(line): text after a closing quote")
                    }
                    if afterQuote { continue }
                    take(index - 1)
                    // The rest of a plain field in one stride: up to the next byte the syntax looks at.
                    guard copied == nil else { continue }
                    while index < count {
                        let next = bytes[index]
                        if next == separator || next == Self.newline || next == Self.carriageReturn
                            || next == Self.quote || next == 0
                        {
                            break
                        }
                        index += 1
                    }
                    end = index
                }
            }
            if inQuotes { throw ScortaError.invalid("\(source) line \(rowLine): unterminated quoted field") }
            if !fieldIsEmpty || !fields.isEmpty || quotedField { endRow(at: index) }
        }

        /// Spaces only (or nothing) before an opening quote.
        var fieldIsSpaces: Bool {
            if let copied { return copied.allSatisfy { $0 == Self.space } }
            return bytes[start..<end].allSatisfy { $0 == Self.space }
        }
    }

    // MARK: - Writing

    /// A text field, quoted when it holds the separator, a quote or a line break,
    /// and neutralised when a spreadsheet would read it as a formula.
    public static func field(_ value: String, separator: Character = ",") -> String {
        quoted(neutralised(value), separator: separator)
    }

    /// A number Scorta formatted itself (`-3`, `-1,50`): never neutralised, so a
    /// negative quantity or amount stays a number in the spreadsheet.
    public static func numberField(_ value: String, separator: Character = ",") -> String {
        quoted(value, separator: separator)
    }

    /// Text fields (see `field`).
    public static func line(_ values: [String], separator: Character = ",") -> String {
        values.map { field($0, separator: separator) }.joined(separator: String(separator)) + "\r\n"
    }

    /// The OWASP rule against CSV injection: a cell that starts with `=`, `+`,
    /// `-`, `@`, a tab or a carriage return is a formula to Excel and LibreOffice
    /// (a supplier named `=HYPERLINK(...)` becomes a live link), so it gets a
    /// leading `'`, which the spreadsheet shows as text and does not print.
    public static func neutralised(_ text: String) -> String {
        // Every formula start is ASCII, so the first byte says what the first scalar is.
        guard let first = text.utf8.first, formulaStarts.contains(first) else { return text }
        return "'" + text
    }

    static let formulaStarts: [UInt8] = ["=", "+", "-", "@", "\t", "\r"].map { UInt8(ascii: $0) }

    static func quoted(_ value: String, separator: Character) -> String {
        guard needsQuotes(value, separator: separator.asciiValue ?? UInt8(ascii: ",")) else { return value }
        var field = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" { field += "\"\"" } else { field.unicodeScalars.append(scalar) }
        }
        return field + "\""
    }

    /// Whether `value` holds the separator, a quote or a line break, by its
    /// bytes (all four are ASCII). Read as characters, a CR LF line break is
    /// one character, neither "\r" nor "\n": such a cell went out unquoted,
    /// and the row broke in two in a spreadsheet.
    static func needsQuotes(_ value: String, separator: UInt8) -> Bool {
        value.utf8.contains {
            $0 == separator || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r")
        }
    }

    /// `field`, added to a streamed table's line.
    static func appendField(_ value: String, separator: UInt8, to line: inout [UInt8]) {
        appendNumberField(neutralised(value), separator: separator, to: &line)
    }

    /// `numberField`, added to a streamed table's line.
    static func appendNumberField(_ value: String, separator: UInt8, to line: inout [UInt8]) {
        if needsQuotes(value, separator: separator) {
            line.append(contentsOf: quoted(value, separator: Character(Unicode.Scalar(separator))).utf8)
        } else {
            line.append(contentsOf: value.utf8)
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    public var trimmingSpaces: String {
        // Most cells have nothing to trim: then no scalar is visited.
        let scalars = unicodeScalars
        if let first = scalars.first, first != " ", first != "\t", let last = scalars.last, last != " ", last != "\t" {
            return String(self)
        }
        guard let start = scalars.firstIndex(where: { $0 != " " && $0 != "\t" }) else { return "" }
        let end = scalars.lastIndex(where: { $0 != " " && $0 != "\t" })!
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start...end])
        return String(view)
    }
}

extension String {
    /// `StringProtocol.trimmingSpaces` for a String: the string itself when its first and last
    /// bytes are neither a space nor a tab (both ASCII, so a byte says what the scalar is), the
    /// case of nearly every cell; a bulk receipt trims four a line.
    public var trimmingSpaces: String {
        if let first = utf8.first, let last = utf8.last, first != 0x20, first != 0x09, last != 0x20, last != 0x09 {
            return self
        }
        return self[...].trimmingSpaces
    }
}
