import Foundation
import ScortaHarness
import ScortaKit
import Testing

/// Issue 12, reproductions 1 to 4, through the real binary.
@Suite struct LedgerRulesStoryTests {
    @Test(arguments: Engine.tested) func aBackdatedDistributionCannotTakeStockThatArrivedLater(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let receipt = s.run("receive", "--at", "MAG-A", "AL-PAS:5", "--date", "2026-11-20")
        #expect(receipt.status == 0, "\(receipt.stderr)")
        let before = s.contents()
        let late = s.run(
            "distribute", "--from", "MAG-A", "--channel", "UMN", "--anonymous", "30-64", "AL-PAS:3", "--date",
            "2026-11-01")
        #expect(late.status == 1)
        #expect(
            late.stderr
                == "Error: not enough stock of AL-PAS at MAG-A on 2026-11-01: 0 available then (RIC-2026-00001 receives it on 2026-11-20), 3 requested\n"
        )
        #expect(s.contents() == before)
        let register = s.run(
            "report", "stock-register", "--at", "MAG-A", "--from", "2026-11-01", "--to", "2026-11-30", "--csv")
        #expect(register.status == 0 && !register.stdout.contains(",-"), "\(register.stdout)")
        #expect(s.run("check").status == 0)
    }

    /// On a server each operator is a login of their own (`Sandbox.operatorsLogIn`).
    @Test(arguments: Engine.tested) func nothingIsDatedAheadAndAMistakenCloseIsUndoneOnlyByAnAdmin(engine: Engine)
        throws
    {
        let s = try Sandbox(engine: engine)
        s.operatorsLogIn = true
        let today = CivilDate.today()
        let tomorrow = CivilDate.today().adding(days: 1)
        let ahead = s.run("receive", "--at", "MAG-A", "AL-PAS:5", "--date", "\(today.year + 1)-01-15")
        #expect(
            ahead.status == 1
                && ahead.stderr == "Error: a document cannot be dated \(today.year + 1)-01-15, after today (\(today))\n"
        )
        let closeAhead = s.run("close", "--until", tomorrow.description)
        #expect(
            closeAhead.status == 1
                && closeAhead.stderr == "Error: cannot close up to \(tomorrow): it is after today (\(today))\n")
        #expect(s.run("receive", "--at", "MAG-A", "AL-PAS:5", "--date", "2026-03-02").status == 0)
        let close = s.run("close", "--until", "2026-06-30")
        #expect(close.status == 0)
        #expect(
            close.stdout.contains(
                "Chain head \(s.sql("SELECT substr(hash, 1, 16) FROM document ORDER BY id DESC LIMIT 1")), 1 documents."
            ), "\(close.stdout)")
        #expect(
            s.sql(
                "SELECT CASE WHEN chain_head = (SELECT hash FROM document) THEN 1 ELSE 0 END, document_count FROM period_close"
            ) == "1|1")
        #expect(s.run("operator", "add", "lucia", "--roles", "manager").status == 0)
        let notAdmin = s.run("reopen", "--reason", "wrong year", environment: ["SCORTA_OPERATOR": "lucia"])
        #expect(notAdmin.status == 1 && notAdmin.stderr.contains("needs the admin role"), "\(notAdmin.stderr)")
        #expect(s.run("reopen").status == 64)
        let reopen = s.run("reopen", "--reason", "closed the wrong half-year")
        #expect(reopen.status == 0, "\(reopen.stderr)")
        #expect(
            s.sql("SELECT operator || '|' || reason || '|' || reopened_until FROM period_reopen")
                == "tester|closed the wrong half-year|2026-06-30")
        #expect(s.run("receive", "--at", "MAG-A", "AL-PAS:1", "--date", "2026-06-01").status == 0)
        let register = s.run(
            "report", "stock-register", "--at", "MAG-A", "--from", "2026-06-01", "--to", "2026-06-30", "--lang", "en")
        #expect(register.stdout.contains("had been closed and were reopened on"), "\(register.stdout)")
        let json = s.run("report", "distribution-register", "--from", "2026-06-01", "--to", "2026-06-30", "--json")
        #expect(
            json.stdout.contains("\"reopened\": [{\"from\":\"0001-01-01\",\"until\":\"2026-06-30\""), "\(json.stdout)")
        let fead = s.run("report", "fead", "--from", "2026-01-01", "--to", "2026-12-31")
        #expect(fead.stdout.contains("riaperte"), "\(fead.stdout)")
        #expect(s.run("check").status == 0)
    }

    @Test(arguments: Engine.tested) func theSameDeliveryNoteTwiceIsRefusedUnlessSaidOnPurpose(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(
            s.run("receive", "--at", "MAG-A", "--from", "Banco Alimentare", "--ref", "DDT-1187", "IG-SAP:240").status
                == 0)
        let again = s.run("receive", "--at", "MAG-A", "--from", "Banco Alimentare", "--ref", "DDT-1187", "IG-SAP:240")
        #expect(again.status == 1)
        #expect(
            again.stderr
                == "Error: delivery note DDT-1187 from Banco Alimentare was already received as RIC-\(CivilDate.today().year)-00001 on \(CivilDate.today()); "
                + "give --duplicate-ref if this is another delivery under the same note\n")
        let file = try s.write("ddt.csv", "sku,quantity\nIG-SAP,10\n")
        #expect(s.run("receive", "--at", "MAG-A", "--ref", "DDT-9", "--file", file).status == 0)
        let sameFile = s.run("receive", "--at", "MAG-A", "--ref", "DDT-9", "--file", file)
        #expect(
            sameFile.status == 1
                && sameFile.stderr.contains("delivery note DDT-9 with no supplier was already received as"))
        #expect(s.sql("SELECT sum(quantity) FROM balance") == "250")
        #expect(s.run("receive", "--at", "MAG-A", "--ref", "DDT-9", "--file", file, "--duplicate-ref").status == 0)
        #expect(s.run("receive", "--help").stdout.contains("--duplicate-ref"))
    }

    @Test(arguments: Engine.tested) func aClosedPeriodKeepsItsValuesPricesAndAttributes(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let replace = s.run("item", "value", "IG-SAP", "9.99", "--from", "2026-01-01")
        #expect(replace.status == 1)
        #expect(
            replace.stderr.hasPrefix("Error: IG-SAP already has a unit value from 2026-01-01 (EUR "),
            "\(replace.stderr)")
        #expect(s.sql("SELECT count(*) FROM item_value WHERE cents = 999") == "0")
        let code = try s.register("--member", "born=1980,sex=f", date: "2026-01-10")
        #expect(s.run("close", "--until", "2026-06-30").status == 0)
        let value = s.run("item", "value", "IG-SAP", "0.95", "--from", "2026-06-30")
        #expect(
            value.stderr
                == "Error: the period up to 2026-06-30 is closed: a unit value of IG-SAP from 2026-06-30 would change what its reports read; give a date after 2026-06-30\n"
        )
        let price = s.run("market", "price", "AL-OLI", "14", "--from", "2026-03-01")
        #expect(
            price.status == 1
                && price.stderr.contains("a points price of AL-OLI from 2026-03-01 would change what its reports read"))
        let edit = s.run("household", "edit", code, "--member", "1:homeless=yes", "--date", "2026-05-01")
        #expect(edit.status == 1 && edit.stderr.contains("a change of member attributes from 2026-05-01"))
        #expect(s.run("item", "value", "IG-SAP", "0.95", "--from", "2026-07-01").status == 0)
    }
}
