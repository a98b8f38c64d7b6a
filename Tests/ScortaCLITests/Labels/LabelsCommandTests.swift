import Foundation
import ScortaHarness
import Testing

/// `scorta labels` through the real binary: selection, options, files written or not.
@Suite struct LabelsCommandTests {
    static func isPDF(_ path: String) -> Bool {
        FileManager.default.contents(atPath: path).map { $0.starts(with: Array("%PDF-1.4".utf8)) } ?? false
    }

    @Test(arguments: Engine.tested) func itemLabelsBySKUWithAccentedNames(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(
            s.run(
                "item", "add", "AL-CAF", "--name", "Caffè macinato 250 g", "--unit", "pz", "--category", "food-other",
                "--value", "2.50"
            ).status == 0)
        let run = s.run(
            "labels", "item", "IG-SAP", "AL-CAF", "--copies", "2", "--start", "4", "--outlines", "-o", "items.pdf")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "items.pdf: 4 item labels on 1 page (avery-l7160)\n")
        #expect(Self.isPDF(s.path("items.pdf")))
        let text = String(decoding: FileManager.default.contents(atPath: s.path("items.pdf")) ?? Data(), as: UTF8.self)
        #expect(text.contains("/Count 1 "))
    }

    @Test(arguments: Engine.tested) func lotLabelsForAReceiptOnePerLotOrPerUnit(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(s.run("receive", "--at", "MAG-A", "IG-SAP:3:L2611:2028-06-30", "IG-SPZ:2:LS1:2027-01-31").status == 0)
        let perLot = s.run(
            "labels", "lot", "--receipt", "RIC-\(Calendar.current.component(.year, from: Date()))-00001", "-o",
            "lots.pdf")
        #expect(perLot.status == 0, "\(perLot.stderr)")
        #expect(perLot.stdout.hasPrefix("lots.pdf: 2 lot labels on 1 page (avery-l7163)"))
        let perUnit = s.run(
            "labels", "lot", "--receipt", "RIC-\(Calendar.current.component(.year, from: Date()))-00001", "--per-unit",
            "--template", "thermal-100x50", "-o", "units.pdf")
        #expect(perUnit.stdout.hasPrefix("units.pdf: 5 lot labels on 5 pages (thermal-100x50)"), "\(perUnit.stderr)")
        let atLocation = s.run("labels", "item", "--at", "MAG-A", "-o", "shelf.pdf")
        #expect(atLocation.stdout.hasPrefix("shelf.pdf: 2 item labels"), "\(atLocation.stderr)")
    }

    @Test(arguments: Engine.tested) func kitsLocationsCardsAndTemplateFiles(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(
            s.run("labels", "kit", "KIT-IGM", "-o", "kit.pdf").stdout
                == "kit.pdf: 1 kit label on 1 page (avery-l7165)\n")
        #expect(s.run("labels", "location", "-o", "loc.pdf").stdout.hasPrefix("loc.pdf: "))
        let template = try s.write(
            "mine.json",
            """
            {"name": "mine", "description": "A 50 x 30 roll", "page": {"width": 50, "height": 30}, "grid": {"columns": 1, "rows": 1},
             "label": {"width": 50, "height": 30}, "margins": {"left": 0, "top": 0}, "pitch": {"horizontal": 50, "vertical": 30}}
            """)
        // Cards for registered households, typed as printed or in lower case.
        let first = try s.register("--member", "born=1980,sex=f")
        let second = try s.register("--member", "born=1975,sex=m")
        let cards = s.run(
            "labels", "card", first, second.lowercased(), "--template", template, "--offset", "0.5,-1", "-o",
            "cards.pdf")
        #expect(cards.stdout == "cards.pdf: 2 card labels on 2 pages (mine)\n", "\(cards.stderr)")
        let list = s.run("labels", "templates")
        #expect(list.status == 0 && list.stdout.contains("avery-l7160") && list.stdout.contains("id1-cards-a4"))
        #expect(s.run("labels", "item", "IG-SAP").stdout == "labels-item.pdf: 1 item label on 1 page (avery-l7160)\n")
    }

    @Test(arguments: Engine.tested) func badInputIsOneLineAndWritesNothing(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(
            s.run("receive", "--at", "MAG-A", "IG-SAP:3:L2611:2028-06-30", "IG-DEN:1:ABCDEFGHIJKLMNOPQRST:2028-01-31")
                .status == 0)
        let cases: [([String], String, Int32)] = [
            (["item", "IG-SAP", "NOPE"], "Error: unknown item 'NOPE'\n", 1),
            (
                ["card", "Città"],
                "Error: 'Città' is not a household code (9 symbols, e.g. K7Q2-9XM4-P; check the last symbol)\n", 64
            ),
            (["card", "0000-0000-0"], "Error: household 0000-0000-0 does not exist\n", 1),
            (["item", "IG-SAP", "--template", "avery-0000"], "Error: unknown label template 'avery-0000'", 1),
            (
                ["lot", "IG-DEN", "--template", "avery-l7160"],
                "Error: lot label IG-DEN lot ABCDEFGHIJKLMNOPQRST on 'avery-l7160': GS1-128 '(10)ABCDEFGHIJKLMNOPQRST' needs 77 mm at the minimum module width of 0.25 mm, the label has 61.5 mm inside its 1 mm margins\n",
                1
            ),
            (["item", "IG-SAP", "--start", "22"], "Error: --start must be between 1 and 21 for 'avery-l7160'", 64),
            (["item", "IG-SAP", "--offset", "x"], "Error: --offset: 'x' must be X,Y in millimetres", 64),
            (["kit", "IG-SAP"], "Error: 'IG-SAP' is not a kit\n", 1)
        ]
        for (arguments, message, status) in cases {
            let run = s.run(arguments: ["labels"] + arguments + ["-o", "bad.pdf"])
            #expect(run.status == status, "\(arguments): \(run.stderr)")
            #expect(run.stderr.hasPrefix(message), "\(arguments)")
            #expect(
                run.stderr.split(separator: "\n").count <= (status == 64 ? 3 : 1),
                "one error line (plus usage for usage errors)")
            #expect(!FileManager.default.fileExists(atPath: s.path("bad.pdf")), "\(arguments) wrote a file")
        }
    }

    @Test(arguments: Engine.tested) func benchPrintsAFigure(engine: Engine) throws {
        let s = try Sandbox(initialised: false, engine: engine)
        let run = s.run("labels", "bench", "--count", "300")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("300 item labels on avery-l7160: 15 pages"))
        #expect(run.stdout.contains(" ms ("))
    }

    // MARK: - Issue 15: labels on real stock

    static func pdfText(_ path: String) -> String {
        Sandbox.execute("/usr/bin/pdftotext", ["-layout", path, "-"]).stdout
    }

    @Test(arguments: Engine.tested) func kitContentsAreInRecipeOrderNotSortedBySKU(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        // Seeds/kits.json lists soap, shampoo, toothbrush, toothpaste, razors...: the order people pack them in.
        #expect(s.run("labels", "kit", "KIT-IGM", "--template", "avery-l7160", "-o", "kit.pdf").status == 0)
        let text = Self.pdfText(s.path("kit.pdf")).replacingOccurrences(of: "\n", with: " ")
        let names = ["Sapone", "Docciaschiuma", "Spazzolino", "Dentifricio", "Rasoio"]
        let positions = names.map { text.range(of: $0)?.lowerBound }
        #expect(positions.allSatisfy { $0 != nil }, "\(text)")
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted(), "\(text)")
        // A new recipe version keeps the order it was typed in.
        #expect(s.run("kit", "recipe", "KIT-IGM", "IG-SPZ:1", "IG-DEN:1", "IG-SAP:2").status == 0)
        #expect(s.run("labels", "kit", "KIT-IGM", "-o", "kit2.pdf").status == 0)
        let second = Self.pdfText(s.path("kit2.pdf")).replacingOccurrences(of: "\n", with: " ")
        let order = ["Spazzolino", "Dentifricio", "Sapone"].compactMap { second.range(of: $0)?.lowerBound }
        #expect(order.count == 3 && order == order.sorted(), "\(second)")
    }

    @Test(arguments: Engine.tested) func aLotCodeGS1CannotCarryIsRefusedAtReceiveNamingTheLine(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let before = s.contents()
        let hash = s.run("receive", "--at", "MAG-A", "IG-DEN:5:L7:2028-01-31", "IG-SAP:3:L#2611:2028-06-30")
        #expect(hash.status == 1)
        #expect(
            hash.stderr
                == "Error: line 2 (IG-SAP): lot 'L#2611' cannot go into a GS1-128 barcode: '#' is not in the GS1 character set "
                + "(digits, letters and ! \" % & ' ( ) * + , - . / : ; < = > ? _)\n")
        let long = s.run("receive", "--at", "MAG-A", "IG-SAP:3:LOTTO-2026-11-A0451234:2028-06-30")
        #expect(long.status == 1)
        #expect(
            long.stderr
                == "Error: line 1 (IG-SAP): lot 'LOTTO-2026-11-A0451234' has 22 characters; a GS1-128 lot (10) takes at most 20\n"
        )
        #expect(s.contents() == before)
        #expect(s.run("receive", "--at", "MAG-A", "IG-SAP:3:L2611/B-(2):2028-06-30").status == 0)
    }
    @Test(arguments: Engine.tested) func labelsStreamPageByPageSoMemoryStaysFlat(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        func peak(_ copies: Int) throws -> Int {
            let file = s.path("peak-\(copies)")
            let skus = [
                "IG-SAP", "IG-DEN", "IG-SPZ", "IG-RAS", "IG-PET", "IG-ASC", "IG-SHA", "IG-PS", "EM-SAC", "EM-COP"
            ]
            let run = s.run(
                arguments: ["labels", "item", "--copies", "\(copies)", "-o", "many-\(copies).pdf"] + skus,
                environment: ["SCORTA_PEAK_FILE": file])
            #expect(run.status == 0, "\(run.stderr)")
            return Int(
                try String(contentsOfFile: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        }
        // 500 and 6,000 labels: kept whole in memory the larger one took about 10 MiB more.
        let small = try peak(50)
        let large = try peak(600)
        #expect(large - small < 3 * 1024, "peak \(small) KiB for 500 labels, \(large) KiB for 6,000")
    }
}
