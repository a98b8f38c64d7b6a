import Foundation
import ScortaHarness
import ScortaKit
import Testing

/// The warehouse story run through the real binary, as staff would type it.
@Suite struct LedgerStoryTests {
    @Test(arguments: Engine.tested) func receiveTransferAssembleCountReverse(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let delivery = try s.write(
            "ddt.csv",
            """
            sku,quantity,lot,expiry
            IG-SAP,100,SAP1,2028-01-31
            IG-SHA,100,,
            IG-SPZ,100,,
            IG-DEN,100,DEN1,2027-03-31
            IG-RAS,300,,
            IG-PET,100,,
            IG-ASC,100,,
            IG-PS,100,,

            """)
        let receipt = s.run(
            "receive", "--at", "MAG-A", "--from", "Fornitore FEAD", "--ref", "DDT-77", "--file", delivery, "--date",
            "2026-10-01")
        #expect(receipt.status == 0, "\(receipt.stderr)")
        #expect(receipt.stdout.hasPrefix("RIC-2026-00001 posted (receipt, 2026-10-01, 8 lines)"))

        let transfer = s.run(
            "transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:20", "IG-DEN:10:DEN1", "--date", "2026-10-02")
        #expect(transfer.status == 0, "\(transfer.stderr)")
        #expect(transfer.stdout.hasPrefix("TRA-2026-00001 posted"))

        let kits = s.run("kit", "assemble", "KIT-IGM", "--qty", "30", "--at", "MAG-A", "--date", "2026-10-03")
        #expect(kits.status == 0, "\(kits.stderr)")
        #expect(kits.stdout.hasPrefix("ASS-2026-00001 posted"))

        let count = s.run("count", "--at", "EMP", "IG-SAP=18", "IG-DEN:DEN1=10", "--date", "2026-10-31")
        #expect(count.status == 0, "\(count.stderr)")

        let reverse = s.run("reverse", "TRA-2026-00001", "--reason", "wrong shelf", "--date", "2026-10-31")
        #expect(
            reverse.status != 0, "the count already took 2 soaps out of EMP, so the transfer can no longer be mirrored")
        #expect(reverse.stderr == "Error: not enough stock of IG-SAP lot SAP1 at EMP: 18 available, 20 requested\n")

        let reverseCount = s.run("reverse", "INV-2026-00001", "--date", "2026-11-01")
        #expect(reverseCount.status == 0, "\(reverseCount.stderr)")
        #expect(s.run("reverse", "TRA-2026-00001", "--date", "2026-11-01").status == 0)

