/// Rows of a table (a report's, or a long list command's), produced on
/// demand. A small table wraps a `Listing`; a register or a stock list
/// streams its rows from SQL each time it is walked, so a year of lines is
/// written out without being held in memory. Walking
/// it twice (widths, then the rows; or a page count, then the pages) runs the
/// query twice, which costs far less than holding it.
public struct TableSource {
    public let columns: [Listing.Column]
    public let walk: (_ body: ([JSONValue]) throws -> Void) throws -> Void

    public init(columns: [Listing.Column], walk: @escaping (_ body: ([JSONValue]) throws -> Void) throws -> Void) {
        self.columns = columns
        self.walk = walk
    }

    public init(_ listing: Listing) {
        self.columns = listing.columns
        self.walk = { body in for row in listing.rows { try body(row) } }
    }

    /// A query's rows, produced on demand: the query (built at run time, so
    /// not cached) runs each time the source is walked and hands each row to `body`.
    public init(
        columns: [Listing.Column], db: Database, sql: String, arguments: [any SQLBindable] = [],
        row transform: @escaping (Row) throws -> [JSONValue]
    ) {
        self.columns = columns
        self.walk = { body in try db.makeStatement(sql).forEach(arguments) { try body(try transform($0)) } }
    }

    /// Every row, in memory (for tests and small tables).
    public func listing() throws -> Listing {
        var listing = Listing(columns: columns)
        try walk { listing.append($0) }
        return listing
    }
}

// MARK: - Streamed text, CSV and JSON (the one table engine of reports and list commands)

extension TableSource {
    /// An aligned text table (numbers right-aligned). The first walk finds
    /// the column widths and keeps the cells while they fit in `holdBytes`;
    /// a table that fits is written from them, a larger one by walking its
    /// query again (a whole-market stock list: one walk; a region's 2.3
    /// million lots: two walks, in flat memory). Returns the number of rows;
    /// with none, writes nothing (or only the titles, with `titlesWhenEmpty`).
    /// `decimalComma` writes 13,50 (Italian reports, as their PDF does); with
    /// `maxWidth`, the widest text columns wrap so that a line fits.
    @discardableResult
    public func writeText(
        to out: TextOutput, titlesWhenEmpty: Bool = false, holdBytes: Int = 16 << 20,
        decimalComma: Bool = false, maxWidth: Int? = nil
    ) throws -> Int {
        let formats = columns.map(\.format)
        let alignRight = columns.map(\.alignRight)
        /// A cell as text: a text cell as it is (no copy), a number in its column's format.
        func text(_ value: JSONValue, _ index: Int) -> String {
            if case .string(let text) = value { return text }
            return Listing.cell(value, format: formats[index], decimalComma: decimalComma)
        }
        var widest = columns.map { TableSource.width($0.title) }
        var rows = 0
        // The rows as the walk gives them (no copy as text), while they fit in `holdBytes`.
        var held: [[JSONValue]]? = []
        var heldBytes = 0
        try walk { row in
            rows += 1
            var bytes = 0
            for (index, value) in row.prefix(columns.count).enumerated() {
                let cell = text(value, index)
                widest[index] = max(widest[index], TableSource.width(cell))
                bytes += cell.utf8.count + 16  // about what a String costs beyond its bytes
            }
            guard held != nil else { return }
            heldBytes += bytes
            if heldBytes > holdBytes { held = nil } else { held?.append(row) }
        }
        guard rows > 0 || titlesWhenEmpty else { return 0 }
        if let maxWidth { TableSource.narrow(&widest, columns: columns, to: maxWidth) }
        // Read-only from here: the row writers below capture it, and a captured `var` is checked at every access.
        let widths = widest
        /// Writes the line of cells `cell(0)`, `cell(1)`… (`count` of them),
        /// each padded as it is written; a line with a cell wider than its
        /// column is taken back and written wrapped.
        func render(_ count: Int, _ cell: (Int) -> String) throws {
            var fits = true
            try out.writeBytes { line in
                let start = line.count
                for index in 0..<count {
                    let value = cell(index)
                    let padding = widths[index] - TableSource.width(value)
                    guard padding >= 0 else {
                        fits = false
                        line.removeSubrange(start...)
                        return
                    }
                    if index > 0 { line.appendSpaces(2) }
                    if alignRight[index] {
                        line.appendSpaces(padding)
                        line.append(contentsOf: value.utf8)
                    } else {
                        line.append(contentsOf: value.utf8)
                        if index < count - 1 { line.appendSpaces(padding) }
                    }
                }
                line.append(UInt8(ascii: "\n"))
            }
            if !fits { try out.write(wrapped((0..<count).map(cell))) }
        }
        func wrapped(_ values: [String]) -> String {
            // A cell wider than its column wraps at spaces onto the next lines of the row.
            let wrapped = values.enumerated().map { TableSource.wrap($1, width: widths[$0]) }
            var text = ""
            for lineIndex in 0..<(wrapped.map(\.count).max() ?? 1) {
                var line = ""
                for (index, parts) in wrapped.enumerated() {
                    let value = lineIndex < parts.count ? parts[lineIndex] : ""
                    let padding = String(repeating: " ", count: max(0, widths[index] - value.count))
                    if index > 0 { line += "  " }
                    line +=
                        columns[index].alignRight ? padding + value : value + (index == values.count - 1 ? "" : padding)
                }
                text += line + "\n"
            }
            return text
        }
        try render(columns.count) { columns[$0].title }
        try render(columns.count) { String(repeating: "-", count: widths[$0]) }
        func render(_ row: [JSONValue]) throws { try render(min(row.count, columns.count)) { text(row[$0], $0) } }
        if let held {
            for row in held { try render(row) }
        } else {
            try walk(render)
        }
        return rows
    }

