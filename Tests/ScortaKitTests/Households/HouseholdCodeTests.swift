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

    @Test func crockfordLookalikesRead() {
        let data = "0011ABCD"
        let code = data + String(HouseholdCode.check(data))
        #expect(HouseholdCode.normalise("OoIlABCD" + String(HouseholdCode.check(data))) == code)
    }
}
