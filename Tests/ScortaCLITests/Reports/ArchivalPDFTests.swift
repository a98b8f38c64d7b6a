import Foundation
import ScortaHarness
import Testing

/// Every kind of PDF Scorta writes is PDF/A-1b (issue 15): preflight, embedded fonts, a clean
/// structure, and text outside Latin-1 printed and extracted as typed.
@Suite struct ArchivalPDFTests {
    /// Polish and Romanian letters, and an "è" typed decomposed (e + combining grave).
    static let name = "Łódź ș ț e\u{0300}"
    static let extracted = "Łódź ș ț è"

    @Test(.enabled(if: PDFArchive.enabled))
    func everyKindOfPDFPassesThePreflightAndKeepsItsText() throws {
        let (s, household) = try ReportCommandTests().story(.sqlite)
        #expect(
            s.run(
                "item", "add", "IG-LOD", "--name", Self.name, "--unit", "pz", "--category", "hygiene", "--value",
                "1.20",
                "--from", "2026-01-01"
            ).status == 0)
        let received = s.run(
            "receive", "--at", "MAG-A", "--from", Self.name, "--date", "2026-01-07", "IG-LOD:10:L-LODZ:2028-06-30")
        #expect(received.status == 0, "\(received.stderr)")
        let distributed = s.run(
            "distribute", "--from", "MAG-A", "--channel", "UMN", "--household", household, "IG-LOD:2",
            "--date", "2026-06-01")
        #expect(distributed.status == 0, "\(distributed.stderr)")
        let number = try #require(distributed.stdout.firstMatch(of: /CON-2026-[0-9]+/)).output

        var files: [String: [String]] = [
            "esf.pdf": ["report", "fead", "--from", "2026-01-01", "--to", "2026-12-31"],
            "fead.pdf": [
                "report", "fead", "--from", "2026-01-01", "--to", "2026-12-31", "--framework", "fead-2014", "--lang",
                "en"
            ],
            "stock.pdf": ["report", "stock-register", "--at", "MAG-A", "--from", "2026-01-01", "--to", "2026-12-31"],
            "distributions.pdf": ["report", "distribution-register", "--from", "2026-01-01", "--to", "2026-12-31"],
            "receipt.pdf": ["report", "receipt", String(number)]
        ]
        for (file, arguments) in files { files[file] = arguments + ["--pdf", file] }
        let labels: [String: [String]] = [
            "items.pdf": ["labels", "item", "IG-LOD", "IG-SAP"],
            "lots.pdf": ["labels", "lot", "IG-LOD"],
            "kits.pdf": ["labels", "kit", "KIT-IGM"],
            "locations.pdf": ["labels", "location"],
            "cards.pdf": ["labels", "card", household]
        ]
        for (file, arguments) in labels { files[file] = arguments + ["-o", file] }
        for (file, arguments) in files.sorted(by: { $0.key < $1.key }) {
            let run = s.run(arguments: arguments)
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
            PDFArchive.expectValid(s.path(file))
        }
        for file in ["stock.pdf", "distributions.pdf", "receipt.pdf", "items.pdf", "lots.pdf"] {
            #expect(PDFArchive.text(s.path(file)).contains(Self.extracted), "\(file): \(PDFArchive.text(s.path(file)))")
        }
    }

    @Test(arguments: Engine.tested) func aCharacterTheFontsLackIsAnErrorAndWritesNothing(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(
            s.run("item", "add", "IG-ALF", "--name", "Aleph ℵ", "--unit", "pz", "--category", "hygiene", "--value", "1")
                .status == 0)
        let run = s.run("labels", "item", "IG-ALF", "-o", "aleph.pdf")
        #expect(run.status == 1)
        #expect(run.stderr.contains("has no glyph for 'ℵ' (U+2135) in 'Aleph ℵ'"), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1)
        #expect(!FileManager.default.fileExists(atPath: s.path("aleph.pdf")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.folder.path).allSatisfy { !$0.contains("aleph") })
    }

    @Test(arguments: Engine.tested) func englishColumnHeadersAreNotCut(engine: Engine) throws {
        let (s, _) = try ReportCommandTests().story(engine)
        #expect(
            s.run("report", "fead", "--from", "2026-01-01", "--to", "2026-12-31", "--lang", "en", "--pdf", "en.pdf")
                .status == 0)
        let text = PDFArchive.text(s.path("en.pdf"))
        #expect(text.contains("OF WHICH ESTIMATES"))
        #expect(!text.contains("…"), "\(text.split(separator: "\n").filter { $0.contains("…") }.prefix(3))")
    }
}
