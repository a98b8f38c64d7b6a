import Foundation
import Testing

@testable import ScortaKit

/// Issue 15: labels that survive real stock and real printers. Everything here is read back
/// from the layout's own record of what it drew (text, sizes, bar rectangles), not from pixels.
@Suite struct LabelFitTests {
    static let expiry = CivilDate(year: 2028, month: 6, day: 30)!

    static func placements(_ contents: [LabelContent], _ kind: LabelKind, on name: String) throws -> [LabelSheet
        .Placement]
    {
        try LabelSheet(template: LabelTemplateTests.templates.template(name), kind: kind).render(contents).placements
    }

    /// Every text drawn on a label, as drawn.
    static func texts(_ placement: LabelSheet.Placement) -> [String] { placement.texts.map(\.text) }

    // MARK: - Width, never cut

    @Test func expiryAndCodesAreNeverCutOnRolls() throws {
        // "labels lot IG-SAP --template thermal-4x6" printed "Scad. 30/06/2…".
        let lot = LabelContent.lot(
            sku: "IG-SAP", name: "Sapone solido 100 g", lot: "L2611", expiry: Self.expiry, gtin: "8001234567897")
        for name in ["thermal-4x6", "ql-62x100", "thermal-100x50", "ql-62x29"] {
            let texts = Self.texts(try Self.placements([lot], .lot, on: name)[0])
            #expect(texts.contains("Scad. 30/06/2028"), "\(name): \(texts)")
            #expect(texts.contains("IG-SAP · Lotto L2611"), "\(name): \(texts)")
        }
        // A long lot without GTIN on ql-62x100 printed only "Scad.…", and its Code 128 carries no date.
        let long = LabelContent.lot(
            sku: "AL-LAT", name: "Latte UHT parzialmente scremato 1 l", lot: "2026-11-LT-004512",
            expiry: Self.expiry, gtin: nil)
        let texts = Self.texts(try Self.placements([long], .lot, on: "ql-62x100")[0])
        #expect(texts.contains("Scad. 30/06/2028"), "\(texts)")
        #expect(texts.contains { $0.contains("2026-11-LT-004512") }, "\(texts)")
        // Location codes were cut to "MA…" on ql-62x100 and "SCAF…" on thermal-4x6.
        for (code, name) in [("MAG-A", "ql-62x100"), ("SCAFFALE-12B", "thermal-4x6"), ("SCAFFALE-12B", "ql-62x100")] {
            let texts = Self.texts(
                try Self.placements([.location(code: code, name: "Magazzino Centrale")], .location, on: name)[0])
            #expect(texts.contains(code), "\(name): \(texts)")
        }
    }

