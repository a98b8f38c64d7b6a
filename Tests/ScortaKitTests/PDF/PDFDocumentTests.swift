import Foundation
import Testing

@testable import ScortaKit

@Suite struct PDFDocumentTests {
    /// A page using every kind of drawing, with Italian text.
    static func sample() -> PDFDocument {
        var document = PDFDocument(title: "Prova (àè)")
        var page = PDFPage(width: PDFPageSize.a4.width, height: PDFPageSize.a4.height)
        page.fill(PDFRect(x: 50, y: 50, width: 100, height: 20), color: .gray(0.8))
        page.stroke(PDFRect(x: 50, y: 80, width: 100, height: 20), color: .rgb(0.2, 0.3, 0.9))
        page.line(fromX: 50, y: 110, toX: 300, y: 110, lineWidth: 1)
        page.text("Caffè, tè e perché: più città (5 €)", x: 50, baseline: 140, font: .helvetica, size: 12)
        page.text(
            "Centrato", x: PDFPageSize.a4.width / 2, baseline: 170, font: .helveticaBold, size: 14, align: .center)
        page.text("IG-SAP \\ L2611", x: 300, baseline: 200, font: .courier, size: 10, align: .right)
        page.wrappedText(
            "Kit emergenza freddo: sacco a pelo, coperta, maglia termica, cappello, guanti e calze.",
            in: PDFRect(x: 50, y: 220, width: 150, height: 60), font: .helvetica, size: 10)
        document.add(page)
        document.add(PDFPage(width: 200, height: 100))
        return document
    }

    @Test func sameInputGivesTheSameBytes() throws {
        #expect(try Self.sample().bytes() == Self.sample().bytes())
        let text = String(decoding: try Self.sample().bytes(), as: UTF8.self)
        #expect(!text.contains("CreationDate"))
        // PDF/A-1b: embedded subset fonts, a document ID, XMP metadata and an sRGB output intent.
        #expect(
            text.contains("/Subtype /Type0 /BaseFont /") && text.contains("+LiberationSans-Bold /Encoding ")
                && text.contains("/Type /CMap /CMapName /Scorta-LiberationSans-Bold-ASCII-1B"))
        #expect(text.contains("/FontFile2 ") && text.contains("/CIDSet ") && text.contains("/ToUnicode "))
        #expect(
            text.contains("/ID [<")
                && text.contains("<pdfaid:part>1</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance>"))
        #expect(text.contains("/S /GTS_PDFA1 /OutputConditionIdentifier (sRGB IEC61966-2.1)"))
        #expect(text.contains("/Filter /FlateDecode"))
    }

    @Test func aDifferentDocumentHasAnotherID() throws {
        var other = Self.sample()
        var page = PDFPage(width: 100, height: 100)
        page.text("Un'altra pagina", x: 10, baseline: 20, font: .helvetica, size: 10)
        other.add(page)
        let id = { (bytes: [UInt8]) in
            String(decoding: bytes, as: UTF8.self).firstMatch(of: /\/ID \[<([0-9A-F]{32})>/)?.1
        }
        let first = try #require(id(try Self.sample().bytes()))
        let second = try #require(id(try other.bytes()))
        #expect(first != second)
    }

    @Test func textIsDrawnAsGlyphsOfTheEmbeddedFont() {
        var page = PDFPage(width: 100, height: 100)
        page.text("A(é", x: 10, baseline: 20, font: .helvetica, size: 10)
        page.text("B", x: 10, baseline: 32, font: .helvetica, size: 10)
        let e = PDFFont.helvetica.shape("é").glyphs[0]
        // ASCII is one byte, any other glyph 0x8000 + its id; one text object, the second line
        // moving relative to the first.
        #expect(
            page.stream == Array("BT /F1 10 Tf 10 80 Td (A\\(".utf8) + [0x80 | UInt8(e >> 8), UInt8(e & 0xFF)]
                + Array(") Tj\n0 -12 Td (B) Tj\nET\n".utf8))
    }

    /// Two-byte codes whose second byte is a line end, a parenthesis or a backslash are
    /// escaped, so the string neither ends early nor has its bytes changed by a reader.
    @Test(.enabled(if: ExternalTools.enabled("pdftotext", "qpdf")))
    func awkwardTwoByteCodesComeBackAsTyped() throws {
        let program = PDFFont.helvetica.face.program
        var text = ""
        for low: UInt16 in [0x0A, 0x0D, 0x28, 0x29, 0x5C] {
            // The first non-ASCII character whose glyph id ends in that byte.
            let scalar = (0xA0...0x24F).compactMap(Unicode.Scalar.init).first { scalar in
                let glyph = program.glyph(for: scalar)
                return glyph != 0 && glyph & 0xFF == low && PDFFont.helvetica.shape(String(scalar)).scalars == [scalar]
            }
            if let scalar { text.unicodeScalars.append(scalar) }
        }
        #expect(text.unicodeScalars.count >= 3)
        var document = PDFDocument(title: "Codici")
        var page = PDFPage(width: 300, height: 100)
        page.text("<\(text)>", x: 10, baseline: 30, font: .helvetica, size: 12)
        document.add(page)
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("codes.pdf").path
        try document.write(to: path)
        #expect(ExternalTools.run("qpdf", ["--check", path]).status == 0)
        #expect(ExternalTools.run("pdftotext", [path, "-"]).stdout.contains("<\(text)>"))
    }

    @Test func coordinatesAreFlippedToPDFSpace() {
        var page = PDFPage(width: 100, height: 200)
        page.fill(PDFRect(x: 10, y: 20, width: 30, height: 40))
        #expect(String(decoding: page.content, as: UTF8.self) == "10 140 30 40 re f\n")
    }

    @Test func numbersHaveAtMostThreeDecimals() {
        var out: [UInt8] = []
        for value in [0, 1.5, -2.25, 123.4567, 0.0004, 1e6] {
            PDFNumbers.append(value, to: &out)
            out.append(0x20)
        }
        #expect(String(decoding: out, as: UTF8.self) == "0 1.5 -2.25 123.457 0 1000000 ")
    }

    @Test(.enabled(if: ExternalTools.enabled("qpdf", "pdftotext", "pdftoppm")))
    func passesQpdfAndKeepsAccentsInText() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sample.pdf").path
        try Self.sample().write(to: path)
        let check = ExternalTools.run("qpdf", ["--check", path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let text = ExternalTools.run("pdftotext", ["-layout", path, "-"])
        #expect(text.stdout.contains("Caffè, tè e perché: più città (5 €)"))
        #expect(text.stdout.contains("IG-SAP \\ L2611"))
        let render = ExternalTools.run(
            "pdftoppm", ["-r", "50", "-png", path, folder.appendingPathComponent("page").path])
        #expect(render.status == 0 && render.stderr.isEmpty, "\(render.stderr)")
    }
}
