/// EAN-13 for retail GTINs: 12 digits plus the check digit, drawn with guard patterns.
///
///     let symbol = try EAN13.encode("590123412345")   // check digit 7 added: 5901234123457
public enum EAN13 {
    /// Widths of the L code (space, bar, space, bar); the R code has the same widths
    /// starting with a bar and the G code is the L code reversed.
    static let lCode: [[Int]] = [
        [3, 2, 1, 1], [2, 2, 2, 1], [2, 1, 2, 2], [1, 4, 1, 1], [1, 1, 3, 2],
        [1, 2, 3, 1], [1, 1, 1, 4], [1, 3, 1, 2], [1, 2, 1, 3], [3, 1, 1, 2]
    ]
    /// Which of the six left digits use the G code, chosen by the first digit.
    static let parity = [
        "LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLL", "LGLGLG", "LGLGGL", "LGGLGL"
    ]

    /// Takes 12 digits (check digit added) or 13 (check digit verified).
    public static func encode(_ digits: String) throws -> BarcodeSymbol {
        guard digits.count == 12 || digits.count == 13, digits.allSatisfy(\.isASCIIDigit) else {
            throw ScortaError.invalid("EAN-13 needs 12 or 13 digits, not '\(digits)'")
        }
        let check = GTIN.checkDigit(digits.prefix(12))
        if digits.count == 13, digits.last!.wholeNumberValue != check {
            throw ScortaError.invalid("EAN-13 '\(digits)' has a wrong check digit (expected \(check))")
        }
        let full = digits.prefix(12) + String(check)
        let values = full.map { $0.wholeNumberValue! }
        let pattern = Array(parity[values[0]])
        var runs = [1, 1, 1]
        for index in 1...6 {
            let code = lCode[values[index]]
            runs += pattern[index - 1] == "G" ? code.reversed() : code
        }
        runs += [1, 1, 1, 1, 1]
        for index in 7...12 { runs += lCode[values[index]] }
        runs += [1, 1, 1]
        return BarcodeSymbol(
            symbology: .ean13, runs: runs, data: String(full), text: String(full), codewords: values,
            quietZone: (11, 10))
    }
}