    /// The characters `text` takes in a column, as `count` counts them; text
    /// of ASCII letters, digits and punctuation (nearly every cell) by its
    /// bytes, without walking its grapheme clusters.
    static func width(_ text: String) -> Int {
        // Over the bytes in place: walking the UTF-8 view byte by byte was 260 instructions a cell.
        let plain = text.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { $0 >= 0x80 || $0 == 0x0D }
        }
        if plain ?? !text.utf8.contains(where: { $0 >= 0x80 || $0 == 0x0D }) { return text.utf8.count }
        return text.count
    }

    /// Takes width from the widest left-aligned (text) columns, never below
    /// 12 characters, until the table's lines fit in `maxWidth`.
    static func narrow(_ widths: inout [Int], columns: [Listing.Column], to maxWidth: Int) {
        func total() -> Int { widths.reduce(0, +) + 2 * max(0, widths.count - 1) }
        while total() > maxWidth {
            guard
                let widest = widths.indices.filter({ !columns[$0].alignRight && widths[$0] > 12 }).max(by: {
                    widths[$0] < widths[$1]
                })
            else { return }
            widths[widest] -= 1
        }
    }

    /// Splits `text` into lines of at most `width` characters at spaces (a longer word is cut).
    static func wrap(_ text: String, width: Int) -> [String] {
        guard text.count > width, width > 0 else { return [text] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            var word = Substring(word)
            while word.count > width {
                if !line.isEmpty {
                    lines.append(line)
                    line = ""
                }
                lines.append(String(word.prefix(width)))
                word = word.dropFirst(width)
            }
            if line.isEmpty {
                line = String(word)
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = String(word)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }

    /// CSV; `italian` uses `;` and a decimal comma. The header is the column
    /// keys named for what the cells hold (`value_euro`, `kg`: the cells are
    /// euro and kilograms, not the cents and grams of JSON), or with `titles`
    /// the column titles (a report's, in its language). A file for Italian
    /// Excel starts with a byte-order mark, or Excel shows "età" as "etÃ ".
    /// Numbers (integer cells, amounts, weights) are written as numbers; every
    /// text cell goes through `CSV.field`, which neutralises formulas.
    public func writeCSV(to out: TextOutput, italian: Bool, titles: Bool = false, byteOrderMark: Bool = false) throws {
        let separator: Character = italian ? ";" : ","
        if byteOrderMark { try out.write("\u{FEFF}") }
        try out.write(CSV.line(columns.map { titles ? $0.title : $0.csvKey }, separator: separator))
        let separatorByte = UInt8(ascii: italian ? ";" : ",")
        let formats = columns.map(\.format)
        try walk { row in
            try out.writeBytes { line in
                for (index, (value, format)) in zip(row, formats).enumerated() {
                    if index > 0 { line.append(separatorByte) }
                    switch value {
                    case .int(let cents) where format == .cents:
                        CSV.appendNumberField(
                            Money.format(cents: cents, decimalComma: italian, grouping: false),
                            separator: separatorByte, to: &line)
                    case .int:
                        CSV.appendNumberField(
                            Listing.cell(value, format: format, decimalComma: italian), separator: separatorByte,
                            to: &line)
                    default:
                        CSV.appendField(
                            Listing.cell(value, format: format, decimalComma: italian), separator: separatorByte,
                            to: &line)
                    }
                }
                line.append(UInt8(ascii: "\r"))
                line.append(UInt8(ascii: "\n"))
            }
        }
    }

    /// A JSON array of objects keyed by column key, pretty-printed exactly as
    /// `Listing.json().serialized()`, one row at a time: each member written
    /// after its key, quoted and indented once for the whole table.
    public func writeJSON(to out: TextOutput) throws {
        let keys = columns.enumerated().map { index, column in
            var key = Array((index == 0 ? "{\n    " : ",\n    ").utf8)
            JSONValue.escape(column.key, into: &key)
            return key + Array(": ".utf8)
        }
        var first = true
        try walk { row in
            try out.writeBytes { text in
                text.append(contentsOf: (first ? "[\n  " : ",\n  ").utf8)
                if row.isEmpty || keys.isEmpty {
                    text.append(contentsOf: "{}".utf8)
                } else {
                    for (key, value) in zip(keys, row) {
                        text.append(contentsOf: key)
                        value.write(to: &text, indent: 2)
                    }
                    text.append(contentsOf: "\n  }".utf8)
                }
            }
            first = false
        }
        try out.write(first ? "[]\n" : "\n]\n")
    }
}

/// Where a report's text goes: standard output or a file, buffered.
public final class TextOutput {
    private var buffer: [UInt8] = []
    private let flush: ([UInt8]) throws -> Void

    public init(flush: @escaping ([UInt8]) throws -> Void) { self.flush = flush }

    /// Collects everything in memory (tests).
    public static func collecting() -> (TextOutput, () -> String) {
        final class Box { var bytes: [UInt8] = [] }
        let box = Box()
        let output = TextOutput { box.bytes += $0 }
        return (
            output,
            {
                try? output.finish()
                return String(decoding: box.bytes, as: UTF8.self)
            }
        )
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try finish() }
    }

    /// Lets `body` add a line's bytes to the buffer in place (the buffer is
    /// reached once a line, not once a cell), then writes out a full buffer.
    func writeBytes(_ body: (inout [UInt8]) -> Void) throws {
        body(&buffer)
        if buffer.count >= 1 << 16 { try finish() }
    }

    public func finish() throws {
        guard !buffer.isEmpty else { return }
        try flush(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

extension [UInt8] {
    /// `count` spaces (a text table's padding).
    mutating func appendSpaces(_ count: Int) {
        if count > 0 { append(contentsOf: repeatElement(UInt8(ascii: " "), count: count)) }
    }
}
