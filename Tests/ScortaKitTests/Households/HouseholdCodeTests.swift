import Testing

@testable import ScortaKit

@Suite struct HouseholdCodeTests {
    @Test func randomCodesAreValidAndDistinct() {
        let codes = (0..<2000).map { _ in HouseholdCode.random() }
        #expect(Set(codes).count == codes.count)
        for code in codes.prefix(50) {
            #expect(code.count == 9)
            #expect(HouseholdCode.normalise(code) == code)
        }
    }

    @Test func typingVariantsReadTheSameAndMistakesAreCaught() throws {
        let code = HouseholdCode.random()
        let shown = HouseholdCode.display(code)
        #expect(shown.count == 11 && shown.filter { $0 == "-" }.count == 2)
        #expect(HouseholdCode.normalise(shown.lowercased()) == code)
        // Every single-symbol substitution is caught by the check symbol.
        var chars = Array(code)
        for index in 0..<chars.count {
            let original = chars[index]
            for replacement in HouseholdCode.alphabet where replacement != original {
                chars[index] = replacement
                #expect(HouseholdCode.normalise(String(chars)) == nil)
            }
            chars[index] = original
        }
        #expect(HouseholdCode.normalise("ABC") == nil)
        #expect(HouseholdCode.normalise("UUUUUUUUU") == nil)
    }

    /// ASCII codes are read byte by byte; text with other letters takes the
    /// Unicode path, and both say the same of the same code.
    @Test func asciiAndUnicodeReadingsAgree() {
        let data = "0011ABCD"
        let code = data + String(HouseholdCode.check(data))
        let typed = " oo il-abcd-" + String(HouseholdCode.check(data)).lowercased()
        #expect(HouseholdCode.normalise(typed) == code)
        #expect(HouseholdCode.normaliseUnicode(typed) == code)
        #expect(HouseholdCode.normalise(code + "0") == nil)
        #expect(HouseholdCode.normalise(String(code.dropLast()) + "U") == nil)
        #expect(HouseholdCode.normalise("0011ABCDé") == nil)
        #expect(HouseholdCode.normalise(code + "é") == nil)
        #expect(HouseholdCode.normalise("") == nil)
    }

    @Test func crockfordLookalikesRead() {
        let data = "0011ABCD"
        let code = data + String(HouseholdCode.check(data))
        #expect(HouseholdCode.normalise("OoIlABCD" + String(HouseholdCode.check(data))) == code)
    }
}
