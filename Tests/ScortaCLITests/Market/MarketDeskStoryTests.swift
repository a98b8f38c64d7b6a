import Foundation
import ScortaHarness
import Testing

/// Issue 16, the market desk through the real binary: a clerk (market role
/// only) prints the card of a household just registered, replaces a lost
/// card, voids their own checkout of the day, and finds a household by name.
/// On a server each clerk is a login of their own (`Sandbox.operatorsLogIn`).
@Suite struct MarketDeskStoryTests {
    /// A market clerk "marco", a second clerk "luca", a manager "lucia" and a
    /// warehouse clerk "anna"; pasta and soap at the market.
    func desk(_ engine: Engine) throws -> Sandbox {
        let s = try Sandbox(engine: engine)
        s.operatorsLogIn = true
        for (name, roles) in [("marco", "market"), ("luca", "market"), ("lucia", "manager"), ("anna", "warehouse")] {
            #expect(s.run("operator", "add", name, "--roles", roles).status == 0)
        }
        try s.stockMarket("AL-PAS:20", "IG-SAP:20")
        return s
    }

    @Test(arguments: Engine.tested) func aClerkPrintsTheCardOfAHouseholdJustRegistered(engine: Engine) throws {
        let s = try desk(engine)
        let registered = s.run(
            "household", "register", "--member", "born=1980,sex=f,name=Maria Rossi", "--name", "Rossi", "--operator",
            "marco")
        #expect(registered.status == 0, "\(registered.stderr)")
        let code = try #require(registered.stdout.split(separator: " ").dropFirst(2).first.map(String.init))
        #expect(registered.stdout.contains("print the card: scorta labels card \(code)"))
        let printed = s.run("labels", "card", code, "-o", s.path("tessera.pdf"), "--operator", "marco")
        #expect(printed.status == 0, "\(printed.stderr)")
        #expect(printed.stdout.contains("1 card label on 1 page"))
        // The card holds the code only: no name, no birth year.
        let text = Sandbox.execute("/usr/bin/pdftotext", [s.path("tessera.pdf"), "-"]).stdout
        #expect(text.contains(code))
        #expect(!text.contains("Rossi") && !text.contains("Maria") && !text.contains("1980"))
        #expect(
            Sandbox.execute(
                "/usr/bin/pdftoppm", ["-r", "300", "-png", "-singlefile", s.path("tessera.pdf"), s.path("tessera")]
            ).status == 0)
        let decoded = Sandbox.execute("/usr/bin/zbarimg", ["-q", s.path("tessera.png")])
        #expect(
            decoded.stdout.contains("CODE-128:" + code.replacingOccurrences(of: "-", with: "")),
            "\(decoded.stdout) \(decoded.stderr)")
        // Printing it is in the audit log, by the clerk.
        #expect(
            s.sql("SELECT operator || ' ' || action || ' ' || detail FROM audit WHERE detail LIKE 'card label%'")
                == "marco export card label as pdf")
    }

    @Test(arguments: Engine.tested) func aLostCardIsReplacedTheOldOneBlockedAndTheHistoryKept(engine: Engine) throws {
        let s = try desk(engine)
        let old = try s.register("--member", "born=1980,sex=f,name=Maria Rossi", "--name", "Famiglia Rossi")
        #expect(
            s.run("market", "checkout", "--card", old, "AL-PAS:3", "--date", "2026-10-05", "--operator", "marco").status
                == 0)
        let balance = s.run("market", "balance", old, "--operator", "marco").stdout.split(separator: ":").dropFirst()
            .joined()

        // The household is found by its name (the code is on the lost card), then its card is replaced.
        let found = s.run("household", "find", "rossi", "--csv", "--operator", "marco")
        #expect(found.status == 0, "\(found.stderr)")
        #expect(found.stdout.contains(old) && found.stdout.contains("name: Famiglia Rossi"))
        let replaced = s.run(
            "market", "replace-card", old, "--reason", "lost at the station", "--json", "--operator", "marco")
        #expect(replaced.status == 0, "\(replaced.stderr)")
        let new = try #require(
            replaced.stdout.components(separatedBy: "\"card\": \"").dropFirst().first?.prefix(11).description)
        #expect(new != old && replaced.stdout.contains("\"blocked\": \"\(old)\""))

        // The old card is refused at the till, naming that it was replaced and nothing else; nothing is written.
        let before = s.contents()
        let scanned = s.run("market", "checkout", "--card", old, "AL-PAS:1", "--operator", "marco")
        #expect(scanned.status == 1)
        let today = s.sql("SELECT replaced_on FROM card_replacement")
        #expect(
            scanned.stderr
                == "Error: card \(old) was replaced on \(today) and is blocked: ask for the household's new card\n")
        #expect(s.run("market", "scan", "--card", old, "--operator", "marco", input: "AL-PAS\ndone\n").status == 1)
        #expect(s.run("labels", "card", old, "-o", s.path("old.pdf"), "--operator", "marco").status == 1)
        #expect(s.contents() == before)

        // The new card: the same points, the earlier checkout in its history, printable at once.
        #expect(
            s.run("market", "balance", new, "--operator", "marco").stdout.split(separator: ":").dropFirst().joined()
                == balance)
        let history = s.run("distributions", "--household", new, "--operator", "marco")
        #expect(history.stdout.contains("CON-2026-00001") && history.stdout.contains(new), "\(history.stdout)")
        #expect(s.run("labels", "card", new, "-o", s.path("new.pdf"), "--operator", "marco").status == 0)
        #expect(s.run("market", "checkout", "--card", new, "AL-PAS:1", "--operator", "marco").status == 0)
        let shown = s.run("household", "show", new, "--json", "--operator", "marco").stdout
        #expect(
            shown.contains("\"replaced_cards\"") && shown.contains("\"code\": \"\(old)\"")
                && shown.contains("lost at the station"))
        #expect(s.run("check").status == 0)
        #expect(s.run("verify").status == 0)

        // The audit trail is the household's under either code: registered under the old one, replaced, shown under the new.
        let trail = s.run("audit", "--household", new, "--csv")
        #expect(trail.status == 0, "\(trail.stderr)")
        #expect(trail.stdout.contains("change,\(old),registered"), "\(trail.stdout)")
        #expect(trail.stdout.contains("marco,change,\(new),card replaced: \(old) blocked"), "\(trail.stdout)")
        #expect(s.run("audit", "--household", old, "--csv").stdout == trail.stdout)

        // Unblocking the old card by hand is caught by verify.
        _ = s.sql("DELETE FROM card_replacement")
        let tampered = s.run("verify")
        #expect(tampered.status == 1)
        #expect(
            tampered.stderr.contains("card_replacement 1 is sealed but missing: it was deleted outside Scorta"),
            "\(tampered.stderr)")
    }

    @Test(arguments: Engine.tested) func aReplacementNeedsAReasonAndTheMarketRole(engine: Engine) throws {
        let s = try desk(engine)
        let code = try s.register("--member", "born=1980,sex=f")
        let before = s.contents()
        #expect(s.run("market", "replace-card", code, "--operator", "marco").status == 64)
        #expect(s.run("market", "replace-card", code, "--reason", " ", "--operator", "marco").status == 64)
        let warehouse = s.run("market", "replace-card", code, "--reason", "lost", "--operator", "anna")
        #expect(
            warehouse.stderr
                == "Error: 'scorta market replace-card' needs the market role; operator 'anna' has warehouse\n")
        #expect(s.contents() == before)
    }

    @Test(arguments: Engine.tested) func aClerkVoidsOwnCheckoutOfTodayAndNothingElse(engine: Engine) throws {
        let s = try desk(engine)
        let code = try s.register("--member", "born=1980,sex=f")
        let today = ["SCORTA_TODAY": "2026-10-06"]
        #expect(
            s.run(
                "market", "checkout", "--card", code, "AL-PAS:2", "--date", "2026-10-05", "--operator", "marco",
                environment: today
            ).status == 0)
        #expect(
            s.run(
                "market", "checkout", "--card", code, "AL-PAS:3", "IG-SAP:1", "--operator", "marco", environment: today
            ).status == 0)
        #expect(
            s.run("market", "checkout", "--card", code, "AL-PAS:1", "--operator", "luca", environment: today).status
                == 0)
        let points = { s.run("market", "balance", code, "--json", "--operator", "marco", environment: today).stdout }
        let pointsBefore = points()

        let before = s.contents()
        let other = s.run(
            "market", "void", "CON-2026-00003", "--reason", "mistake", "--operator", "marco", environment: today)
        #expect(other.status == 1)
        #expect(
            other.stderr
                == "Error: CON-2026-00003 was checked out by 'luca'; a clerk voids only their own checkouts (a manager can reverse it with 'scorta reverse')\n"
        )
        let older = s.run(
            "market", "void", "CON-2026-00001", "--reason", "mistake", "--operator", "marco", environment: today)
        #expect(
            older.stderr
                == "Error: CON-2026-00001 is dated 2026-10-05; a clerk voids only checkouts of today, 2026-10-06 (a manager can reverse it with 'scorta reverse')\n"
        )
        let notACheckout = s.run(
            "market", "void", "RIC-2026-00001", "--reason", "mistake", "--operator", "marco", environment: today)
        #expect(notACheckout.status == 1 && notACheckout.stderr.contains("RIC-2026-00001 is not a market checkout"))
        #expect(s.run("market", "void", "CON-2026-00002", "--operator", "marco", environment: today).status == 64)
        // A clerk cannot take the manager's path either.
        #expect(
            s.run("reverse", "CON-2026-00002", "--reason", "mistake", "--operator", "marco", environment: today).status
                == 1)
        #expect(s.contents() == before)

        let voided = s.run(
            "market", "void", "CON-2026-00002", "--reason", "wrong card scanned", "--operator", "marco",
            environment: today)
        #expect(voided.status == 0, "\(voided.stderr)")
        #expect(
            voided.stdout
                == "CON-2026-00002 voided by STO-2026-00001: 2 lines back at the market, 15 points back to card \(code)\n"
        )
        #expect(
            s.sql(
                "SELECT type || ' ' || operator || ' ' || date || ' ' || reason FROM document WHERE number = 'STO-2026-00001'"
            )
                == "reversal marco 2026-10-06 void at the till: wrong card scanned")
        // 20 - 2 (CON-1) - 1 (luca's CON-3): the 3 of the voided CON-2 are back, and its soap.
        let stock = s.run("stock", "--at", "EMP", "--csv", environment: today).stdout
        #expect(
            stock.contains("EMP,AL-PAS,Pasta di semola 500 g,,,17,conf")
                && stock.contains("EMP,IG-SAP,Sapone solido 100 g,,,20,pz"), "\(stock)")
        #expect(
            points().contains(
                "\"points\": \(Int(pointsBefore.components(separatedBy: "\"points\": ")[1].prefix { $0.isNumber })! + 15)"
            ))
        #expect(
            s.run("market", "void", "CON-2026-00002", "--reason", "again", "--operator", "marco", environment: today)
                .stderr
                == "Error: CON-2026-00002 was already reversed by STO-2026-00001\n")
        // A manager still reverses anything, as before.
        #expect(
            s.run("reverse", "CON-2026-00001", "--reason", "returned", "--operator", "lucia", environment: today).status
                == 0)
        #expect(s.run("check", environment: today).status == 0)
        #expect(s.run("verify", environment: today).status == 0)
    }

    @Test(arguments: Engine.tested) func theAuditedSearchIsForTheMarketAndTheManager(engine: Engine) throws {
        let s = try desk(engine)
        let code = try s.register("--member", "born=1980,sex=f,name=José Álvarez", "--member", "born=2016,sex=m")
        _ = try s.register("--member", "born=1990,sex=m", "--note", "brother of Ana Álvarez")
        let found = s.run("household", "find", "jose", "alvarez", "--operator", "marco")
        #expect(found.status == 0, "\(found.stderr)")
        let lines = found.stdout.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(
            lines.first?.split(separator: " ", omittingEmptySubsequences: true) == [
                "CODE", "MATCHED", "MEMBERS", "REGISTERED", "CARD"
            ])
        #expect(lines.last?.hasPrefix("\(code)  member 1: José Álvarez") == true, "\(found.stdout)")
        // The minimum: no birth dates, no attributes, no note text.
        #expect(!found.stdout.contains("1980") && !found.stdout.contains("female"))
        let byNote = s.run("household", "find", "ana", "--operator", "lucia")
        #expect(
            byNote.status == 0 && byNote.stdout.contains("note") && !byNote.stdout.contains("brother"),
            "\(byNote.stdout)")
        let warehouse = s.run("household", "find", "jose", "--operator", "anna")
        #expect(
            warehouse.stderr
                == "Error: 'scorta household find' needs the market or manager role; operator 'anna' has warehouse\n")
        #expect(s.run("household", "find", "x", "--operator", "marco").status == 1)
        #expect(s.run("household", "find", "--operator", "marco").status == 64)
        // Every search is logged, with the households it showed, never the words searched.
        #expect(
            s.sql(
                "SELECT operator || ' ' || action || ' ' || subject FROM audit WHERE action = 'search' OR detail LIKE 'found by%' ORDER BY id"
            ) == """
                marco search households
                marco show \(code.replacingOccurrences(of: "-", with: ""))
                lucia search households
                lucia show \(s.sql("SELECT code FROM household WHERE note IS NOT NULL"))
                """)
        #expect(
            s.sql(
                "SELECT count(*) FROM audit WHERE detail LIKE '%lvarez%' OR detail LIKE '%jose%' OR detail LIKE '%ana%'"
            ) == "0")
        #expect(s.run("help", "household", "find").stdout.contains("Find a household by a name or note recorded"))
    }
}
