import Foundation
import ScortaHarness
import Testing

/// The Italian office's spreadsheets, as Italian Excel saves them (BOM, ';',
/// CRLF, Italian headers, dd/mm/yyyy, empty trailing columns), through the real binary.
@Suite struct ImportStoryTests {
    /// Italian Excel's "CSV UTF-8 (delimitato da ;)".
    func excel(_ rows: [String]) -> String { "\u{FEFF}" + rows.map { $0 + ";;" }.joined(separator: "\r\n") + "\r\n" }

    @Test(arguments: Engine.tested) func italianDeliveryWithEANsAndDates(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let file = try s.write(
            "consegna.csv",
            excel([
                "Codice;Quantità;Lotto;Scadenza",
                "ig-sap;10;L1;30/06/2028",
                "18001234567894;2;L2;01/02/28",  // a box of 12 soaps per scan
                "8001234567828;5;;"  // toothpaste by its EAN-13
            ]))
        let result = s.run("receive", "--at", "mag-a", "--ref", "DDT-9", "--file", file, "--date", "2026-10-01")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            s.rows(
                "SELECT i.sku || ':' || l.quantity || ':' || coalesce(t.code, '') || ':' || coalesce(t.expiry, '') FROM document_line l JOIN item i ON i.id = l.item_id LEFT JOIN lot t ON t.id = l.lot_id ORDER BY l.id"
            ).joined(separator: " ")
                == "IG-SAP:10:L1:2028-06-30 IG-SAP:24:L2:2028-02-01 IG-DEN:5::")

        let count = try s.write("conta.csv", excel(["Articolo;Contato;Lotto", "IG-DEN;4;"]))
        let counted = s.run("count", "--at", "MAG-A", "--file", count, "--date", "2026-10-02")
        #expect(counted.status == 0, "\(counted.stderr)")
        #expect(s.sql("SELECT quantity FROM balance b JOIN item i ON i.id = b.item_id WHERE i.sku = 'IG-DEN'") == "4")
    }

    @Test(arguments: Engine.tested) func everyBadRowIsListedAndNothingIsWritten(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let before = s.contents()
        let file = try s.write(
            "errori.csv",
            excel([
                "codice;qta;lotto;scadenza",
                "IG-SAPP;3;;",
                "IG-DEN;tre;;",
                "IG-SAP;2;;31/02/2028",
                "IG-SAP;1;L9;"
            ]))
        let result = s.run("receive", "--at", "MAG-A", "--file", file)
        #expect(result.status == 1)
        #expect(
            result.stderr == """
                Error: \(file): 3 rows cannot be imported; nothing was written
                \(file):2: unknown item 'IG-SAPP'; did you mean IG-SAP?
                \(file):3: quantity 'tre' must be a whole number greater than 0
                \(file):4: an expiry needs a lot

                """)
        #expect(s.contents() == before)
        let missing = try s.write("senza.csv", "codice;lotto\nIG-SAP;L1\n")
        #expect(
            s.run("receive", "--at", "MAG-A", "--file", missing).stderr
                == "Error: \(missing):1: missing column 'quantity' (or quantita, qta, qty, q) (header is: codice,lotto)\n"
        )
    }

    @Test(arguments: Engine.tested) func catalogueImportAllOrNothing(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let bad = try s.write(
            "articoli.csv",
            excel([
                "Codice;Descrizione;Unità;Categoria;Valore (€)",
                "ig-bal;Balsamo 250 ml;pz;Prodotti per l'igiene;1,80",
                "AB-GIA;Giacca;pz;clothng;25",
                "IG-SAP;Sapone;pz;hygiene;0,90",
                "AB-GUA;Guanti;paio;clothing;tre euro"
            ]))
        let refused = s.run("item", "import", bad)
        #expect(refused.status == 1)
        #expect(
            refused.stderr == """
                Error: \(bad): 3 rows cannot be imported; nothing was written
                \(bad):3: unknown report category 'clothng'; did you mean clothing?
                \(bad):4: item 'IG-SAP' already exists
                \(bad):5: value 'tre euro' must be euro with up to two decimals, e.g. 2,50

                """)
        #expect(s.sql("SELECT count(*) FROM item WHERE sku = 'IG-BAL'") == "0")

        let good = try s.write(
            "buoni.csv",
            excel([
                "Codice;Descrizione;Unità;Categoria;Valore (€);EAN;Grammi",
                "ig-bal;Balsamo 250 ml;pz;Prodotti per l'igiene;1,80;;",
                "AL-FAR;Farina 1 kg;conf;food-starch;2.10;;1000"
            ]))
        let imported = s.run("item", "import", good, "--from", "2026-01-01")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout == "Added 2 items: IG-BAL, AL-FAR\n")
        #expect(
            s.sql(
                "SELECT i.sku || ' ' || c.code || ' ' || v.cents || ' ' || coalesce(CAST(i.net_grams AS TEXT), '-') FROM item i JOIN category c ON c.id = i.category_id JOIN item_value v ON v.item_id = i.id WHERE i.sku IN ('IG-BAL', 'AL-FAR') ORDER BY i.sku"
            )
                == "AL-FAR food-starch 210 1000\nIG-BAL hygiene 180 -")
    }

    @Test(arguments: Engine.tested) func italianHouseholdSheet(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let file = try s.write(
            "nuclei.csv",
            excel([
                "Nucleo;Sesso;Data di nascita;Fascia;Senza dimora;Inviato da",
                "A;f;03/04/1985;;sì;CASC",
                "A;m;;0-15;;CASC",
                "B;u;;30-64;no;Caritas"
            ]))
        let result = s.run("household", "import", file)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(s.sql("SELECT count(*) FROM household") == "2")
        #expect(s.sql("SELECT count(*) FROM member") == "3")
    }

    @Test(arguments: Engine.tested) func codesInAnyCaseAndSuggestions(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(s.run("receive", "--at", "mag-a", "ig-sap:5").status == 0)
        let moved = s.run("transfer", "--from", "Mag-A", "--to", "emp", "Ig-Sap:2")
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(
            s.sql("SELECT b.quantity FROM balance b JOIN location o ON o.id = b.location_id WHERE o.code = 'EMP'")
                == "2")
        #expect(s.run("stock", "--item", "ig-sap", "--at", "emp", "--csv").stdout.contains("EMP,IG-SAP"))
        #expect(
            s.run("receive", "--at", "MAG-A", "IG-SAPP:1").stderr
                == "Error: unknown item 'IG-SAPP'; did you mean IG-SAP?\n")
        #expect(
            s.run("receive", "--at", "MAG-X", "IG-SAP:1").stderr.hasPrefix(
                "Error: location 'MAG-X' does not exist; did you mean MAG-A or MAG-B?"))
        #expect(
            s.run("distribute", "--from", "MAG-A", "--channel", "UMM", "--anonymous", "30-64", "IG-SAP:1").stderr
                .hasPrefix("Error: channel 'UMM' does not exist; did you mean UMN?"))
        #expect(
            s.run(
                "item", "add", "ig-bal", "--name", "Balsamo", "--unit", "pz", "--category", "hygiene", "--value", "1.80"
            ).stdout
                == "Added IG-BAL (Balsamo) at 1.80 €\n")
        #expect(
            s.run(
                "item", "add", "IG-bal", "--name", "Balsamo", "--unit", "pz", "--category", "hygiene", "--value", "1.80"
            ).stderr
                == "Error: item 'IG-BAL' already exists\n")
    }
}
