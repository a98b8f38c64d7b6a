import Foundation
import ScortaHarness
import Testing

/// `scorta report ...` through the binary: PDFs checked with qpdf and
/// pdftotext (Italian text intact), CSV and JSON, errors.
@Suite struct ReportCommandTests {
    /// A small year: stock, a kit lot, a household of two, an anonymous contact.
    func story(_ engine: Engine) throws -> (Sandbox, household: String) {
        let sandbox = try Sandbox(engine: engine)
        let items = [
            "IG-SAP", "IG-SHA", "IG-SPZ", "IG-DEN", "IG-RAS", "IG-PET", "IG-ASC", "IG-PS", "AL-PAS", "EM-COP", "CA-SCA",
            "AB-GIA"
        ]
        #expect(
            sandbox.run(arguments: ["receive", "--at", "MAG-A", "--date", "2026-01-05"] + items.map { "\($0):300" })
                .status == 0)
        #expect(
            sandbox.run("kit", "assemble", "KIT-IGM", "--qty", "10", "--at", "MAG-A", "--date", "2026-01-06").status
                == 0)
        let registered = sandbox.run(
            "household", "register", "--date", "2026-01-02", "--member", "born=1980,sex=f,homeless=yes",
            "--member", "born=2015-03,sex=m", "--card-months", "0", "--json")
        #expect(registered.status == 0, "\(registered.stderr)")
        let code = try #require(registered.stdout.firstMatch(of: /"code": "([0-9A-Z-]+)"/)?.1).description
        for (date, line) in [("2026-02-01", "KIT-IGM:1"), ("2026-03-01", "AL-PAS:2"), ("2026-04-01", "CA-SCA:1")] {
            #expect(
                sandbox.run(
                    "distribute", "--from", "MAG-A", "--channel", "UMN", "--household", code, line, "--date", date
                ).status == 0)
        }
        #expect(
            sandbox.run(
                "distribute", "--from", "MAG-A", "--channel", "CD", "--anonymous", "30-64", "--sex", "m", "EM-COP:1",
                "--date", "2026-02-02"
            ).status == 0)
        // Many small transfers so the stock register runs over several pages.
        for day in 1...40 {
            #expect(
                sandbox.run(
                    "transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:1", "AL-PAS:1",
                    "--date", "2026-05-\(day <= 28 ? String(format: "%02d", day) : "28")"
                ).status == 0)
        }
        return (sandbox, code)
    }

    func pdfText(_ path: String) throws -> String {
        let check = Sandbox.execute("/usr/bin/qpdf", ["--check", path])
        #expect(check.status == 0, "qpdf --check: \(check.stdout)\(check.stderr)")
        let text = Sandbox.execute("/usr/bin/pdftotext", ["-layout", path, "-"])
        #expect(text.status == 0)
        return text.stdout
    }

    /// The report benchmark's timed children run as a registered manager and
    /// succeed; a failed child would make the command fail, not print a figure.
    @Test(arguments: Engine.tested) func reportBenchmarkTimesReportsThatSucceed(engine: Engine) throws {
        let sandbox = try Sandbox(initialised: false, engine: engine)
        let run = Sandbox.execute(
            Sandbox.binary,
            ["report", "benchmark", "--lines", "300", "--persons", "40", "--dir", sandbox.path("bench")],
            environment: ["SCORTA_SEEDS": Sandbox.seeds, "PATH": "/usr/bin:/bin"])
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
        #expect(run.stdout.contains("report fead --framework esf-2021, one year:"))
        #expect(run.stdout.components(separatedBy: "exit 0").count - 1 == 3, "\(run.stdout)")
    }

    @Test(arguments: Engine.tested) func indicatorReportAsPDFWithItalianText(engine: Engine) throws {
        let (sandbox, _) = try story(engine)
        let run = sandbox.run(
            "report", "fead", "--from", "2026-01-01", "--to", "2026-12-31", "--framework", "fead-2014", "--pdf",
            sandbox.path("fead.pdf"))
        #expect(run.status == 0, "\(run.stderr)")
        let text = try pdfText(sandbox.path("fead.pdf"))
        #expect(text.contains("Persone raggiunte in totale, senza doppi conteggi"))
        #expect(text.contains("di cui persone di età pari o superiore a 65 anni"))
        #expect(text.contains("di cui persone con disabilità"))
        #expect(text.contains("Regole di conteggio applicate"))
        #expect(text.contains("Comune di Esempio - Rete servizi per persone senza dimora"))
        #expect(text.contains("pagina 1 di"))
        #expect(text.contains("PO I FEAD 2014-2020"))
    }

    @Test(arguments: Engine.tested) func indicatorReportInEnglishJSON(engine: Engine) throws {
        let (sandbox, _) = try story(engine)
        let run = sandbox.run("report", "fead", "--from", "2026-01-01", "--to", "2026-12-31", "--lang", "en", "--json")
        #expect(run.status == 0, "\(run.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let sections = try #require(json["sections"] as? [[String: Any]])
        let persons = try #require(sections.first { $0["key"] as? String == "persons" }?["rows"] as? [[String: Any]])
        // The household's two members and the anonymous contact; material support all three, food the household.
        #expect(persons.first?["persons"] as? Int == 3)
        #expect(persons.first { $0["code"] as? String == "EMCR10" }?["persons"] as? Int == 3)
        #expect(persons.first { $0["code"] as? String == "EMCR10" }?["estimates"] as? Int == 1)
        #expect(persons.first { $0["code"] as? String == "EMCR01" }?["persons"] as? Int == 2)
        #expect(run.stdout.contains("Counting rules used"))
    }

    @Test(arguments: Engine.tested) func stockRegisterPDFRepeatsHeadersOnEveryPage(engine: Engine) throws {
        let (sandbox, _) = try story(engine)
        let run = sandbox.run(
            "report", "stock-register", "--at", "MAG-A", "--from", "2026-01-01", "--to", "2026-12-31", "--pdf",
            sandbox.path("registro.pdf"))
        #expect(run.status == 0, "\(run.stderr)")
        let pages = try pdfText(sandbox.path("registro.pdf")).split(separator: "\u{0C}").filter {
            !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        }
        #expect(pages.count >= 2)
        for (index, page) in pages.enumerated() {
            #expect(page.contains("GIACENZA"), "header on page \(index + 1)")
            #expect(page.contains("pagina \(index + 1) di \(pages.count)"))
        }
        #expect(pages[0].contains("Registro di carico e scarico"))
        #expect(pages.joined().contains("giacenza iniziale"))
    }

    @Test(arguments: Engine.tested) func receiptPDFWithBarcodeAndStatement(engine: Engine) throws {
        let (sandbox, household) = try story(engine)
        let run = sandbox.run("report", "receipt", "CON-2026-00001", "--pdf", sandbox.path("ricevuta.pdf"))
        #expect(run.status == 0, "\(run.stderr)")
        let text = try pdfText(sandbox.path("ricevuta.pdf"))
        #expect(text.contains("Ricevuta di consegna"))
        #expect(text.contains(household))
        #expect(text.contains("Cofinanziato dall'Unione europea"))
        #expect(text.contains("Firma di chi riceve"))
        #expect(text.contains("Kit igiene personale (uomo)"))
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/zbarimg") {
            #expect(
                Sandbox.execute(
                    "/usr/bin/pdftoppm",
                    ["-r", "300", "-png", "-singlefile", sandbox.path("ricevuta.pdf"), sandbox.path("ricevuta")]
                ).status == 0)
            let decoded = Sandbox.execute("/usr/bin/zbarimg", ["-q", sandbox.path("ricevuta.png")])
            #expect(decoded.stdout.contains("CODE-128:CON-2026-00001"))
        }
    }

    @Test(arguments: Engine.tested) func distributionRegisterItalianCSV(engine: Engine) throws {
        let (sandbox, household) = try story(engine)
        let run = sandbox.run(
            "report", "distribution-register", "--from", "2026-02-01", "--to", "2026-02-28", "--csv", "--italian")
        #expect(run.status == 0, "\(run.stderr)")
        let lines = run.stdout.split(separator: "\r\n").map(String.init)
        #expect(lines.first == "\u{FEFF}NUMERO;DATA;CANALE;SEDE;NUCLEO;SKU;ARTICOLO;QTÀ;VALORE €;STORNATA DA")
        #expect(
            lines.contains(
                "CON-2026-00001;2026-02-01;UMN;MAG-A;\(household);KIT-IGM;Kit igiene personale (uomo);1;14,45;"))
        #expect(lines.contains { $0.hasPrefix("CON-2026-00004;2026-02-02;CD;MAG-A;anonimo;EM-COP;") })
    }

    @Test(arguments: Engine.tested) func frameworksListAndUpdateFromTheSeedFile(engine: Engine) throws {
        let sandbox = try Sandbox(engine: engine)
        let listed = sandbox.run("report", "frameworks", "--csv")
        #expect(listed.status == 0)
        #expect(
            listed.stdout.contains("esf-2021,EMCR18,of which homeless persons or persons affected by housing exclusion")
        )
        // A corrected wording is taken only when the manager asks for it.
        let seeds = sandbox.path("seeds")
        try FileManager.default.copyItem(atPath: Sandbox.seeds, toPath: seeds)
        let file = seeds + "/report-frameworks.json"
        try (try String(contentsOfFile: file, encoding: .utf8)).replacing(
            "of which women", with: "of which women and girls"
        )
        .write(toFile: file, atomically: true, encoding: .utf8)
        #expect(!sandbox.run("report", "frameworks", "--csv").stdout.contains("women and girls"))
        let ignored = sandbox.run("report", "frameworks", "--seeds", seeds)
        #expect(
            ignored.status == 64 && ignored.stderr.hasPrefix("Error: --seeds is read only with --update"),
            "\(ignored.stderr)")
        let updated = sandbox.run("report", "frameworks", "--update", "--seeds", seeds, "--csv")
        #expect(updated.status == 0, "\(updated.stderr)")
        #expect(updated.stdout.contains("fead-2014,14c,of which women and girls"))
        let english = sandbox.run(
            "report", "fead", "--from", "2026-01-01", "--to", "2026-12-31", "--framework", "fead-2014", "--lang", "en")
        #expect(english.stdout.contains("of which women and girls"))
    }

    @Test(arguments: Engine.tested) func badInputIsOneLineAndUsageErrorsExit64(engine: Engine) throws {
        let sandbox = try Sandbox(engine: engine)
        let unknown = sandbox.run(
            "report", "fead", "--from", "2026-01-01", "--to", "2026-12-31", "--framework", "fead-2007")
        #expect(unknown.status == 64)
        #expect(unknown.stderr.hasPrefix("Error: --framework 'fead-2007' is not one of: fead-2014, esf-2021\n"))
        let backwards = sandbox.run("report", "distribution-register", "--from", "2026-12-31", "--to", "2026-01-01")
        #expect(backwards.status == 64)
        let location = sandbox.run(
            "report", "stock-register", "--at", "NOPE", "--from", "2026-01-01", "--to", "2026-01-31")
        #expect(location.status == 1)
        #expect(location.stderr.split(separator: "\n").count == 1)
        let receipt = sandbox.run("report", "receipt", "CON-2026-09999")
        #expect(receipt.status == 1)
        #expect(receipt.stderr == "Error: document 'CON-2026-09999' does not exist\n")
        #expect(!FileManager.default.fileExists(atPath: sandbox.path("CON-2026-09999.pdf")))
    }
}
