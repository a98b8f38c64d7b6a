import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct BarcodeEncoderTests {
    @Test func code128PublishedVectors() throws {
        #expect(try Code128.encode("AIM1234").codewords == [104, 33, 41, 45, 99, 12, 34, 87, 106])
        #expect(try Code128.encode("123456789").codewords == [105, 12, 34, 56, 78, 100, 25, 79, 106])
        #expect(try Code128.encode("1234").codewords == [105, 12, 34, 82, 106])
    }

    @Test func gs1PublishedVector() throws {
        let symbol = try GS1.encode(try GS1.parse("(90)12(90)12"))
        #expect(symbol.codewords == [105, 102, 90, 12, 102, 90, 12, 14, 106])
        #expect(symbol.data == "9012\u{1D}9012")
        #expect(symbol.text == "(90)12(90)12")
    }

    @Test func ean13CheckDigit() throws {
        #expect(GTIN.checkDigit("590123412345") == 7)
        let symbol = try EAN13.encode("590123412345")
        #expect(symbol.data == "5901234123457")
        #expect(symbol.moduleCount == 95)
        #expect(throws: ScortaError.invalid("EAN-13 '5901234123450' has a wrong check digit (expected 7)")) {
            try EAN13.encode("5901234123450")
        }
    }

    @Test func everyPatternHasElevenModulesAndStopThirteen() {
        #expect(Code128.patterns.count == 107)
        #expect(Code128.patterns.dropLast().allSatisfy { $0.count == 6 && $0.reduce(0, +) == 11 })
        #expect(Code128.patterns[106].reduce(0, +) == 13)
        // Every pattern is distinct, or a scanner could not tell code words apart.
        #expect(Set(Code128.patterns.map { $0.map(String.init).joined() }).count == 107)
    }

    @Test func setsSwitchOnlyWhenItSavesCodeWords() throws {
        // Lower case needs B; control characters need A; a lone control char in B is shifted.
        #expect(try Code128.encode("ab").codewords.first == 104)
        #expect(try Code128.encode("A\tB").codewords.first == 103)
        #expect(try Code128.encode("ab\tcd").codewords.contains(98))
        // Four digits in the middle of text are not worth a switch to C and back (same length).
        #expect(try Code128.encode("IG-SAP").codewords.count == 9)
        #expect(
            try Code128.encode("L20260115").codewords == [104, 44, 99, 20, 26, 1, 15] + [
                try checksum([104, 44, 99, 20, 26, 1, 15]), 106
            ])
    }

    /// Never longer than staying in B (switching only where it pays), nor than C for even digit strings.
    @Test func choosesNoLongerSymbolThanSimpleStrategies() throws {
        var random = SeededRandom(seed: 7)
        let alphabet = Array("0123456789012345678901234567890123456789ABCxyz-\t")
        for _ in 0..<500 {
            let text = String((0..<random.int(1..<24)).map { _ in alphabet[random.int(0..<alphabet.count)] })
            let words = try Code128.encode(text).codewords.count - 3  // without start, check and stop
            let inB = text.unicodeScalars.reduce(0) { $0 + ($1 == "\t" ? 2 : 1) }  // a tab needs SHIFT in B
            #expect(words <= inB, "\(text)")
            if text.count % 2 == 0, text.allSatisfy(\.isASCIIDigit) { #expect(words == text.count / 2) }
        }
    }

    @Test func gs1ValidatesGTINDateAndLot() throws {
        let date = CivilDate(year: 2028, month: 6, day: 30)!
        let symbol = try GS1.encode([.lot("L2611"), .gtin("8001234567897"), .expiry(date)])
        #expect(symbol.text == "(01)08001234567897(17)280630(10)L2611")
        #expect(symbol.data == "010800123456789717280630" + "10L2611")
        #expect(throws: ScortaError.invalid("GTIN '8001234567890' has a wrong check digit (expected 7)")) {
            try GS1.encode([.gtin("8001234567890")])
        }
        #expect(throws: ScortaError.invalid("GS1 (17): '281331' is not a valid YYMMDD date")) {
            try GS1.encode([Element(ai: "17", value: "281331")])
        }
        #expect(throws: ScortaError.invalid("GS1 (10) cannot encode 'è' in 'Lottè'")) {
            try GS1.encode([.lot("Lottè")])
        }
        #expect(throws: (any Error).self) { try GS1.encode([.lot(String(repeating: "A", count: 21))]) }
    }

    @Test func code128RefusesWhatItCannotEncode() {
        #expect(throws: ScortaError.invalid("Code 128 cannot encode 'à' in 'Città' (only ASCII characters)")) {
            try Code128.encode("Città")
        }
        #expect(throws: ScortaError.invalid("Code 128: nothing to encode")) { try Code128.encode("") }
    }

    @Test func moduleWidthFitsOrExplainsWhyNot() throws {
        let symbol = try Code128.encode("IG-SAP")  // 9 code words: 8 × 11 + 13 = 101 modules + 20 quiet
        #expect(symbol.totalModules == 121)
        let module = try BarcodeSizing.moduleWidth(for: symbol, fitting: 200, minimum: 0.5, maximum: 2)
        #expect(module == 200.0 / 121.0)
        let dot = 72.0 / 203.0
        let stepped = try BarcodeSizing.moduleWidth(for: symbol, fitting: 200, minimum: dot, maximum: 10, step: dot)
        #expect(abs((stepped / dot).rounded() - stepped / dot) < 1e-9 && stepped * 121 <= 200)
        #expect(
            throws: ScortaError.invalid(
                "Code 128 'IG-SAP' does not fit: it needs 30.25 mm at the minimum module width of 0.25 mm, the label has 10 mm"
            )
        ) {
            try BarcodeSizing.moduleWidth(for: symbol, fitting: PDFUnit.mm(10), minimum: PDFUnit.mm(0.25), maximum: 5)
        }
    }

    private typealias Element = GS1.Element

    private func checksum(_ words: [Int]) throws -> Int {
        words.enumerated().reduce(0) { $0 + max($1.offset, 1) * $1.element } % 103
    }
}
