import Foundation
import Testing

@testable import ScortaKit

/// Every kind of label, rendered at 300 dpi (only the printed part of the sheet) and decoded.
@Suite struct LabelDecodingTests {
    /// One or two labels of every kind, with the symbologies each kind can carry.
    static let everyKind: [(LabelKind, LabelContent)] = {
        let expiry = CivilDate(year: 2028, month: 6, day: 30)
        return [
            (.item, .item(sku: "IG-SAP", name: "Sapone solido 100 g", gtin: "8001234567897")),
            (.item, .item(sku: "AL-CAF", name: "Caffè macinato 250 g", gtin: nil)),
            (
                .lot,
                .lot(sku: "IG-SAP", name: "Sapone solido 100 g", lot: "L2611", expiry: expiry, gtin: "8001234567897")
            ),
            (.lot, .lot(sku: "IG-SPZ", name: "Spazzolino", lot: "LS1-2026", expiry: expiry, gtin: nil)),
            (
                .kit,
                .kit(
                    sku: "KIT-IGM", name: "Kit igiene personale (uomo)",
                    contents: [
                        "1\u{A0}×\u{A0}Sapone", "2\u{A0}×\u{A0}Rasoio", "1\u{A0}×\u{A0}Spazzolino",
                        "1\u{A0}×\u{A0}Dentifricio"
                    ])
            ),
            (.location, .location(code: "MAG-A", name: "Magazzino Centrale")),
            (.location, .location(code: "EMP", name: "Emporio Solidale, scaffale 12")),
            (.card, .card(code: "K7Q29XM44", heading: "Tessera emporio solidale"))
        ]
    }()

    /// The one pairing that does not fit: a GS1 lot label on the 25.4 mm high Avery 5160 (refused, see LabelFitTests).
    static func fits(_ content: LabelContent, _ template: String) -> Bool {
        if case .lot(_, _, _, _, let gtin) = content, gtin != nil, template == "avery-5160" { return false }
        return true
    }

    /// Writes the labels, checks the file with qpdf, renders the top `heightMM` of page 1.
    static func render(
        _ contents: [LabelContent], kind: LabelKind, template name: String, heightMM: Double,
        in folder: URL
    ) throws -> (pdf: String, png: String, symbols: [BarcodeSymbol]) {
        let template = try LabelTemplateTests.templates.template(name)
        let pdf = folder.appendingPathComponent("\(kind.rawValue).pdf").path
        _ = try LabelJob(kind: kind, contents: contents, template: template).write(to: pdf)
        let check = ExternalTools.run("qpdf", ["--check", pdf])
        #expect(check.status == 0, "\(check.stdout)")
        let pixels = String(Int(heightMM / 25.4 * 300))
        let prefix = folder.appendingPathComponent(kind.rawValue).path
        let render = ExternalTools.run(
            "pdftoppm",
            [
                "-r", "300", "-png", "-f", "1", "-l", "1", "-singlefile", "-x", "0", "-y", "0",
                "-W", String(Int(template.page.width / 25.4 * 300)), "-H", pixels, pdf, prefix
            ])
        #expect(render.status == 0, "\(render.stderr)")
        return (pdf, prefix + ".png", try contents.map { try $0.symbol() })
    }

    static func zbar(_ png: String) -> [String] {
        ExternalTools.run("zbarimg", ["-q", "--nodbus", png]).stdout.split(separator: "\n").map(String.init).sorted()
    }

    static func expected(_ symbols: [BarcodeSymbol]) -> [String] {
        symbols.map {
            ($0.symbology == .ean13 ? "EAN-13:" : "CODE-128:") + $0.data.replacingOccurrences(of: "\u{1D}", with: "")
        }.sorted()
    }

