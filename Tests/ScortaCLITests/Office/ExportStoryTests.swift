import Foundation
import ScortaHarness
import Testing

/// Reports and lists as the Italian office opens them: Excel with a BOM,
/// Italian headers, decimal commas, exact kilograms, every framework row,
/// text that fits 100 columns.
@Suite struct ExportStoryTests {
    /// A yogurt of 240 g worth 13.50 and a soap, handed out to one anonymous contact.
    func story(food: Bool, _ engine: Engine) throws -> Sandbox {
        let s = try Sandbox(engine: engine)
        #expect(
            s.run(
                "item", "add", "AL-YOG", "--name", "Yogurt 240 g", "--unit", "pz", "--category", "food-dairy",
                "--value", "13.50",
                "--grams", "240", "--from", "2026-01-01"
            ).status == 0)
        #expect(s.run("receive", "--at", "MAG-A", "AL-YOG:5", "IG-SAP:5", "--date", "2026-02-01").status == 0)
        let lines = food ? ["AL-YOG:1", "IG-SAP:1"] : ["IG-SAP:1"]
        let handed = s.run(
            arguments: [
                "distribute", "--from", "MAG-A", "--channel", "UMN", "--anonymous", "30-64", "--date", "2026-02-02"
            ] + lines)
        #expect(handed.status == 0, "\(handed.stderr)")
        return s
    }

    @Test(arguments: Engine.tested) func italianCSVHasABOMItalianHeadersAndExactKilograms(engine: Engine) throws {
        let s = try story(food: true, engine)
        let run = s.run("report", "fead", "--from", "2026-01-01", "--to", "2026-12-31", "--csv", "--italian")
        #expect(run.status == 0, "\(run.stderr)")
        // Read back as Excel would: the BOM says UTF-8, so "Quantità" stays "Quantità".
        #expect(run.stdout.unicodeScalars.first == "\u{FEFF}")
        let lines = String(run.stdout.unicodeScalars.dropFirst()).components(separatedBy: "\r\n")
        #expect(lines.contains("CATEGORIA;VALORE €;KG"))
        #expect(lines.contains("Latte e latticini;13,50;0,240"), "240 g is 0,240 kg, not 0,000 t")
        #expect(lines.contains("Prodotti per l'igiene;0,90;"))
        #expect(!run.stdout.contains("food-dairy") && !run.stdout.contains("cents") && !run.stdout.contains("grams"))
        #expect(lines.contains { $0.hasPrefix("EMCO03;") && $0.hasSuffix(";0,240") && $0.contains("latticini") })
        #expect(
            lines.contains { $0.hasPrefix("EMCO03;") && $0.contains("(tonnellate)") && $0.hasSuffix(";0,240") },
            "the total adds up")

        let english = s.run("report", "fead", "--from", "2026-01-01", "--to", "2026-12-31", "--csv", "--lang", "en")
        #expect(!english.stdout.hasPrefix("\u{FEFF}"))
        #expect(english.stdout.contains("category,euro,kg\r\nChild-related goods,0.00,\r\n"))
        #expect(english.stdout.contains("Milk products,13.50,0.240"))

        let stock = s.run("stock", "--csv", "--italian")
        #expect(stock.stdout.hasPrefix("\u{FEFF}location;sku;"))
    }

    @Test(arguments: Engine.tested) func italianTextReportFitsAndPrintsDecimalCommas(engine: Engine) throws {
        let s = try story(food: true, engine)
        let run = s.run("report", "fead", "--from", "2026-01-01", "--to", "2026-12-31")
        #expect(run.status == 0, "\(run.stderr)")
        let wide = run.stdout.split(separator: "\n").filter { $0.count > 100 }
        #expect(wide.isEmpty, "lines over 100 columns: \(wide.prefix(3))")
        #expect(run.stdout.contains("13,50") && !run.stdout.contains("13.50"))
        #expect(run.stdout.contains("Latte e latticini"))
    }

    @Test(arguments: Engine.tested) func everyFrameworkRowIsPresentWithoutFood(engine: Engine) throws {
        let s = try story(food: false, engine)
        let run = s.run("report", "fead", "--from", "2026-01-01", "--to", "2026-12-31", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        for code in (1...18).map({ String(format: "EMCR%02d", $0) }) {
            #expect(
                run.stdout.contains("\"code\": \"\(code)\"") || run.stdout.contains("\"code\":\"\(code)\""),
                "\(code) missing")
        }
        #expect(
            run.stdout.contains("\"key\": \"food\"") || run.stdout.contains("\"key\":\"food\""),
            "the food table is there, with zeros")
    }
}
