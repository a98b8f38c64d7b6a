import Foundation
import Testing

@testable import ScortaKit

@Suite struct PDFFontTests {
    @Test func widthsAreTheEmbeddedFontsAndMatchHelveticaAndCourier() {
        // Liberation is drawn to Helvetica's and Courier's widths: H 722, e 556, l 222, o 556; è 556; € 556; W bold 944.
        #expect(PDFFont.helvetica.width(of: "Hello", size: 1000) == 722 + 556 + 222 + 222 + 556)
        #expect(PDFFont.helvetica.width(of: "è€", size: 10) == 11.12)
        #expect(PDFFont.helveticaBold.width(of: "W", size: 1000) == 944)
        #expect(PDFFont.courier.width(of: "iW à", size: 10) == 24)
        // Measured with the same numbers the PDF declares in /W: the font's advance widths.
        let face = PDFFont.helvetica.face
        let glyph = face.program.glyph(for: "ș")
        #expect(glyph != 0)
        #expect(
            PDFFont.helvetica.width(of: "ș", size: 1000)
                == (Double(face.program.advance(of: glyph)) * 1000 / Double(face.program.unitsPerEm)).rounded())
    }

    @Test func textIsNormalisedToNFCBeforeItIsDrawn() {
        let decomposed = "e\u{0300}"
        let composed = "è"
        #expect(PDFFont.helvetica.shape(decomposed) == PDFFont.helvetica.shape(composed))
        #expect(PDFFont.helvetica.shape("Łódź ș ț").missing == nil)
        #expect(PDFFont.helvetica.truncated("Łódź ș ț e\u{0300}", size: 10, toWidth: 500) == "Łódź ș ț è")
    }

    @Test func aCharacterTheFontLacksIsAnErrorNamingIt() throws {
        var document = PDFDocument(title: "Prova")
        var page = PDFPage(width: 200, height: 100)
        page.text("Caffè", x: 10, baseline: 20, font: .helvetica, size: 10)
        page.text("Aleph ℵ", x: 10, baseline: 40, font: .helvetica, size: 10)
        document.add(page)
        #expect(throws: ScortaError.invalid("the PDF font LiberationSans has no glyph for 'ℵ' (U+2135) in 'Aleph ℵ'")) {
            try document.bytes()
        }
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: ScortaError.self) { try document.write(to: folder.appendingPathComponent("x.pdf").path) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
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
