import Foundation
import ScortaHarness
import Testing

/// Households and outreach distributions as operators type them.
@Suite struct HouseholdStoryTests {
    @Test(arguments: Engine.tested) func registerEditDistributeListAndErase(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(s.run("receive", "--at", "MAG-A", "EM-SAC:5", "IG-SAP:10", "--date", "2026-10-01").status == 0)
        let code = try s.register(
            "--member", "born=1970-03,sex=m,homeless=yes,name=Giovanni", "--member", "band=0-15,sex=f",
            "--referred-by", "CASC", "--name", "G. family", "--note", "sleeps at the station")
        #expect(code.count == 11)
        let edit = s.run("household", "edit", code, "--member", "1:homeless=no,disability=yes", "--date", "2026-10-20")
        #expect(edit.status == 0, "\(edit.stderr)")
        // A paper sheet from the night of 10 October, typed in later: he was homeless then.
        let night = s.run(
            "distribute", "--from", "MAG-A", "--channel", "UMN", "--household", code.lowercased(), "EM-SAC:1", "--date",
            "2026-10-10")
        #expect(night.status == 0, "\(night.stderr)")
        #expect(
            s.run(
                "distribute", "--from", "MAG-A", "--channel", "CD", "--household", code, "IG-SAP:2", "--date",
                "2026-10-21"
            ).status == 0)
        #expect(
            s.run(
                "distribute", "--from", "MAG-A", "--channel", "UMN", "--anonymous", "18-29", "--sex", "f", "EM-SAC:1",
                "--date", "2026-10-11"
            ).status == 0)
        #expect(
            s.rows(
                "SELECT coalesce(CAST(homeless AS TEXT), '-') || coalesce(CAST(disability AS TEXT), '-') || ' ' || age_band || ' ' || coalesce(CAST(age AS TEXT), '-') FROM distribution_recipient ORDER BY \(s.insertionOrder)"
            ).joined(separator: ", ")
                == "1- 30-64 56, -- 0-15 -, 01 30-64 56, -- 0-15 -, -- 18-29 -")
        let byChannel = s.run("distributions", "--channel", "UMN", "--csv")
        #expect(byChannel.stdout.split(separator: "\r\n").count == 3)
        #expect(byChannel.stdout.contains("2026-10-11,CON-2026-00003,UMN,MAG-A,anonymous,1,1,,\r\n"))
        let mine = s.run("distributions", "--household", code, "--json")
        #expect(mine.stdout.components(separatedBy: "\"document\"").count == 3)
        #expect(
            s.run("distributions", "--household", "ZZZZ").stderr.hasPrefix(
                "Error: --household: 'ZZZZ' is not a household code"))

        let snapshots = s.sql("SELECT * FROM distribution_recipient ORDER BY \(s.insertionOrder)")
        let history = s.run("distributions", "--csv").stdout
        let shown = s.run("household", "show", code)
        #expect(shown.stdout.contains("Giovanni") && shown.stdout.contains("sleeps at the station"))
        #expect(!s.run("household", "list").stdout.contains("Giovanni"))
        #expect(s.run("household", "erase", code).status == 64)
        let erased = s.run("household", "erase", code, "--yes")
        #expect(erased.status == 0 && erased.stdout == "Personal data of household \(code) erased\n")
        #expect(
            !s.contents().contains("Giovanni") && !s.contents().contains("G. family")
                && !s.contents().contains("station"))
        #expect(s.sql("SELECT * FROM distribution_recipient ORDER BY \(s.insertionOrder)") == snapshots)
        #expect(s.run("distributions", "--csv").stdout == history)
        #expect(s.run("household", "show", code, "--json").stdout.contains("\"homeless\": \"no\""))

        // A mistake is corrected by a reversal; the history shows it.
        #expect(s.run("reverse", "CON-2026-00002", "--date", "2026-10-22").status == 0)
        #expect(s.run("distributions", "--household", code, "--csv").stdout.contains(",STO-2026-00001\r\n"))
        #expect(s.run("check").status == 0)

        // The indicator report's facts are a cache of the lines: check proves them.
        _ = s.sql(
            "UPDATE distribution_fact SET recipients = \(s.blobLiteral("00")) WHERE document_id = (SELECT id FROM document WHERE number = 'CON-2026-00001')"
        )
        let tampered = s.run("check")
        #expect(tampered.status == 1)
        #expect(tampered.stdout == "report facts of CON-2026-00001 differ from its lines and recipients\n")
    }

    @Test(arguments: Engine.tested) func importNamesTheBadLineAndRegistersNothing(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let bad = try s.write("bad.csv", "household,sex,born,homeless\nA,f,1980,yes\nB,q,1990,\n")
        let result = s.run("household", "import", bad)
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "Error: \(bad): 1 row cannot be imported; nothing was written\n\(bad):3: sex 'q' must be female, male, nonbinary or unknown (f, m, x, u)\n"
        )
        #expect(s.sql("SELECT count(*) FROM household") == "0")
        let good = try s.write("good.csv", "household,sex,born,band\nA,f,1980,\nA,m,,0-15\nB,u,,65+\n")
        let imported = s.run("household", "import", good, "--csv")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("household,code\r\nA,"))
        #expect(s.sql("SELECT count(*) FROM member") == "3")
        #expect(s.run("household", "list", "--csv").stdout.split(separator: "\r\n").count == 3)
    }

    @Test(arguments: Engine.tested) func distributeNeedsExactlyOneRecipient(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let result = s.run("distribute", "--from", "MAG-A", "--channel", "UMN", "EM-SAC:1")
        #expect(result.status == 64)
        #expect(result.stderr.hasPrefix("Error: give either --household CODE or --anonymous BAND\n"))
        let empty = s.run("distribute", "--from", "MAG-A", "--channel", "UMN", "--anonymous", "30-64", "EM-SAC:1")
        #expect(
            empty.status == 1
                && empty.stderr == "Error: not enough stock of EM-SAC at MAG-A: 0 available, 1 requested\n")
    }
}