    @Test(.enabled(if: ExternalTools.enabled("qpdf", "pdftoppm", "zbarimg", "pdftotext")))
    func itemLabelsDecodeAndKeepAccents() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let contents: [LabelContent] = [
            .item(sku: "IG-SAP", name: "Sapone solido 100 g", gtin: "8001234567897"),
            .item(sku: "AL-CAF", name: "Caffè macinato, più città: 5 €", gtin: nil),
            .item(sku: "IG-DEN", name: "Dentifricio", gtin: "8001234567828")
        ]
        let result = try Self.render(contents, kind: .item, template: "avery-l7160", heightMM: 55, in: folder)
        #expect(Self.zbar(result.png) == Self.expected(result.symbols))
        #expect(ExternalTools.run("pdftotext", [result.pdf, "-"]).stdout.contains("Caffè macinato, più città: 5 €"))
    }

    @Test(.enabled(if: ExternalTools.enabled("qpdf", "pdftoppm", "zbarimg", "zxing")))
    func lotLabelsCarryGS1ForGTINItemsAndCode128Otherwise() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let expiry = CivilDate(year: 2028, month: 6, day: 30)
        let contents: [LabelContent] = [
            .lot(sku: "IG-SAP", name: "Sapone solido 100 g", lot: "L2611", expiry: expiry, gtin: "8001234567897"),
            .lot(sku: "IG-SPZ", name: "Spazzolino", lot: "LS1", expiry: expiry, gtin: nil)
        ]
        let result = try Self.render(contents, kind: .lot, template: "avery-l7163", heightMM: 55, in: folder)
        #expect(Self.zbar(result.png) == Self.expected(result.symbols))
        #expect(Self.expected(result.symbols).contains("CODE-128:IG-SPZ/LS1"))
        let gs1 = ZXing.decode(result.png).filter { $0.hasPrefix("]C1") }
        #expect(gs1 == ["]C1 (01)08001234567897(17)280630(10)L2611"])
        #expect(ExternalTools.run("pdftotext", [result.pdf, "-"]).stdout.contains("Scad. 30/06/2028"))
    }

    @Test(.enabled(if: ExternalTools.enabled("qpdf", "pdftoppm", "zbarimg", "pdftotext")))
    func kitLocationAndCardLabelsDecode() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cases: [(LabelKind, [LabelContent], String, Double)] = [
            (
                .kit,
                [
                    .kit(
                        sku: "KIT-IGM", name: "Kit igiene personale (uomo)",
                        contents: ["1\u{A0}×\u{A0}Sapone", "2\u{A0}×\u{A0}Rasoio"])
                ],
                "avery-l7165", 82
            ),
            (
                .location,
                [.location(code: "MAG-A", name: "Magazzino Centrale"), .location(code: "EMP", name: "Emporio")],
                "avery-l7165", 82
            ),
            (
                .card, [.card(code: "K7Q29XM44", heading: "Tessera"), .card(code: "2B8D4XR1D", heading: "Tessera")],
                "id1-cards-a4", 68
            ),
            (.item, [.item(sku: "IG-SPZ", name: "Spazzolino", gtin: nil)], "ql-62x29", 29),
            (
                .lot, [.lot(sku: "IG-SAP", name: "Sapone", lot: "L1", expiry: nil, gtin: "8001234567897")],
                "thermal-100x50", 50
            )
        ]
        for (kind, contents, template, height) in cases {
            let result = try Self.render(contents, kind: kind, template: template, heightMM: height, in: folder)
            #expect(Self.zbar(result.png) == Self.expected(result.symbols), "\(kind) on \(template)")
            if kind == .card {
                // People read the code grouped as at registration; the scanner gets it bare.
                let text = ExternalTools.run("pdftotext", [result.pdf, "-"]).stdout
                #expect(text.contains("K7Q2-9XM4-4") && text.contains("2B8D-4XR1-D"), "\(text)")
                #expect(Self.zbar(result.png).contains("CODE-128:K7Q29XM44"))
            }
        }
    }

    @Test func sameLabelsGiveTheSameBytes() throws {
        let template = try LabelTemplateTests.templates.template("avery-l7160")
        let contents: [LabelContent] = [.item(sku: "IG-SAP", name: "Sapone", gtin: "8001234567897")]
        let first = try LabelSheet(template: template, kind: .item).render(contents).document.bytes()
        #expect(first == (try LabelSheet(template: template, kind: .item).render(contents).document.bytes()))
    }
}
