import Foundation
import Testing

@testable import ScortaKit

@Suite struct LabelTemplateTests {
    static let templates = LabelTemplates(
        directory: URL(fileURLWithPath: TestDatabase.seedsPath).deletingLastPathComponent()
            .appendingPathComponent("Labels").path)

    @Test func everyShippedTemplateLoadsAndTheRequiredOnesExist() throws {
        let names = Set(try Self.templates.all().map(\.name))
        for required in [
            "avery-l7160", "avery-l7163", "avery-l7165", "avery-5160", "ql-62x29", "ql-62x100", "thermal-100x50",
            "thermal-4x6", "id1-cards-a4"
        ] {
            #expect(names.contains(required), "missing \(required)")
        }
        #expect(try Self.templates.template("L7160").name == "avery-l7160")
        #expect(try Self.templates.template("5160").page.width == 215.9)
    }

    /// (name, columns, rows, label w, h, left, top, pitch x, y) from DOMAIN.md "Labels".
    static let sheets: [(String, Int, Int, Double, Double, Double, Double, Double, Double)] = [
        ("avery-l7160", 3, 7, 63.5, 38.1, 7.25, 15.15, 66.0, 38.1),
        ("avery-l7163", 2, 7, 99.1, 38.1, 4.65, 15.15, 101.6, 38.1),
        ("avery-l7165", 2, 4, 99.1, 67.7, 4.65, 13.1, 101.6, 67.7),
        ("avery-5160", 3, 10, 66.675, 25.4, 4.7625, 12.7, 69.85, 25.4)
    ]

    @Test(arguments: sheets)
    func labelsLandWhereTheSheetHasThem(_ sheet: (String, Int, Int, Double, Double, Double, Double, Double, Double))
        throws
    {
        let template = try Self.templates.template(sheet.0)
        let count = sheet.1 * sheet.2
        let contents = (0..<count + 2).map { LabelContent.item(sku: "SKU-\($0)", name: "Articolo \($0)", gtin: nil) }
        let (document, placements) = try LabelSheet(template: template, kind: .item).render(contents)
        #expect(document.pageCount == 2)
        for (index, placement) in placements.enumerated() {
            let slot = index % count
            let x = sheet.5 + Double(slot % sheet.1) * sheet.7
            let y = sheet.6 + Double(slot / sheet.1) * sheet.8
            #expect(placement.page == index / count)
            #expect(
                abs(PDFUnit.millimetres(placement.frame.x) - x) < 0.1
                    && abs(PDFUnit.millimetres(placement.frame.y) - y) < 0.1)
            #expect(abs(PDFUnit.millimetres(placement.frame.width) - sheet.3) < 0.1)
            #expect(abs(PDFUnit.millimetres(placement.frame.height) - sheet.4) < 0.1)
        }
    }

    @Test func startPositionAndPrinterOffsetMoveTheLabels() throws {
        let template = try Self.templates.template("avery-l7160")
        let contents = [LabelContent.item(sku: "IG-SAP", name: "Sapone", gtin: nil)]
        let options = LabelSheet.Options(copies: 2, start: 5, offset: (x: 1.5, y: -0.5))
        let placements = try LabelSheet(template: template, kind: .item).render(contents, options: options).placements
        #expect(placements.count == 2)
        // Slots 5 and 6 (1-based) are row 2, columns 2 and 3.
        #expect(abs(PDFUnit.millimetres(placements[0].frame.x) - (7.25 + 66 + 1.5)) < 0.1)
        #expect(abs(PDFUnit.millimetres(placements[1].frame.x) - (7.25 + 132 + 1.5)) < 0.1)
        #expect(abs(PDFUnit.millimetres(placements[0].frame.y) - (15.15 + 38.1 - 0.5)) < 0.1)
    }

    @Test func quietZonesAndModuleWidthsHoldOnEveryTemplate() throws {
        let contents: [(LabelKind, LabelContent)] = [
            (.item, .item(sku: "IG-SAP", name: "Sapone solido 100 g", gtin: "8001234567897")),
            (.item, .item(sku: "IG-SPZ", name: "Spazzolino", gtin: nil)),
            (.location, .location(code: "MAG-A", name: "Magazzino Centrale")),
            (.card, .card(code: "K7Q29XM44", heading: "Tessera"))
        ]
        for template in try Self.templates.all() {
            for (kind, content) in contents {
                let placement = try LabelSheet(template: template, kind: kind).render([content]).placements[0]
                let symbol = placement.symbol
                let module = placement.moduleWidth
                let range = kind.moduleRange
                #expect(module >= PDFUnit.mm(range.minimum) - 1e-6 && module <= PDFUnit.mm(range.maximum) + 1e-6)
                #expect(
                    placement.bars.x - placement.frame.x >= Double(max(10, symbol.quietZone.left)) * module - 1e-6,
                    "\(template.name)")
                #expect(
                    placement.frame.maxX - placement.bars.maxX >= Double(max(10, symbol.quietZone.right)) * module
                        - 1e-6)
                #expect(placement.bars.y >= placement.frame.y && placement.bars.maxY <= placement.frame.maxY)
                if let dpi = template.printerDPI {  // whole printer dots on thermal stock
                    let dots = module / (72.0 / Double(dpi))
                    #expect(abs(dots - dots.rounded()) < 1e-6)
                }
            }
        }
    }

    @Test func badTemplatesAndUnknownNamesAreRefused() throws {
        #expect(throws: ScortaError.self) { try Self.templates.template("avery-9999") }
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("overlap.json").path
        try """
        {"name": "overlap", "description": "x", "page": {"width": 210, "height": 297}, "grid": {"columns": 3, "rows": 7},
         "label": {"width": 70, "height": 38.1}, "margins": {"left": 5, "top": 15}, "pitch": {"horizontal": 66, "vertical": 38.1}}
        """.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ScortaError.invalid("\(path): the pitch is smaller than the label, so labels would overlap")) {
            try Self.templates.template(path)
        }
    }

    @Test func aBarcodeThatDoesNotFitIsAnError() throws {
        let template = try Self.templates.template("avery-l7160")
        // The longest GS1 lot in its own symbol is 77 mm at 0.25 mm; L7160 has 61.5 mm inside its margins.
        let lot = LabelContent.lot(
            sku: "IG-SAP", name: "Sapone", lot: "ABCDEFGHIJKLMNOPQRST",
            expiry: CivilDate(year: 2028, month: 6, day: 30),
            gtin: "8001234567897")
        #expect(
            throws: ScortaError.invalid(
                "lot label IG-SAP lot ABCDEFGHIJKLMNOPQRST on 'avery-l7160': GS1-128 '(10)ABCDEFGHIJKLMNOPQRST' needs 77 mm at the minimum module width of 0.25 mm, the label has 61.5 mm inside its 1 mm margins"
            )
        ) { try LabelSheet(template: template, kind: .lot).render([lot]) }
        #expect(
            throws: ScortaError.invalid(
                "card label Città: Code 128 cannot encode 'à' in 'Città' (only ASCII characters)")
        ) {
            try LabelSheet(template: template, kind: .card).render([.card(code: "Città", heading: "x")])
        }
    }
}
