import ScortaKit
import Testing

@Suite struct ZeroPaddingTests {
    @Test func padsToTheWidthAndNeverCuts() {
        #expect(7.zeroPadded(2) == "07")
        #expect(2026.zeroPadded(2) == "2026")
        #expect(42.zeroPadded(5) == "00042")
        #expect((-5).zeroPadded(3) == "-005")
        #expect(UInt16(0x1F).zeroPadded(4, radix: 16) == "001F")
        #expect(UInt32(0x1b).zeroPadded(4, radix: 16, uppercase: false) == "001b")
        #expect(String(zeroPadding: "8001234567897", to: 14) == "08001234567897")
    }
}
