/// GS1-128: Code 128 starting with FNC1, carrying GS1 element strings such as
/// (01) GTIN-14, (17) expiry YYMMDD and (10) lot. Fixed-length elements go first and a
/// variable-length element that is not last is ended with FNC1.
///
///     let symbol = try GS1.encode([.gtin("8001234567895"), .expiry(date), .lot("L2611")])
public enum GS1 {
    /// One element string: application identifier and value.
    public struct Element: Sendable, Equatable {
        public let ai: String
        public let value: String

        public init(ai: String, value: String) {
            self.ai = ai
            self.value = value
        }

        /// (01) GTIN, given as 8, 12, 13 or 14 digits with a valid check digit, stored as GTIN-14.
        public static func gtin(_ digits: String) throws -> Element {
            Element(ai: "01", value: try GTIN.normalized(digits))
        }

        /// (17) expiry date YYMMDD.
        public static func expiry(_ date: CivilDate) -> Element {
            Element(
                ai: "17", value: (date.year % 100).zeroPadded(2) + date.month.zeroPadded(2) + date.day.zeroPadded(2))
        }

        /// (10) batch or lot number: up to 20 characters of the GS1 character set.
        public static func lot(_ code: String) -> Element { Element(ai: "10", value: code) }
    }

    /// Application identifiers whose data has a fixed length (no FNC1 after them).
    static let fixedLengths: [String: Int] = [
        "00": 18, "01": 14, "02": 14, "11": 6, "12": 6, "13": 6, "15": 6, "16": 6, "17": 6, "20": 2
    ]
    /// Maximum lengths of the variable ones this project knows; others may be up to 30.
    static let maxLengths: [String: Int] = ["10": 20, "21": 20, "37": 8]

    /// GS1 AI encodable character set 82 (ISO 646 subset).
    static let allowed = Set(
        "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz".unicodeScalars)

    static let lotLength = maxLengths["10"]!

    /// `allowed` as a table of the ASCII bytes (every character of set 82 is ASCII).
    static let allowedASCII: [Bool] = (0..<128).map { allowed.contains(Unicode.Scalar(UInt8($0))) }

    public static func encode(_ elements: [Element]) throws -> BarcodeSymbol {
        guard !elements.isEmpty else { throw ScortaError.invalid("GS1-128: no element strings to encode") }
        for element in elements { try validate(element) }
        // Fixed-length elements first, so only variable ones between them need a separator.
        let ordered = elements.filter { fixedLengths[$0.ai] != nil } + elements.filter { fixedLengths[$0.ai] == nil }
        var units: [Code128.Unit] = [.fnc1]
        var data = ""
        for (index, element) in ordered.enumerated() {
            units += (element.ai + element.value).utf8.map { .char($0) }
            data += element.ai + element.value
            if fixedLengths[element.ai] == nil, index < ordered.count - 1 {
                units.append(.fnc1)
                data += "\u{1D}"
            }
        }
        let text = ordered.map { "(\($0.ai))\($0.value)" }.joined()
        return Code128.symbol(.gs1128, codewords: try Code128.codewords(for: units), data: data, text: text)
    }

    /// Element strings written as "(01)08001234567895(17)280630(10)L1".
    public static func parse(_ text: String) throws -> [Element] {
        var elements: [Element] = []
        var rest = Substring(text)
        while !rest.isEmpty {
            guard rest.first == "(", let close = rest.firstIndex(of: ")") else {
                throw ScortaError.invalid("GS1 element strings must look like (01)...(17)...: '\(text)'")
            }
            let ai = String(rest[rest.index(after: rest.startIndex)..<close])
            let valueEnd = rest[close...].firstIndex(of: "(") ?? rest.endIndex
            elements.append(Element(ai: ai, value: String(rest[rest.index(after: close)..<valueEnd])))
            rest = rest[valueEnd...]
        }
        return elements
    }

    /// Why a lot code cannot be a GS1 (10) element string, or nil when it can: at most 20
    /// characters of the AI encodable character set 82. Checked when a lot is first received,
    /// so a label job never meets a lot it cannot print.
    public static func lotProblem(_ code: String) -> String? {
        // A bulk receipt checks a lot a line: its bytes against a table first, no Set look-up a character.
        let limit = lotLength
        if code.utf8.count <= limit, code.utf8.allSatisfy({ $0 < 0x80 && allowedASCII[Int($0)] }) { return nil }
        if let bad = code.unicodeScalars.first(where: { !allowed.contains($0) }) {
            return "cannot go into a GS1-128 barcode: '\(bad)' is not in the GS1 character set "
                + "(digits, letters and ! \" % & ' ( ) * + , - . / : ; < = > ? _)"
        }
        return code.count > limit ? "has \(code.count) characters; a GS1-128 lot (10) takes at most \(limit)" : nil
    }

    static func validate(_ element: Element) throws {
        let ai = element.ai
        let value = element.value
        guard ai.count >= 2, ai.count <= 4, ai.allSatisfy(\.isASCIIDigit) else {
            throw ScortaError.invalid("GS1: application identifier '\(ai)' is not 2 to 4 digits")
        }
        if let length = fixedLengths[ai] {
            guard value.count == length, value.allSatisfy(\.isASCIIDigit) else {
                throw ScortaError.invalid("GS1 (\(ai)): '\(value)' must be \(length) digits")
            }
        }
        guard !value.isEmpty, value.count <= (maxLengths[ai] ?? 30) else {
            throw ScortaError.invalid("GS1 (\(ai)): '\(value)' must be 1 to \(maxLengths[ai] ?? 30) characters")
        }
        if let bad = value.unicodeScalars.first(where: { !allowed.contains($0) }) {
            throw ScortaError.invalid("GS1 (\(ai)) cannot encode '\(bad)' in '\(value)'")
        }
        switch ai {
        case "01", "02": _ = try GTIN.normalized(value)
        case "11", "12", "13", "15", "16", "17": try validateDate(value, ai: ai)
        default: break
        }
    }

    /// YYMMDD; day 00 is allowed by GS1 and means the end of the month.
    static func validateDate(_ value: String, ai: String) throws {
        let digits = value.compactMap(\.wholeNumberValue)
        let month = digits[2] * 10 + digits[3]
        let day = digits[4] * 10 + digits[5]
        let year = 2000 + digits[0] * 10 + digits[1]
        guard (1...12).contains(month), day == 0 || CivilDate(year: year, month: month, day: day) != nil else {
            throw ScortaError.invalid("GS1 (\(ai)): '\(value)' is not a valid YYMMDD date")
        }
    }

}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
