import Foundation
import ScortaHarness
import Testing

/// The office's questions without an item or a place: documents by period,
/// type, supplier and delivery note; the stock's value on a date; what is
/// under its reorder level.
@Suite struct PapersStoryTests {
    func story(_ engine: Engine) throws -> Sandbox {
        let s = try Sandbox(engine: engine)
        for (arguments, what) in [
            (
                [
                    "receive", "--at", "MAG-A", "--from", "Banco Alimentare", "--ref", "DDT-1187", "IG-SAP:100",
                    "--date", "2026-01-10"
                ], "receipt 1"
            ),
            (
                [
                    "receive", "--at", "MAG-B", "--from", "Caritas diocesana", "--ref", "DDT-55", "IG-DEN:40", "--date",
                    "2026-02-10"
                ], "receipt 2"
            ),
            (["transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:30", "--date", "2026-02-15"], "transfer"),
            (
                [
                    "receive", "--at", "MAG-A", "--from", "Banco Alimentare", "--ref", "DDT-1290", "IG-SAP:10",
                    "--date", "2026-03-01"
                ], "receipt 3"
            )
        ] {
            let run = s.run(arguments: arguments)
            #expect(run.status == 0, "\(what): \(run.stderr)")
        }
        return s
    }

    func numbers(_ run: ScortaRun) throws -> [String] {
        let rows = try #require(
            try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [[String: Any]], "\(run.stderr)")
        return rows.compactMap { $0["number"] as? String }
    }

    @Test(arguments: Engine.tested) func documentsByPeriodTypeLocationSupplierAndReference(engine: Engine) throws {
        let s = try story(engine)
        #expect(
            try numbers(s.run("documents", "--json")) == [
                "RIC-2026-00001", "RIC-2026-00002", "TRA-2026-00001", "RIC-2026-00003"
            ])
        #expect(
            try numbers(s.run("documents", "--type", "RIC", "--supplier", "banco", "--json")) == [
                "RIC-2026-00001", "RIC-2026-00003"
            ])
        #expect(try numbers(s.run("documents", "--ref", "1187", "--json")) == ["RIC-2026-00001"])
        #expect(try numbers(s.run("documents", "--at", "emp", "--json")) == ["TRA-2026-00001"])
        #expect(
            try numbers(s.run("documents", "--from", "2026-02-01", "--to", "2026-02-28", "--json")) == [
                "RIC-2026-00002", "TRA-2026-00001"
            ])
        let csv = s.run("documents", "--type", "transfer", "--csv")
        #expect(
            csv.stdout == "date,number,type,location,supplier,reference,lines,units,operator,reverses,reversed_by\r\n"
                + "2026-02-15,TRA-2026-00001,transfer,MAG-A,,,1,30,tester,,\r\n")
        // A type that is none of them is a malformed value, as every declared kind's is (exit 64).
        let bolla = s.run("documents", "--type", "bolla")
        #expect(bolla.status == 64)
        #expect(bolla.stderr.hasPrefix("Error: document type 'bolla' must be one of receipt (RIC)"))
        #expect(s.run("documents", "--supplier", "nessuno").stdout == "(no documents)\n")
    }

    @Test(arguments: Engine.tested) func stockValueOnADateByCategory(engine: Engine) throws {
        let s = try story(engine)
        // Soap 0.90, toothpaste 1.20 (Seeds/items.csv), both hygiene.
        let now = s.run("stock", "--value", "--csv")
        #expect(now.status == 0, "\(now.stderr)")
        #expect(now.stdout.contains("MAG-A,hygiene,Prodotti per l'igiene,80,72.00,0\r\n"))
        #expect(now.stdout.contains("EMP,hygiene,Prodotti per l'igiene,30,27.00,0\r\n"))
        #expect(now.stdout.contains(",,Totale,150,147.00,0\r\n"))  // 110 soaps 99.00 + 40 toothpastes 48.00
        // At the end of 31 January only the first delivery was in.
        let january = s.run("stock", "--value", "--date", "2026-01-31", "--csv")
        #expect(
            january.stdout.hasSuffix(
                "MAG-A,hygiene,Prodotti per l'igiene,100,90.00,0\r\nMAG-A,,Totale MAG-A,100,90.00,0\r\n,,Totale,100,90.00,0\r\n"
            ))
        #expect(s.run("stock", "--date", "2026-01-31").status == 64)
    }

    @Test(arguments: Engine.tested) func reorderLevels(engine: Engine) throws {
        let s = try story(engine)
        #expect(s.run("reorder", "set", "ig-sap", "--at", "emp", "40").stdout == "Reorder IG-SAP at EMP under 40\n")
        #expect(s.run("reorder", "set", "IG-DEN", "--at", "MAG-B", "10").status == 0)
        let under = s.run("reorder", "list", "--csv")
        #expect(under.stdout == "location,sku,name,level,on_hand,short\r\nEMP,IG-SAP,Sapone solido 100 g,40,30,10\r\n")
        #expect(
            s.run("reorder", "list", "--all", "--csv").stdout.contains("MAG-B,IG-DEN,Dentifricio 75 ml,10,40,0\r\n"))
        #expect(s.run("reorder", "set", "IG-SAP", "--at", "EMP", "0").status == 0)
        #expect(s.run("reorder", "list").stdout == "(nothing under its level)\n")
        #expect(
            s.run("reorder", "set", "IG-SAPP", "--at", "EMP", "5").stderr
                == "Error: unknown item 'IG-SAPP'; did you mean IG-SAP?\n")
    }
}
