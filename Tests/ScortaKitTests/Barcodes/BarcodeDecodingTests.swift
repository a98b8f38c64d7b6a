import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

/// Draws symbols into a PDF, renders it at 300 dpi and reads them back with real decoders.
@Suite struct BarcodeDecodingTests {
    static func render(_ symbols: [BarcodeSymbol], in folder: URL) throws -> String {
        var page = PDFPage(width: PDFUnit.mm(120), height: PDFUnit.mm(30) * Double(symbols.count))
        for (index, symbol) in symbols.enumerated() {
            let box = PDFRect(
                x: PDFUnit.mm(5), y: PDFUnit.mm(30) * Double(index) + PDFUnit.mm(4), width: PDFUnit.mm(110),
                height: PDFUnit.mm(22))
            let module = try BarcodeSizing.moduleWidth(
                for: symbol, fitting: box.width, minimum: PDFUnit.mm(0.25), maximum: PDFUnit.mm(0.5))
            page.barcode(symbol, in: box, moduleWidth: module, barHeight: PDFUnit.mm(15), textSize: 8)
        }
        var document = PDFDocument()
        document.add(page)
        let pdf = folder.appendingPathComponent("codes.pdf").path
        try document.write(to: pdf)
        let prefix = folder.appendingPathComponent("codes").path
        let render = ExternalTools.run("pdftoppm", ["-r", "300", "-png", "-singlefile", pdf, prefix])
        #expect(render.status == 0, "\(render.stderr)")
        return prefix + ".png"
    }

    @Test(.enabled(if: ExternalTools.enabled("pdftoppm", "zbarimg")))
    func zbarReadsCode128AndEAN13() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let symbols = [
            try Code128.encode("AIM1234"), try Code128.encode("IG-SAP/l2611 x"), try Code128.encode("123456789"),
            try EAN13.encode("590123412345")
        ]
        let png = try Self.render(symbols, in: folder)
        let decoded = ExternalTools.run("zbarimg", ["-q", "--nodbus", png]).stdout.split(separator: "\n").map(
            String.init)
        #expect(
            Set(decoded) == [
                "CODE-128:AIM1234", "CODE-128:IG-SAP/l2611 x", "CODE-128:123456789", "EAN-13:5901234123457"
            ])
    }

    /// Mixed text that makes the encoder switch sets and shift; same seed, same strings.
    @Test(.enabled(if: ExternalTools.enabled("pdftoppm", "zbarimg")))
    func zbarReadsRandomMixedCode128() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        var random = SeededRandom(seed: 128)
        let alphabet = Array(
            "0123456789012345678901234567890123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-./ ")
        let texts = (0..<6).map { _ in
            String((0..<random.int(3..<16)).map { _ in alphabet[random.int(0..<alphabet.count)] })
        }
        let png = try Self.render(try texts.map { try Code128.encode($0) }, in: folder)
        let decoded = ExternalTools.run("zbarimg", ["-q", "--nodbus", png]).stdout.split(separator: "\n").map(
            String.init)
        #expect(decoded.sorted() == texts.map { "CODE-128:" + $0 }.sorted())
    }

    @Test(.enabled(if: ExternalTools.enabled("pdftoppm", "zxing")))
    func zxingReadsGS1WithItsSymbologyIdentifier() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let symbol = try GS1.encode([
            .gtin("8001234567897"), .expiry(CivilDate(year: 2028, month: 6, day: 30)!), .lot("L2611")
        ])
        let png = try Self.render([symbol], in: folder)
        let decoded = ZXing.decode(png)
        // zxing-cpp shows GS1 data as the human-readable element strings.
        #expect(decoded == ["]C1 (01)08001234567897(17)280630(10)L2611"])
    }
}

/// zxing-cpp through Python: prints "<symbology identifier> <text>" per symbol.
enum ZXing {
    static func decode(_ png: String) -> [String] {
        guard let python = ExternalTools.zxingPython else {
            Issue.record("zxing-cpp is not installed (SCORTA_ZXING_PYTHON)")
            return []
        }
        let script = """
            import sys, zxingcpp
            from PIL import Image
            for r in zxingcpp.read_barcodes(Image.open(sys.argv[1])):
                print(r.symbology_identifier + " " + r.text)
            """
        return ExternalTools.run(python, ["-c", script, png]).stdout.split(separator: "\n").map(String.init)
    }
}
