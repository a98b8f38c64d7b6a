import Testing

@testable import ScortaKit

/// The CSV reader against the byte-at-a-time reader it replaced (kept here
/// as the reference): the same rows, fields, line numbers and errors for
/// every text made of the bytes the syntax cares about.
@Suite struct CSVReaderTests {
    @Test func agreesWithTheReferenceReaderOnRandomTexts() throws {
        let alphabet: [String] = [
            "a", "b", "ç", " ", "\t", ",", ";", "\"", "\"\"", "\n", "\r", "\r\n", "\u{FEFF}", "\0", "x y", "€"
        ]
        var random = SplitMix(seed: 13)
        for round in 0..<20_000 {
            var text = round % 7 == 0 ? "\u{FEFF}" : ""
            for _ in 0..<random.below(24) { text += alphabet[random.below(alphabet.count)] }
            var bytes = Array(text.utf8)
            let expected = outcome { try bytes.withUnsafeBufferPointer { try Reference.rowsOf($0, source: "r.csv") } }
            let actual = outcome {
                try bytes.withUnsafeBufferPointer { try CSV.rowsOf($0, source: "r.csv", separator: nil) }
            }
            #expect(actual == expected, "\(text.debugDescription)")
            bytes.removeAll()
        }
    }

    /// Each path of the reader once, by name: a quoted field with spaces around it, a doubled
    /// quote, an empty quoted field, CRLF, blank lines, a carriage return inside a field.
    @Test func readsEachKindOfField() throws {
        let table = try CSV.parse(
            "\u{FEFF}sku,quantity,lot\r\n  \"IG,SAP\" ,\"1\"\"2\",\"\"\r\n\r\n\nA\rB,3,\"L\"\"\"\n", source: "k.csv")
        #expect(table.header == ["sku", "quantity", "lot"])
        #expect(table.records.map(\.fields) == [["IG,SAP", "1\"2", ""], ["AB", "3", "L\""]])
        #expect(table.records.map(\.line) == [2, 5])
        #expect(throws: ScortaError.invalid("k.csv line 3: text after a closing quote")) {
            try CSV.parse("a\n1\n\"2\"x\n", source: "k.csv")
        }
        #expect(throws: ScortaError.invalid("k.csv line 2: a field holds a NUL byte")) {
            try CSV.parse("a\n\"x\0\"\n", source: "k.csv")
        }
    }

    enum Outcome: Equatable {
        case rows([Row])
        case error(String)
    }

    struct Row: Equatable {
        let line: Int
        let fields: [String]
    }

    func outcome(_ read: () throws -> [(Int, [String])]) -> Outcome {
        do {
            return .rows(try read().map { Row(line: $0.0, fields: $0.1) })
        } catch {
            return .error("\(error)")
        }
    }

    struct SplitMix {
        var state: UInt64
        init(seed: UInt64) { state = seed }
        mutating func below(_ bound: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(bound))
        }
    }

    /// The reader as it was before it cut fields out of the text as runs.
    enum Reference {
        static func rowsOf(_ text: UnsafeBufferPointer<UInt8>, source: String, separator: Character? = nil) throws -> [(
            Int, [String]
        )] {
            var bytes = text[...]
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
            let sep = separator.map { $0.asciiValue ?? UInt8(ascii: ",") } ?? CSV.detectSeparator(bytes)
            let quote = UInt8(ascii: "\"")
            let newline = UInt8(ascii: "\n")
            let carriageReturn = UInt8(ascii: "\r")
            let space = UInt8(ascii: " ")
            var rows: [(Int, [String])] = []
            var fields: [String] = []
            var field: [UInt8] = []
            field.reserveCapacity(64)
            var line = 1
            var rowLine = 1
            var inQuotes = false
            var quotedField = false
            var afterQuote = false
            var index = bytes.startIndex

            func endField() {
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                quotedField = false
                afterQuote = false
            }
            func endRow() {
                endField()
                if !(fields.count == 1 && fields[0].trimmingSpaces.isEmpty && !quotedField) {
                    rows.append((rowLine, fields))
                }
                fields = []
            }

            while index < bytes.endIndex {
                let c = bytes[index]
                index += 1
                // SQLite and C strings end at a NUL: the field would be cut short silently.
                if c == 0 { throw ScortaError.invalid("\(source) line \(line): a field holds a NUL byte") }
                if inQuotes {
                    if c == quote {
                        if index < bytes.endIndex, bytes[index] == quote {
                            field.append(quote)
                            index += 1
                        } else {
                            inQuotes = false
                            afterQuote = true
                        }
                    } else {
                        if c == newline { line += 1 }
                        field.append(c)
                    }
                    continue
                }
                switch c {
                case quote:
                    guard field.allSatisfy({ $0 == space }), !afterQuote else {
                        throw ScortaError.invalid("\(source) line \(line): stray quote inside an unquoted field")
                    }
                    field.removeAll(keepingCapacity: true)
                    inQuotes = true
                    quotedField = true
                case sep:
                    endField()
                case carriageReturn:
                    break
                case newline:
                    endRow()
                    line += 1
                    rowLine = line
                default:
                    if afterQuote, c != space {
                        throw ScortaError.invalid("\(source) line \(line): text after a closing quote")
                    }
                    if !afterQuote { field.append(c) }
                }
            }
            if inQuotes { throw ScortaError.invalid("\(source) line \(rowLine): unterminated quoted field") }
            if !field.isEmpty || !fields.isEmpty || quotedField { endRow() }
            return rows
        }
    }
}