    @Test func noTextIsSmallerThanSixPointsOrWiderThanItsLabel() throws {
        let contents: [(LabelKind, LabelContent)] = [
            (
                .item,
                .item(
                    sku: "IG-SAP-LUNGO-26",
                    name: "Sapone solido all'olio d'oliva, confezione famiglia da 6 pezzi da 100 g", gtin: nil)
            ),
            (.lot, .lot(sku: "IG-SAP", name: "Sapone solido 100 g", lot: "L2611", expiry: Self.expiry, gtin: nil)),
            (.location, .location(code: "S12", name: "Magazzino Centrale, corsia 12, ripiano B, vicino all'uscita")),
            (.card, .card(code: "K7Q29XM44", heading: "Tessera emporio solidale"))
        ]
        for template in try LabelTemplateTests.templates.all() {
            for (kind, content) in contents {
                let placement = try LabelSheet(template: template, kind: kind).render([content]).placements[0]
                for text in placement.texts {
                    #expect(text.size >= 6 - 1e-9, "\(template.name) \(kind) \(text.field): \(text.size) pt")
                    #expect(
                        text.rect.x >= placement.frame.x && text.rect.maxX <= placement.frame.maxX + 1e-6,
                        "\(template.name) \(kind) \(text.field) sticks out")
                    if text.field != "name" && text.field != "heading" {
                        #expect(!text.text.contains("…"), "\(template.name): \(text.text)")
                    }
                }
            }
        }
    }

    @Test func aCodeTooLongForTheLabelIsRefusedNamingTheLabelAndTheField() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        // A 38 x 25 mm roll: an EAN-13 fits (30.3 mm), a 39-character SKU at 6 pt does not.
        let path = folder.appendingPathComponent("narrow.json").path
        try """
        {"name": "narrow-38x25", "description": "x", "page": {"width": 38, "height": 25}, "grid": {"columns": 1, "rows": 1},
         "label": {"width": 38, "height": 25}, "margins": {"left": 0, "top": 0}, "pitch": {"horizontal": 38, "vertical": 25}, "padding": 1.5}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        let template = try LabelTemplateTests.templates.template(path)
        let sku = "IG-SAPONE-SOLIDO-ALLOLIO-DI-OLIVA-100G"
        #expect(
            throws: ScortaError.invalid(
                "item label \(sku) on 'narrow-38x25': the SKU does not fit the label's width even at 6 pt; use a wider template or a shorter code"
            )
        ) {
            try LabelSheet(template: template, kind: .item).render([
                .item(sku: sku, name: "Sapone", gtin: "8001234567897")
            ])
        }
        // Codes whose barcode is too long for the label are refused by the barcode first, naming the label too.
        let code = "CORRIDOIO-SUD-SCAFFALE-0012"
        #expect(
            throws: ScortaError.invalid(
                "location label \(code) on 'avery-5160': Code 128 '\(code)' needs 170.5 mm at the minimum module width of 0.5 mm, the label has 64.68 mm inside its 1 mm margins"
            )
        ) { try Self.placements([.location(code: code, name: "x")], .location, on: "avery-5160") }
    }

    @Test func longNamesAreShortenedWithAnEllipsisAndSaySo() throws {
        let name = String(repeating: "Sapone solido all'olio d'oliva extravergine ", count: 6)
        let placement = try Self.placements([.item(sku: "IG-SAP", name: name, gtin: nil)], .item, on: "avery-5160")[0]
        let drawn = placement.texts.filter { $0.field == "name" }.map(\.text).joined(separator: " ")
        #expect(drawn.hasSuffix("…"), "\(drawn)")
        #expect(placement.texts.contains { $0.field == "SKU" && $0.text == "IG-SAP" })
    }

    // MARK: - Barcode height, quiet zones, margins, dot grid

    @Test func barcodeHeightIsTheSameForEveryLabelOfASheet() throws {
        let contents: [LabelContent] = [
            .item(sku: "IG-SAP", name: "Sapone", gtin: nil),
            .item(sku: "IG-DEN", name: "Dentifricio al fluoro per adulti e ragazzi, tubetto da 75 ml", gtin: nil),
            .item(sku: "IG-SPZ", name: "Spazzolino", gtin: "8001234567828")
        ]
        for name in ["avery-l7160", "avery-5160", "ql-62x29", "thermal-4x6"] {
            let heights = Set(try Self.placements(contents, .item, on: name).map { ($0.bars.height * 1000).rounded() })
            #expect(heights.count == 1, "\(name): \(heights)")
        }
    }

    /// Every label kind on every template it fits: 10 modules of quiet zone each side and at least
    /// 1 mm between the end of the quiet zone and the die-cut edge; bars inside the label.
    @Test func quietZonesAndOneMillimetreToTheEdgeOnEveryTemplate() throws {
        var fitted = 0
        for template in try LabelTemplateTests.templates.all() {
            for (kind, content) in LabelDecodingTests.everyKind where LabelDecodingTests.fits(content, template.name) {
                let placements = try LabelSheet(template: template, kind: kind).render([content]).placements
                fitted += 1
                let placement = placements[0]
                for drawn in placement.symbols {
                    let quiet = (
                        left: Double(max(10, drawn.symbol.quietZone.left)) * drawn.moduleWidth,
                        right: Double(max(10, drawn.symbol.quietZone.right)) * drawn.moduleWidth
                    )
                    // Along the symbol: across the label, or down it when a tall label is laid out sideways.
                    let (start, end, edge, far) =
                        drawn.rotated
                        ? (drawn.bars.y, drawn.bars.maxY, placement.frame.y, placement.frame.maxY)
                        : (drawn.bars.x, drawn.bars.maxX, placement.frame.x, placement.frame.maxX)
                    #expect(
                        start - quiet.left - edge >= PDFUnit.mm(1) - 1e-6,
                        "\(kind) on \(template.name): first quiet zone")
                    #expect(
                        far - (end + quiet.right) >= PDFUnit.mm(1) - 1e-6,
                        "\(kind) on \(template.name): last quiet zone")
                    #expect(
                        drawn.bars.x >= placement.frame.x && drawn.bars.maxX <= placement.frame.maxX,
                        "\(kind) on \(template.name)")
                    #expect(
                        drawn.bars.y >= placement.frame.y && drawn.bars.maxY <= placement.frame.maxY,
                        "\(kind) on \(template.name)")
                    let range = kind.moduleRange
                    #expect(
                        drawn.moduleWidth >= PDFUnit.mm(range.minimum) - 1e-6
                            && drawn.moduleWidth <= PDFUnit.mm(range.maximum) + 1e-6)
                }
            }
        }
        #expect(fitted == 9 * LabelDecodingTests.everyKind.count - 1)
    }

    /// Thermal and QL stock: every bar starts and ends on a printer dot, counted from the page's
    /// left edge (where the printer starts rasterising), also with a printer offset.
    @Test(arguments: ["thermal-4x6", "thermal-100x50", "ql-62x29", "ql-62x100"])
    func barsSitOnThePrinterDotGrid(_ name: String) throws {
        let template = try LabelTemplateTests.templates.template(name)
        let dot = 72.0 / Double(try #require(template.printerDPI))
        func whole(_ value: Double) -> Bool { abs(value / dot - (value / dot).rounded()) < 1e-6 }
        for offset in [(0.0, 0.0), (0.37, -0.2)] {
            for (kind, content) in LabelDecodingTests.everyKind {
                let placement = try LabelSheet(template: template, kind: kind).render(
                    [content], options: .init(offset: offset)
                ).placements[0]
                for drawn in placement.symbols {
                    // Sideways on a tall label the bars run across the head: their edges are rows of dots from the top.
                    let start = drawn.rotated ? drawn.bars.y : drawn.bars.x
                    #expect(whole(drawn.moduleWidth), "\(kind) on \(name): module \(drawn.moduleWidth / dot) dots")
                    #expect(whole(start), "\(kind) on \(name): bars start at \(start / dot) dots")
                }
            }
        }
    }

    // MARK: - GS1 lots on narrow stock, kits, rolls

    @Test func gs1LotsFitL7160AndTheQLRolls() throws {
        let lot = LabelContent.lot(
            sku: "IG-SAP", name: "Sapone solido 100 g", lot: "L2611", expiry: Self.expiry, gtin: "8001234567897")
        for name in ["avery-l7160", "ql-62x29", "ql-62x100", "thermal-100x50"] {
            let placement = try Self.placements([lot], .lot, on: name)[0]
            // Every element string is in a GS1-128 symbol on the label, split in two where one symbol does not fit.
            let data = placement.symbols.map { $0.symbol.text }.joined()
            #expect(data == "(01)08001234567897(17)280630(10)L2611", "\(name): \(data)")
            #expect(placement.symbols.allSatisfy { $0.symbol.symbology == .gs1128 })
        }
    }

    @Test func aGS1LotOnAvery5160IsRefusedClearly() throws {
        // 25.4 mm high: the two GS1 rows (66.7 mm is too short for one) leave no room for the text.
        let lot = LabelDecodingTests.everyKind[2].1
        #expect(
            throws: ScortaError.invalid(
                "lot label IG-SAP lot L2611 on 'avery-5160': its text at 6 pt leaves no room for a 6 mm barcode; "
                    + "choose a taller template")
        ) { try Self.placements([lot], .lot, on: "avery-5160") }
        #expect(!LabelDecodingTests.fits(lot, "avery-5160"))
    }

    @Test func aLotThatCannotBeDrawnNamesTheSKUAndTheLot() throws {
        // The longest lot GS1 (10) takes, 20 letters, is 77 mm of bars and quiet zones at 0.25 mm.
        let longest = LabelContent.lot(
            sku: "IG-SAP", name: "Sapone", lot: "ABCDEFGHIJKLMNOPQRST", expiry: Self.expiry, gtin: "8001234567897")
        #expect(try Self.placements([longest], .lot, on: "avery-l7163")[0].symbols.count == 2)
        #expect(
            throws: ScortaError.invalid(
                "lot label IG-SAP lot ABCDEFGHIJKLMNOPQRST on 'avery-l7160': GS1-128 '(10)ABCDEFGHIJKLMNOPQRST' "
                    + "needs 77 mm at the minimum module width of 0.25 mm, the label has 61.5 mm inside its 1 mm margins"
            )
        ) {
            try Self.placements([longest], .lot, on: "avery-l7160")
        }
        let lot = LabelContent.lot(
            sku: "IG-SAP", name: "Sapone", lot: "L#2611", expiry: Self.expiry, gtin: "8001234567897")
        #expect(throws: ScortaError.invalid("lot label IG-SAP lot L#2611: GS1 (10) cannot encode '#' in 'L#2611'")) {
            try Self.placements([lot], .lot, on: "avery-l7163")
        }
    }

    @Test func kitContentsKeepRecipeOrderAndAreNeverCut() throws {
        let contents = [
            "1\u{A0}×\u{A0}Sapone solido", "1\u{A0}×\u{A0}Shampoo", "1\u{A0}×\u{A0}Spazzolino",
            "1\u{A0}×\u{A0}Dentifricio",
            "3\u{A0}×\u{A0}Rasoio usa e getta", "1\u{A0}×\u{A0}Pettine", "1\u{A0}×\u{A0}Asciugamano",
            "1\u{A0}×\u{A0}Kit primo soccorso"
        ]
        let kit = LabelContent.kit(sku: "KIT-IGM", name: "Kit igiene personale (uomo)", contents: contents)
        for name in ["avery-l7160", "ql-62x29", "avery-l7165", "thermal-4x6", "ql-62x100"] {
            let placement = try Self.placements([kit], .kit, on: name)[0]
            let drawn = placement.texts.filter { $0.field == "contents" }
            #expect(drawn.map(\.text).joined(separator: " ") == contents.joined(separator: " · "), "\(name)")
            #expect(drawn.allSatisfy { $0.size >= 6 }, "\(name): \(drawn.map(\.size))")
        }
    }

    /// On 4x6 in and 62x100 mm rolls the label is used: text and bars fill most of its height.
    @Test(arguments: ["thermal-4x6", "ql-62x100"])
    func bigRollsAreUsed(_ name: String) throws {
        for (kind, content) in LabelDecodingTests.everyKind {
            let placement = try Self.placements([content], kind, on: name)[0]
            // Measured along the label's short side when it is laid out sideways.
            let rotated = placement.symbols[0].rotated
            func along(_ rect: PDFRect) -> Double { rotated ? rect.width : rect.height }
            let used =
                placement.texts.reduce(0) { $0 + along($1.rect) } + placement.symbols.reduce(0) { $0 + along($1.bars) }
            #expect(
                used >= along(placement.frame) * 0.6,
                "\(kind) on \(name): \(Int(used / along(placement.frame) * 100))% used")
        }
    }
}
