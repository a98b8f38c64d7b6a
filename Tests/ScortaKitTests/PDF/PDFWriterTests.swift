import Foundation
import Testing

@testable import ScortaKit

/// The streaming writer behind every PDF: pages go to the file as they are finished, the
/// page total is filled in at the end, and a report that fails leaves nothing behind.
@Suite struct PDFWriterTests {
    /// A report long enough for several pages, its rows produced one at a time.
    static func document(rows: Int, failingAt failure: Int? = nil) -> ReportDocument {
        var document = ReportDocument(title: "Registro di prova", header: ["Sede: EMP"], language: .italian)
        let columns = [
            Listing.Column("day", "DATA"), Listing.Column("item", "ARTICOLO"),
            Listing.Column("quantity", "QUANTITÀ", alignRight: true)
        ]
        let source = TableSource(columns: columns) { body in
            for row in 0..<rows {
                if row == failure { throw ScortaError.invalid("row \(row) cannot be read") }
                try body([.string("2026-03-\(row % 28 + 1)"), .string("Caffè macinato \(row)"), .int(row)])
            }
        }
        document.sections = [ReportDocument.Section(key: "lines", title: "Movimenti", source: source, widths: nil)]
        return document
    }

    @Test(.enabled(if: ExternalTools.enabled("qpdf", "pdftotext")))
    func everyPageReadsItsNumberAndTheTotal() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("registro.pdf").path
        let pages = try PDFReportWriter.render(
            Self.document(rows: 300), organisation: "Comune di Esempio",
            generated: CivilDate(year: 2026, month: 3, day: 1)!, to: path)
        #expect(pages >= 4)
        let check = ExternalTools.run("qpdf", ["--check", path])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let text = ExternalTools.run("pdftotext", ["-layout", path, "-"]).stdout
        let texts = text.split(separator: "\u{0C}").filter {
            !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        #expect(texts.count == pages)
        for (index, page) in texts.enumerated() {
            #expect(page.contains("pagina \(index + 1) di \(pages)\n"), "page \(index + 1): \(page.suffix(120))")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["registro.pdf"])
    }

    @Test func aReportThatFailsLeavesNothingBehind() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("registro.pdf").path
        // Fails after several pages have gone to the temporary file.
        #expect(throws: ScortaError.self) {
            try PDFReportWriter.render(
                Self.document(rows: 300, failingAt: 250), organisation: "Comune di Esempio", to: path)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func sameReportGivesTheSameBytes() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        var files: [Data] = []
        for name in ["a.pdf", "b.pdf"] {
            let path = folder.appendingPathComponent(name).path
            _ = try PDFReportWriter.render(
                Self.document(rows: 120), organisation: "Comune di Esempio",
                generated: CivilDate(year: 2026, month: 3, day: 1)!, to: path)
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(files[0] == files[1])
        #expect(String(decoding: files[0], as: UTF8.self).contains("/XObject << /Tot "))
    }

    @Test func inMemoryDocumentMatchesTheFile() throws {
        let folder = try ExternalTools.scratch()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("sample.pdf").path
        try PDFDocumentTests.sample().write(to: path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(try PDFDocumentTests.sample().bytes()))
    }
}
