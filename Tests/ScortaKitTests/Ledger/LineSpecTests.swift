import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct LineSpecTests {
    @Test func parsesTheTypedForms() throws {
        #expect(try LineSpec(parsing: "IG-SAP:24") == LineSpec(sku: "IG-SAP", quantity: 24))
        #expect(
            try LineSpec(parsing: "IG-SAP:24:L1:2027-06-30")
                == LineSpec(sku: "IG-SAP", quantity: 24, lot: "L1", expiry: try CivilDate(parsing: "2027-06-30")))
        #expect(try LineSpec(parsing: "IG-SAP:-3", allowNegative: true).quantity == -3)
    }

    @Test func refusesMalformedLines() {
        for bad in [
            "IG-SAP", "IG-SAP:0", "IG-SAP:-3", "IG-SAP:1.5", "IG-SAP:x", ":3", "IG-SAP:1:L:2027-02-30",
            "IG-SAP:1::2027-01-01", "A:1:B:C:D"
        ] {
            #expect(throws: ScortaError.self, "\(bad)") { try LineSpec(parsing: bad) }
        }
        #expect(throws: ScortaError.invalid("line 'IG-SAP:0': quantity '0' must be a whole number greater than 0")) {
            try LineSpec(parsing: "IG-SAP:0")
        }
    }

    @Test(arguments: Engine.tested) func readsDeliveryCSVAndNamesBadRows(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let catalogue = Catalogue(t.db)
        let specs = try LineSpec.read(
            csv: "sku,quantity,lot,expiry\nIG-SAP,10,L1,2027-01-01\nIG-DEN,5,,\n", source: "d.csv", catalogue: catalogue
        )
        #expect(specs.count == 2)
        #expect(specs[1].lot == nil)
        #expect(
            throws: ScortaError.badRows(
                summary: "d.csv: 1 row cannot be imported; nothing was written",
                rows: ["d.csv:3: quantity 'cinque' must be a whole number greater than 0"])
        ) {
            try LineSpec.read(csv: "sku,quantity\nIG-SAP,10\nIG-DEN,cinque\n", source: "d.csv", catalogue: catalogue)
        }
        #expect(
            throws: ScortaError.badRows(
                summary: "d.csv: 1 row cannot be imported; nothing was written",
                rows: ["d.csv:2: date '2027-13-01' is not a valid date"])
        ) {
            try LineSpec.read(
                csv: "sku,quantity,lot,expiry\nIG-SAP,10,L1,2027-13-01\n", source: "d.csv", catalogue: catalogue)
        }
    }

    /// Italian Excel: BOM, ';', CRLF, Italian headers, dd/mm/yyyy, an EAN of a box of 12, empty trailing columns.
    @Test(arguments: Engine.tested) func readsAnItalianExcelDelivery(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let text =
            "\u{FEFF}Codice;Quantità;Lotto;Scadenza;;\r\nig-sap;10;L1;30/06/2028;;\r\n18001234567894;2;L2;01/02/28;;\r\n;;;;;\r\n"
        let specs = try LineSpec.read(csv: text, source: "ddt.csv", catalogue: Catalogue(t.db))
        #expect(
            specs == [
                LineSpec(sku: "IG-SAP", quantity: 10, lot: "L1", expiry: CivilDate(year: 2028, month: 6, day: 30)),
                LineSpec(sku: "IG-SAP", quantity: 24, lot: "L2", expiry: CivilDate(year: 2028, month: 2, day: 1))
            ])
    }

    @Test(arguments: Engine.tested) func listsEveryBadRowWithSuggestions(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let rows = (1...25).map { "IG-SAPP;\($0)" }.joined(separator: "\n")
        do {
            _ = try LineSpec.read(
                csv: "articolo;qta\nIG-SAP;1\nIG-DEN;0\n" + rows, source: "x.csv", catalogue: Catalogue(t.db))
            Issue.record("accepted a file with bad rows")
        } catch ScortaError.badRows(let summary, let problems) {
            #expect(summary == "x.csv: 26 rows cannot be imported; nothing was written")
            #expect(problems.count == 21)
            #expect(problems[0] == "x.csv:3: quantity '0' must be a whole number greater than 0")
            #expect(problems[1] == "x.csv:4: unknown item 'IG-SAPP'; did you mean IG-SAP?")
            #expect(problems[20] == "x.csv: … and 6 more")
        }
    }

    @Test func sheetDates() throws {
        #expect(try SheetDate.parse("01/02/2028") == CivilDate(year: 2028, month: 2, day: 1))
        #expect(try SheetDate.parse("1.2.28") == CivilDate(year: 2028, month: 2, day: 1))
        #expect(try SheetDate.parse("2028-02-01") == CivilDate(year: 2028, month: 2, day: 1))
        #expect(try SheetDate.parse("03/04/79", past: true) == CivilDate(year: 1979, month: 4, day: 3))
        for bad in ["31/02/2028", "2028/02/01", "1/2", "x"] {
            #expect(throws: ScortaError.self, "\(bad)") { try SheetDate.parse(bad) }
        }
    }

    @Test func headerNamesAreNormalised() {
        #expect(SheetColumn.normalize("Quantità") == "quantita")
        #expect(SheetColumn.normalize("Q.tà") == "qta")
        #expect(SheetColumn.normalize(" Data  scadenza ") == "data_scadenza")
        #expect(SheetColumn.normalize("Valore (€)") == "valore_euro")
    }

    @Test func countEntries() throws {
        #expect(try CountEntry(parsing: "IG-SAP:L1=0") == CountEntry(sku: "IG-SAP", lot: "L1", counted: 0))
        #expect(throws: ScortaError.self) { try CountEntry(parsing: "IG-SAP=-1") }
        #expect(throws: ScortaError.self) { try CountEntry(parsing: "IG-SAP:3") }
    }
}
