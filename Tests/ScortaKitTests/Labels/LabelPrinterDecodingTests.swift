import Foundation
import Testing

@testable import ScortaKit

/// Every label kind on every template it fits, rendered as a page printer would and read back by
/// two decoders: at 300 dpi (anti-aliased, like a laser or inkjet driver), and for thermal and QL
/// stock at the head's resolution without anti-aliasing (`-aa no -aaVector no`), as the head
/// prints: 203 dpi for the thermal templates, 300 dpi for the Brother QL ones. There every bar
/// and space must come out a whole number of modules.
@Suite struct LabelPrinterDecodingTests {
    /// What a decoder reports for a symbol: zbar "CODE-128:data", zxing "]C1 (01)..." for GS1.
    static func zbarExpected(_ symbol: BarcodeSymbol) -> String {
        (symbol.symbology == .ean13 ? "EAN-13:" : "CODE-128:")
            + symbol.data.replacingOccurrences(of: "\u{1D}", with: "")
    }

    static func zxingExpected(_ symbol: BarcodeSymbol) -> String {
        switch symbol.symbology {
        case .ean13: "]E0 " + symbol.data
        case .gs1128: "]C1 " + symbol.text
        case .code128: "]C0 " + symbol.data
        }
    }

    struct Case: CustomStringConvertible, Sendable {
        let template: String
        let kind: LabelKind
        var description: String { "\(kind) on \(template)" }
    }

    static let cases: [Case] = {
        let names = (try? LabelTemplateTests.templates.all().map(\.name)) ?? []
        return names.flatMap { name in LabelKind.allCases.map { Case(template: name, kind: $0) } }
    }()

    @Test(.enabled(if: ExternalTools.enabled("pdftoppm", "zbarimg", "zxing")), arguments: cases)
    func decodesAsPrinted(_ test: Case) throws {
        let template = try LabelTemplateTests.templates.template(test.template)
        let contents = LabelDecodingTests.everyKind.filter {
            $0.0 == test.kind && LabelDecodingTests.fits($0.1, test.template)
        }.map(\.1)
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let pdf = folder.appendingPathComponent("labels.pdf").path
        _ = try LabelJob(kind: test.kind, contents: contents, template: template).write(to: pdf)
        let placements = try LabelSheet(template: template, kind: test.kind).render(contents).placements
        let symbols = placements.flatMap { $0.symbols.map(\.symbol) }
        let placedModules = placements.flatMap { $0.symbols.map(\.moduleWidth) }
        var rasters = [("300", ["-r", "300"])]
        if let dpi = template.printerDPI {
            // At the head's own resolution. (A 300 dpi QL label rasterised at 203 dpi cannot keep its
            // module widths: 3 dots are 2.03 pixels there, and every bar edge falls between pixels.)
            rasters.append(("\(dpi) no-aa", ["-r", "\(dpi)", "-aa", "no", "-aaVector", "no"]))
        }
        for (name, options) in rasters {
            let prefix = folder.appendingPathComponent(name.replacingOccurrences(of: " ", with: "-")).path
            // A4 sheets: only the first rows, to keep the test quick (every label is on page 1).
            let crop =
                template.labelsPerPage > 1 && name == "300"
                ? [
                    "-x", "0", "-y", "0", "-W", String(Int(template.page.width / 25.4 * 300)),
                    "-H", String(Int((template.margins.top + 3 * template.pitch.vertical) / 25.4 * 300))
                ] : []
            let render = ExternalTools.run("pdftoppm", options + ["-png"] + crop + [pdf, prefix])
            #expect(render.status == 0, "\(render.stderr)")
            let pngs = try FileManager.default.contentsOfDirectory(atPath: folder.path)
                .filter { $0.hasPrefix((prefix as NSString).lastPathComponent + "-") && $0.hasSuffix(".png") }.sorted()
                .map { folder.appendingPathComponent($0).path }
            let zbar = pngs.flatMap { LabelDecodingTests.zbar($0) }.sorted()
            let zxing = pngs.flatMap { ZXing.decode($0) }.sorted()
            #expect(zbar == symbols.map(Self.zbarExpected).sorted(), "\(test) at \(name): zbar \(zbar)")
            #expect(zxing == symbols.map(Self.zxingExpected).sorted(), "\(test) at \(name): zxing \(zxing)")
            for png in pngs where name.hasPrefix("\(template.printerDPI ?? 0) ") {
                // At the printer's own resolution every bar and space is a whole number of modules.
                let widths = Self.runWidths(png, across: placements[0].symbols[0].rotated)
                let modules = placedModules.map { Int(($0 / (72.0 / Double(template.printerDPI!))).rounded()) }
                #expect(
                    !widths.isEmpty && modules.contains { m in widths.allSatisfy { $0 % m == 0 } },
                    "\(test) at \(name): runs \(widths) are not whole modules of \(modules) dots")
            }
        }
    }

    /// Widths in pixels of the runs in the picture's most repeated row (a row through the bars).
    static func runWidths(_ png: String, across rotated: Bool) -> [Int] {
        guard let python = ExternalTools.zxingPython else { return [] }
        let script = """
            import sys
            from PIL import Image
            im = Image.open(sys.argv[1]).convert('L')
            if sys.argv[2] == "1": im = im.transpose(Image.Transpose.ROTATE_90)
            w, h = im.size; px = im.load()
            rows = {}
            for y in range(h):
                row = tuple(px[x, y] < 128 for x in range(w))
                if any(row): rows[row] = rows.get(row, 0) + 1
            row = max(rows, key=rows.get)
            runs, count = [], 1
            for i in range(1, w):
                if row[i] == row[i - 1]: count += 1
                else: runs.append(count); count = 1
            print(" ".join(map(str, runs[1:])))
            """
        return ExternalTools.run(python, ["-c", script, png, rotated ? "1" : "0"]).stdout.split(separator: " ")
            .compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}
