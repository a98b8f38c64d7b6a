import Foundation
import ScortaHarness
import Testing

/// The social market as a clerk uses it, through the real binary.
@Suite struct MarketStoryTests {
    /// One adult (120 points in October), pasta, oil and soap at the market.
    func market(_ engine: Engine) throws -> (Sandbox, String) {
        let s = try Sandbox(engine: engine)
        try s.stockMarket("AL-PAS:20", "AL-OLI:3", "IG-SAP:20")
        return (
            s,
            try s.register("--member", "born=1980,sex=f,name=Maria Rossi", "--name", "Rossi", "--note", "personal note")
        )
    }

    @Test(arguments: Engine.tested) func aRefusalListsEveryReasonAndWritesNothing(engine: Engine) throws {
        let (s, code) = try market(engine)
        let result = s.run(
            "market", "checkout", "--card", code, "AL-PAS:21", "AL-OLI:2", "IG-SAP:13", "--date", "2026-10-05")
        #expect(result.status == 1)
        #expect(
            result.stderr == "Error: out of stock: AL-PAS has 20 at EMP, 21 requested; "
                + "over the limit: AL-OLI at most 1 per visit, 2 in the basket; "
                + "over the limit: hygiene items at most 12 per cycle (from 2026-10-01), 0 already taken, 13 in the basket; "
                + "not enough points: the basket costs 165, 120 left\n")
        // A card that has expired by the checkout's date (run on a later day: nothing is dated ahead).
        let expired = s.run(
            "market", "checkout", "--card", code, "AL-PAS:1", "--date", "2027-04-01",
            environment: ["SCORTA_TODAY": "2027-06-30"])
        #expect(expired.stderr == "Error: the card expired on 2027-03-31\n")
        #expect(s.run("market", "suspend", code, "--reason", "pause", "--date", "2026-10-03").status == 0)
        let suspended = s.run("market", "checkout", "--card", code, "AL-PAS:1", "--date", "2026-10-05")
        #expect(suspended.stderr == "Error: the card is suspended since 2026-10-03\n")
        #expect(s.run("market", "resume", code, "--date", "2026-10-03").status == 0)
        let unknown = s.run("market", "checkout", "--card", "0000-0000-0", "AL-PAS:1")
        #expect(unknown.status == 1 && unknown.stderr == "Error: household 0000-0000-0 does not exist\n")
        #expect(s.run("market", "checkout", "--card", code, "--date", "2026-10-05").status == 64)
        #expect(s.sql("SELECT count(*) FROM points_entry") == "0")
        #expect(s.sql("SELECT count(*) FROM document WHERE type = 'distribution'") == "0")
    }

    @Test(arguments: Engine.tested) func refusedCheckoutsLeaveEveryTableAsItWas(engine: Engine) throws {
        let (s, code) = try market(engine)
        let before = s.contents()
        for lines in [["AL-PAS:21"], ["AL-OLI:2"], ["IG-SAP:13"], ["AL-PAS:20", "AL-OLI:1", "IG-SAP:10"]] {
            let result = s.run(arguments: ["market", "checkout", "--card", code, "--date", "2026-10-05"] + lines)
            #expect(result.status == 1, "\(lines)")
        }
        #expect(
            s.run(
                "market", "checkout", "--card", code, "AL-PAS:1", "--date", "2027-05-01",
                environment: ["SCORTA_TODAY": "2027-06-30"]
            ).status == 1)
        #expect(s.contents() == before)
    }

    @Test(arguments: Engine.tested) func anOverrideIsRecordedWithItsReason(engine: Engine) throws {
        let (s, code) = try market(engine)
        let result = s.run(
            "market", "checkout", "--card", code, "AL-OLI:2", "--override", "baby due this week", "--date", "2026-10-05"
        )
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.contains("override recorded: over the limit: AL-OLI at most 1 per visit, 2 in the basket"))
        #expect(
            s.sql("SELECT rule || ' | ' || reason || ' | ' || operator FROM market_override")
                == "over the limit: AL-OLI at most 1 per visit, 2 in the basket | baby due this week | tester")
        #expect(
            s.run("show", "CON-2026-00001", "--json").stdout.contains(
                "\"reason\": \"limit override: baby due this week\""))
        let receipt = s.run("market", "receipt", "CON-2026-00001")
        #expect(receipt.status == 0)
        #expect(
            receipt.stdout.contains(code) && receipt.stdout.contains("Punti rimasti / Points left                   96")
        )
        #expect(
            !receipt.stdout.contains("Rossi") && !receipt.stdout.contains("Maria") && !receipt.stdout.contains("1980"))
        let balance = s.run("market", "balance", code, "--date", "2026-10-05", "--json")
        #expect(balance.stdout.contains("\"points\": 96"))
        #expect(s.run("check").status == 0)
    }

    /// Issue 15: the household sees on paper what the basket cost and what is left on the card.
    @Test(arguments: Engine.tested) func receiptsShowPointsSpentAndLeft(engine: Engine) throws {
        let (s, code) = try market(engine)
        #expect(s.run("market", "checkout", "--card", code, "AL-PAS:2", "AL-OLI:1", "--date", "2026-10-05").status == 0)
        let text = s.run("market", "receipt", "CON-2026-00001").stdout
        #expect(text.contains("Punti spesi / Points spent                    18"), "\(text)")
        #expect(text.contains("Punti rimasti / Points left                  102"), "\(text)")
        let pdf = s.run("report", "receipt", "CON-2026-00001", "--pdf", s.path("ricevuta.pdf"))
        #expect(pdf.status == 0, "\(pdf.stderr)")
        let printed = Sandbox.execute("/usr/bin/pdftotext", ["-layout", s.path("ricevuta.pdf"), "-"]).stdout
        #expect(printed.range(of: #"Punti spesi\s+18"#, options: .regularExpression) != nil, "\(printed)")
        #expect(printed.range(of: #"Punti rimasti\s+102"#, options: .regularExpression) != nil, "\(printed)")
        let english = s.run("report", "receipt", "CON-2026-00001", "--lang", "en", "--pdf", s.path("receipt.pdf"))
        #expect(english.status == 0, "\(english.stderr)")
        let englishText = Sandbox.execute("/usr/bin/pdftotext", ["-layout", s.path("receipt.pdf"), "-"]).stdout
        #expect(englishText.range(of: #"Points spent\s+18"#, options: .regularExpression) != nil, "\(englishText)")
    }

    @Test(arguments: Engine.tested) func theScanLoopTakesPipedLinesWithUndoAndRefusals(engine: Engine) throws {
        let (s, code) = try market(engine)
        let result = s.run(
            "market", "scan", "--card", code, "--date", "2026-10-05",
            input: "AL-PAS\n2*8001234567859\nNOPE\nundo\n\n2*AL-OLI\nAL-OLI\ndone\n")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stdout.components(separatedBy: "\n").prefix(8) == [
                "Card \(code): 120 points. Scan items (N*CODE for several); undo, done, cancel.",
                "+ 1 x AL-PAS Pasta di semola 500 g @ 3 = 3 pt  | basket 3 pt | left 117 pt",
                "+ 2 x AL-PAS Pasta di semola 500 g @ 3 = 6 pt  | basket 9 pt | left 111 pt",
                "! NOPE refused: unknown barcode or SKU 'NOPE'",
                "- undo 2 x AL-PAS Pasta di semola 500 g @ 3 = 6 pt  | basket 3 pt | left 117 pt",
                "! 2*AL-OLI refused: over the limit: AL-OLI at most 1 per visit, 2 in the basket",
                "+ 1 x AL-OLI Olio extravergine di oliva 1 l @ 12 = 12 pt  | basket 15 pt | left 105 pt",
                "CON-2026-00001 posted: card \(code), 2 items, 15 points spent, 105 left"
            ])
        #expect(
            s.rows(
                "SELECT i.sku || ':' || s.quantity FROM market_sale s JOIN item i ON i.id = s.item_id ORDER BY s.document_id, s.item_id"
            ).joined(separator: " ") == "AL-PAS:1 AL-OLI:1")
        #expect(s.sql("SELECT count(*) FROM document WHERE type = 'distribution'") == "1")
    }

    @Test(arguments: Engine.tested) func cancelOrTheEndOfInputAbandonsTheBasket(engine: Engine) throws {
        let (s, code) = try market(engine)
        let before = s.contents()
        let cancelled = s.run(
            "market", "scan", "--card", code, "--date", "2026-10-05", input: "AL-PAS\n3*AL-PAS\ncancel\nAL-PAS\ndone\n")
        #expect(cancelled.status == 0)
        #expect(cancelled.stdout.hasSuffix("Cancelled: nothing written.\n"))
        let ended = s.run("market", "scan", "--card", code, "--date", "2026-10-05", input: "AL-PAS\n3*AL-PAS\n")
        #expect(ended.status == 1)
        #expect(ended.stderr == "Error: input ended before 'done': the basket was abandoned, nothing written\n")
        let badCard = s.run(
            "market", "scan", "--card", code, "--date", "2027-06-01", input: "AL-PAS\ndone\n",
            environment: ["SCORTA_TODAY": "2027-06-30"])
        #expect(badCard.status == 1 && badCard.stderr == "Error: the card expired on 2027-03-31\n")
        #expect(s.contents() == before)
    }

    @Test(arguments: Engine.tested) func pointsStatementAdjustmentAndLapse(engine: Engine) throws {
        let (s, code) = try market(engine)
        #expect(s.run("market", "checkout", "--card", code, "AL-PAS:2", "--date", "2026-10-05").status == 0)
        #expect(
            s.run("market", "adjust", code, "--reason", "late referral", "--date", "2026-10-06", "--", "10").stdout
                == "Adjusted by +10: 124 points left\n")
        let statement = s.run("market", "statement", code, "--to", "2026-11-02", "--csv")
        #expect(
            statement.stdout == """
                date,kind,points,balance,cycle,document,reason\r
                2026-10-01,allowance,120,120,2026-10-01,,\r
                2026-10-05,spend,-6,114,2026-10-01,CON-2026-00001,\r
                2026-10-06,adjustment,10,124,2026-10-01,,late referral\r
                2026-10-31,lapse,-124,0,2026-10-01,,not yet recorded\r
                2026-11-01,allowance,120,120,2026-11-01,,not yet recorded\r

                """)
        #expect(
            s.run("market", "prices", "--csv").stdout.contains(
                "AL-OLI,Olio extravergine di oliva 1 l,12,2026-01-01,3\r\n"))
        #expect(s.run("market", "limits", "--json").stdout.contains("\"applies_to\": \"hygiene items\""))
    }
}