        let stock = s.run("stock", "--json")
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(stock.stdout.utf8)) as? [[String: Any]])
        func qty(_ location: String, _ sku: String) -> Int {
            rows.filter { $0["location"] as? String == location && $0["sku"] as? String == sku }.reduce(0) {
                $0 + ($1["quantity"] as? Int ?? 0)
            }
        }
        #expect(qty("MAG-A", "IG-SAP") == 70)  // 100 - 30 kits, transfer reversed
        #expect(qty("MAG-A", "IG-RAS") == 210)  // 3 razors per kit
        #expect(qty("MAG-A", "KIT-IGM") == 30)
        #expect(qty("EMP", "IG-SAP") == 0)
        #expect(qty("MAG-A", "IG-DEN") == 70)
        #expect(s.run("check").status == 0)
        #expect(s.run("check").stdout.isEmpty)

        let history = s.run("history", "--item", "IG-SAP", "--csv")
        #expect(history.stdout.split(separator: "\r\n").count == 1 + 6)

        let show = s.run("show", "STO-2026-00002", "--json")
        #expect(show.stdout.contains("\"reverses\": \"TRA-2026-00001\""))
    }

    @Test(arguments: Engine.tested) func refusedCommandsLeaveTheDatabaseUnchanged(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(s.run("receive", "--at", "MAG-A", "IG-SAP:10:L1:2027-01-01", "--date", "2026-10-01").status == 0)
        let before = s.contents()
        let attempts: [([String], Int32, String)] = [
            (
                ["transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:11"], 1,
                "Error: not enough stock of IG-SAP at MAG-A: 10 available, 11 requested"
            ),
            (["receive", "--at", "MAG-A", "IG-SAP:5", "NOPE:1"], 1, "Error: unknown item 'NOPE'"),
            (
                ["receive", "--at", "MAG-X", "IG-SAP:5"], 1,
                "Error: location 'MAG-X' does not exist; did you mean MAG-A or MAG-B?"
            ),
            (
                ["receive", "--at", "MAG-A", "IG-SAP:5", "--date", "2026-02-30"], 64,
                "Error: --date: '2026-02-30' is not a valid YYYY-MM-DD date"
            ),
            // A malformed value exits 64 wherever it is: an option or a line argument.
            (
                ["receive", "--at", "MAG-A", "IG-SAP:cinque"], 64,
                "Error: line 'IG-SAP:cinque': quantity 'cinque' must be a whole number greater than 0"
            ),
            (
                ["adjust", "--at", "MAG-A", "--reason", "stolen", "IG-SAP:-1"], 64,
                "Error: --reason: 'stolen' must be one of: damaged, expired, lost, found, other"
            ),
            (
                ["kit", "assemble", "KIT-EME", "--qty", "1", "--at", "MAG-A"], 1,
                "Error: not enough stock of EM-SAC at MAG-A: 0 available, 1 requested"
            ),
            (["reverse", "RIC-2026-00042"], 1, "Error: document 'RIC-2026-00042' does not exist"),
            (
                ["count", "--at", "MAG-A", "IG-SAP=abc"], 64,
                "Error: count 'IG-SAP=abc' must look like SKU[:LOT]=QTY with QTY a whole number of 0 or more"
            ),
            (["transfer", "--from", "MAG-A", "IG-SAP:1"], 64, "Error: Missing value for '--to <location>'")
        ]
        for (arguments, status, message) in attempts {
            let result = s.run(arguments: arguments)
            #expect(result.status == status, "\(arguments)")
            #expect(result.stderr.split(separator: "\n").first.map(String.init) == message, "\(arguments)")
        }
        let bad = try s.write("bad.csv", "sku,quantity\nIG-SAP,3\nIG-DEN,tre\n")
        let csv = s.run("receive", "--at", "MAG-A", "--file", bad)
        #expect(csv.status == 1)
        #expect(csv.stderr.hasSuffix("bad.csv:3: quantity 'tre' must be a whole number greater than 0\n"))
        #expect(s.contents() == before)
    }

    @Test(arguments: Engine.tested) func closedPeriodRefusesBackdating(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(s.run("close", "--until", "2026-06-30").status == 0)
        let late = s.run("receive", "--at", "MAG-A", "IG-SAP:1", "--date", "2026-06-30")
        #expect(late.status == 1)
        #expect(
            late.stderr
                == "Error: the period up to 2026-06-30 is closed: a document dated 2026-06-30 cannot be posted\n")
        #expect(s.run("receive", "--at", "MAG-A", "IG-SAP:1", "--date", "2026-07-01").status == 0)
    }

    @Test(arguments: Engine.tested) func checkFindsABalanceRowTamperedWithByHand(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(s.run("receive", "--at", "MAG-B", "EM-COP:40", "--date", "2026-10-01").status == 0)
        _ = s.sql("UPDATE balance SET quantity = 41")
        let check = s.run("check")
        #expect(check.status == 1)
        #expect(
            check.stdout
                == "balance mismatch: EM-COP at MAG-B is 41 in the balance table but the ledger replays to 40\n")
    }

    @Test(arguments: Engine.tested) func initRefusesToOverwriteAndNamesBadSeeds(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let again = s.run("init")
        #expect(again.status == 1)
        #expect(
            again.stderr
                == (engine == .sqlite
                    ? "Error: a database already exists at \(s.db); init never overwrites one\n"
                    : "Error: the PostgreSQL database \(s.db) already has tables; init writes only into an empty database\n")
        )
        let fresh = try Sandbox(initialised: false, engine: engine)
        let folder = fresh.path("seeds")
        try FileManager.default.copyItem(atPath: Sandbox.seeds, toPath: folder)
        try "code,name,kind\nMAG-A,Centrale,deposito\n".write(
            toFile: folder + "/locations.csv", atomically: true, encoding: .utf8)
        let bad = fresh.run("init", "--seeds", folder)
        #expect(bad.status == 1)
        #expect(
            bad.stderr
                == "Error: \(folder)/locations.csv line 2: location kind 'deposito' must be warehouse, market or outreach\n"
        )
        #expect(try !Store.exists(fresh.db), "a failed init leaves no database (no table) behind")
    }

    /// SQLite only: operators are switched by name, and on a server the operator is the login (ServerIdentityStoryTests).
    @Test func helpVersionAndUsageErrors() throws {
        let s = try Sandbox()
        #expect(s.run("help", "receive").stdout == s.run("receive", "--help").stdout)
        #expect(s.run("receive", "-h").stdout.contains("USAGE: scorta receive --at <location>"))
        #expect(s.run("--version").stdout.hasPrefix("scorta "))
        let typo = s.run("stock", "--att", "MAG-A")
        #expect(typo.status == 64)
        #expect(typo.stderr.hasPrefix("Error: Unknown option '--att'. Did you mean '--at'?\nUsage: scorta stock"))
        let noOperator = s.run("receive", "--at", "MAG-A", "IG-SAP:1", environment: ["SCORTA_OPERATOR": ""])
        #expect(noOperator.status == 64)
        #expect(noOperator.stderr.hasPrefix("Error: an operator is required"))
    }

    @Test(arguments: Engine.tested) func catalogueCommands(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(
            s.run(
                "item", "add", "IG-BAL", "--name", "Balsamo 250 ml", "--unit", "pz", "--category", "hygiene", "--value",
                "1,80",
                "--from", "2026-01-01"
            ).status == 0)
        #expect(s.run("item", "value", "IG-BAL", "2.10", "--from", "2026-07-01").status == 0)
        let shown = s.run("item", "show", "IG-BAL", "--json")
        #expect(shown.stdout.contains("\"cents\": 180") && shown.stdout.contains("\"cents\": 210"))
        #expect(s.run("barcode", "add", "8009876543210", "IG-BAL", "--qty", "6").status == 0)
        #expect(
            s.run("barcode", "list", "--item", "IG-BAL", "--csv").stdout
                == "code,sku,quantity\r\n8009876543210,IG-BAL,6\r\n")
        #expect(
            s.run("kit", "recipe", "KIT-BIA", "AB-SLI:2", "AB-CAL:2").stdout
                == "KIT-BIA recipe version 2 recorded (2 components)\n")
        #expect(s.run("kit", "show", "KIT-BIA", "--all", "--json").stdout.contains("\"version\": 2"))
        #expect(s.run("location", "add", "UMN-VAN", "--name", "Furgone unità mobile", "--kind", "outreach").status == 0)
        #expect(s.run("location", "list", "--csv").stdout.contains("UMN-VAN,Furgone unità mobile,outreach,yes"))
        let italian = s.run("item", "list", "--category", "sleeping", "--csv", "--italian")
        #expect(italian.stdout.contains("EM-SAC;Sacco a pelo invernale;pz;sleeping;28,00;;yes"))
    }
}
