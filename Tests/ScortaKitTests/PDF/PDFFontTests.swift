import Testing
@testable import ScortaKit

@Suite struct PDFFontTests {
    @Test func widthsComeFromTheAdobeMetrics() {
        // Helvetica: H 722, e 556, l 222, o 556; è 556; € 556. Courier is 600 for every glyph.
        #expect(PDFFont.helvetica.width(of: "Hello", size: 1000) == 722 + 556 + 222 + 222 + 556)
        #expect(PDFFont.helvetica.width(of: "è€", size: 10) == 11.12)
        #expect(PDFFont.helveticaBold.width(of: "W", size: 1000) == 944)
        #expect(PDFFont.courier.width(of: "iW à", size: 10) == 24)
    }

    @Test func accentsAndEuroAreEncodedInWinAnsi() {
        #expect(WinAnsi.encode("àèéìòù€") == [0xE0, 0xE8, 0xE9, 0xEC, 0xF2, 0xF9, 0x80])
        #expect(WinAnsi.encode("a\u{4E2D}b") == [0x61, 0x3F, 0x62])
        #expect(WinAnsi.decode(WinAnsi.encode("Però … 5 €")) == "Però … 5 €")
        #expect(WinAnsi.canEncode("Caffè") && !WinAnsi.canEncode("\u{4E2D}"))
    }

    @Test func truncatesWithAnEllipsisOnlyWhenNeeded() {
        let font = PDFFont.helvetica
        #expect(font.truncated("Sapone", size: 10, toWidth: 100) == "Sapone")
        let cut = font.truncated("Sacco a pelo invernale", size: 10, toWidth: 50)
        #expect(cut.hasSuffix("…") && cut.count < 22)
        #expect(font.width(of: cut, size: 10) <= 50)
        #expect(font.truncated("Sacco a pelo", size: 10, toWidth: 2) == "")
    }

    @Test func wrapsAtSpacesAndCutsLongWords() {
        let font = PDFFont.helvetica
        let lines = font.wrapped("Kit igiene personale donna con assorbenti", size: 10, toWidth: 80)
        #expect(lines.count > 1)
        #expect(lines.joined(separator: " ") == "Kit igiene personale donna con assorbenti")
        #expect(lines.allSatisfy { font.width(of: $0, size: 10) <= 80 })
        let long = font.wrapped(String(repeating: "x", count: 60), size: 10, toWidth: 50)
        #expect(long.joined() == String(repeating: "x", count: 60) && long.count > 1)
        let limited = font.wrapped("uno due tre quattro cinque sei sette otto", size: 10, toWidth: 40, maxLines: 2)
        #expect(limited.count == 2 && limited[1].hasSuffix("…"))
    }
}
