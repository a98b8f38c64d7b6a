import Foundation
import ScortaHarness
import Testing

/// Issue 12, reproduction 8: a period with nothing to report is a valid
/// document that says zero, in every format, with every indicator row of the
/// framework (food rows too), not a crash (`report fead --pdf` died of signal 4).
@Suite struct EmptyReportTests {
    /// Every (code, English wording) pair the framework defines, read from the seed file.
    func indicatorRows(_ framework: String) throws -> [(code: String, wording: String)] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Sandbox.seeds + "/report-frameworks.json"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let frameworks = try #require(root["frameworks"] as? [[String: Any]])
        let seed = try #require(frameworks.first { $0["code"] as? String == framework })
        var rows: [(String, String)] = []
        func add(_ entry: Any?) {
            guard let entry = entry as? [String: Any], let code = entry["code"] as? String,
                let wording = entry["en"] as? String
            else { return }
            rows.append((code, wording))
        }
        let recipients = seed["recipients"] as? [String: Any]
        add(recipients?["material"])
        add(recipients?["food"])
        for breakdown in seed["breakdowns"] as? [[String: Any]] ?? [] {
            for key in ["material", "food"] { rows.append((breakdown[key] as! String, breakdown["en"] as! String)) }
        }
        for value in (seed["values"] as? [String: Any] ?? [:]).values { add(value) }
        for line in seed["goods_categories"] as? [[String: Any]] ?? [] { add(line) }
        for line in seed["food_categories"] as? [[String: Any]] ?? [] { add(line) }
        add(seed["food_total"])
        return rows
    }

    func wordsInOrder(_ wording: String, in text: String) -> Bool {
        var rest = text[...]
        for word in wording.split(separator: " ") {
            guard let found = rest.range(of: word) else { return false }
            rest = rest[found.upperBound...]
        }
        return true
    }

    func report(_ sandbox: Sandbox, _ framework: String, _ extra: [String] = []) -> [String] {
        ["report", "fead", "--from", "2026-01-01", "--to", "2026-12-31", "--framework", framework, "--lang", "en"]
            + extra
    }

    @Test(arguments: Engine.tested, ["esf-2021", "fead-2014"])
    func indicatorReportOfANewDatabaseSaysZeroInEveryFormat(engine: Engine, framework: String) throws {
        let sandbox = try Sandbox(engine: engine)
        let pdf = sandbox.run(arguments: report(sandbox, framework, ["--pdf", sandbox.path("empty.pdf")]))
        #expect(pdf.status == 0, "\(pdf.status) \(pdf.stderr)")
        #expect(Sandbox.execute("/usr/bin/qpdf", ["--check", sandbox.path("empty.pdf")]).status == 0)
        let pdfText = Sandbox.execute("/usr/bin/pdftotext", ["-layout", sandbox.path("empty.pdf"), "-"]).stdout
        let json = sandbox.run(arguments: report(sandbox, framework, ["--json"]))
        let text = sandbox.run(arguments: report(sandbox, framework))
        let csv = sandbox.run(arguments: report(sandbox, framework, ["--csv"]))
        for run in [json, text, csv] { #expect(run.status == 0, "\(run.stderr)") }
        for (code, wording) in try indicatorRows(framework) {
            #expect(
                json.stdout.contains("{\"code\":\"\(code)\",\"indicator\":\"\(wording)\","),
                "\(framework) JSON lacks \(code) \(wording)")
            // The text report wraps long wording within 100 columns: its words follow the code, in order.
            #expect(
                text.stdout.contains(code) && wordsInOrder(wording, in: text.stdout),
                "\(framework) text lacks \(code) \(wording)")
            #expect(csv.stdout.contains(code), "\(framework) CSV lacks \(code)")
            #expect(pdfText.contains(code), "\(framework) PDF lacks \(code)")
        }
        // Zero, said as zero: the persons reached and the food tonnes.
        #expect(json.stdout.contains("\"indicator\":\"Persons reached in all, none counted twice\",\"persons\":0,"))
        #expect(csv.stdout.contains(",0.000") || csv.stdout.contains("0.000"))
    }

    /// The demo has no distribution through the housing-first channel.
    @Test(arguments: Engine.tested) func indicatorReportOfAChannelWithNothingIsAPDF(engine: Engine) throws {
        let sandbox = try Sandbox(initialised: false, engine: engine)
        #expect(sandbox.run("demo", "--db", sandbox.db).status == 0)
        for framework in ["esf-2021", "fead-2014"] {
            let path = sandbox.path("hf-\(framework).pdf")
            let run = sandbox.run(arguments: report(sandbox, framework, ["--channel", "HF", "--pdf", path]))
            #expect(run.status == 0, "\(run.status) \(run.stderr)")
            #expect(Sandbox.execute("/usr/bin/qpdf", ["--check", path]).status == 0)
        }
    }

    @Test(arguments: Engine.tested) func registersOfAnEmptyPeriodAreDocumentsInEveryFormat(engine: Engine) throws {
        let sandbox = try Sandbox(engine: engine)
        // The stock register says it has no movement; the distribution register totals zero.
        for (register, zero, jsonZero) in [
            (["stock-register", "--at", "MAG-A"], "(no data)", "\"rows\": []"),
            (["distribution-register"], "TOTAL", "{\"number\":\"TOTAL\"")
        ] {
            let base = ["report"] + register + ["--from", "2026-02-01", "--to", "2026-02-28", "--lang", "en"]
            let path = sandbox.path("\(register[0]).pdf")
            let pdf = sandbox.run(arguments: base + ["--pdf", path])
            #expect(pdf.status == 0, "\(register[0]): \(pdf.stderr)")
            #expect(Sandbox.execute("/usr/bin/qpdf", ["--check", path]).status == 0)
            #expect(Sandbox.execute("/usr/bin/pdftotext", [path, "-"]).stdout.contains(zero))
            let json = sandbox.run(arguments: base + ["--json"])
            #expect(json.status == 0 && json.stdout.contains(jsonZero), "\(json.stdout)")
            let csv = sandbox.run(arguments: base + ["--csv"])
            #expect(
                csv.status == 0 && csv.stdout.hasPrefix(register[0] == "stock-register" ? "sku," : "number,"),
                "\(csv.stdout)")
            let text = sandbox.run(arguments: base)
            #expect(text.status == 0 && text.stdout.contains(zero), "\(text.stdout)")
        }
    }
}
