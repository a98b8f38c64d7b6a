import Testing

@testable import ScortaKit

/// The one output dispatcher: lists and reports take the same formats, and a
/// typed row's table reads as the display table it replaced.
@Suite struct PresentationTests {
    struct Parcel: TablePresentable {
        let sku: String
        let lot: String?
        let cents: Int

        static func columns(_ language: ReportLanguage) -> [Listing.Column] {
            [
                .init("sku", "SKU"), .init("lot", language.pick("LOTTO", "LOT")),
                .init("cents", language.pick("VALORE €", "VALUE €"), format: .cents)
            ]
        }

        func cells(_ language: ReportLanguage) -> [JSONValue] { [.string(sku), .optional(lot), .int(cents)] }
    }

    static let parcels = [Parcel(sku: "IG-SAP", lot: nil, cents: 123_456), Parcel(sku: "=cmd", lot: "L1", cents: 250)]

    func write(_ value: some Presentable, as format: OutputFormat) throws -> String {
        let (out, collected) = TextOutput.collecting()
        try Presentation.write(value, as: format, to: out)
        return collected()
    }

    @Test func aListIsWrittenInEachFormat() throws {
        let list = ListOutput(TableSource(Self.parcels), empty: "(none)")
        #expect(
            try write(list, as: .text)
                == "SKU     LOT  VALUE €\n------  ---  -------\nIG-SAP       1234.56\n=cmd    L1      2.50\n")
        // Italian CSV: byte-order mark, ';', decimal comma, the formula neutralised.
        #expect(
            try write(list, as: .csv(italian: true)) == "\u{FEFF}sku;lot;euro\r\nIG-SAP;;1234,56\r\n'=cmd;L1;2,50\r\n")
        #expect(try write(list, as: .csv(italian: false)) == "sku,lot,euro\r\nIG-SAP,,1234.56\r\n'=cmd,L1,2.50\r\n")
        #expect(try write(list, as: .json) == Listing(Self.parcels).json().serialized() + "\n")
        #expect(throws: ScortaError.self) {
            try write(list, as: .pdf(OutputFile("/tmp/never-written.pdf", force: false)))
        }
    }

    @Test func anEmptyListSaysSoAsTextOnly() throws {
        let empty = ListOutput(TableSource([Parcel]()), empty: "(none)")
        #expect(try write(empty, as: .text) == "(none)\n")
        #expect(try write(empty, as: .json) == "[]\n")
        #expect(try write(empty, as: .csv(italian: false)) == "sku,lot,euro\r\n")
    }

    /// A report goes through the same dispatcher: titles in its language, 13,50 in Italian text, zero rows said.
    @Test func aReportIsWrittenByTheSameDispatcher() throws {
        var report = ReportDocument(title: "Prova", header: ["Periodo"], language: .italian)
        report.add("parcels", "Pacchi", TableSource(Self.parcels, language: .italian))
        report.add("none", "Vuoto", TableSource([Parcel](), language: .italian))
        let text = try write(report, as: .text)
        #expect(text.contains("SKU     LOTTO  VALORE €\n"))
        #expect(text.contains("IG-SAP          1234,56\n"))
        #expect(text.contains("Vuoto\n\n(nessun dato)\n"))
        #expect(try write(report, as: .csv(italian: true)).hasPrefix("\u{FEFF}Pacchi\r\nSKU;LOTTO;VALORE €\r\n"))
        #expect(
            try write(report, as: .json).contains(
                "{\"key\": \"parcels\", \"title\": \"Pacchi\", \"rows\": [\n      {\"sku\":\"IG-SAP\",\"lot\":null,\"cents\":123456}"
            ))
    }

    @Test func theAuditNamesTheFormat() {
        #expect(OutputFormat.text.auditName == nil)
        #expect(OutputFormat.csv(italian: true).auditName == "csv")
        #expect(OutputFormat.json.auditName == "json")
        #expect(OutputFormat.pdf(OutputFile("x.pdf", force: false)).auditName == "pdf")
    }

    /// A record (`show`): a line per field with a value, nested rows as a table.
    @Test func aRecordIsKeyValueLinesAndItsTables() throws {
        let record = RecordOutput(
            .object([
                ("number", .string("RIC-2026-00001")), ("note", .null),
                (
                    "lines",
                    .array([
                        .object([("sku", .string("IG-SAP")), ("quantity", .int(12))])
                    ])
                )
            ]), keyWidth: 8)
        #expect(
            try write(record, as: .text)
                == "number  RIC-2026-00001\n\nlines:\nSKU     QUANTITY\n------  --------\nIG-SAP        12\n")
        #expect(try write(record, as: .json).hasPrefix("{\n  \"number\": \"RIC-2026-00001\",\n  \"note\": null,"))
        #expect(throws: ScortaError.self) { try write(record, as: .csv(italian: false)) }
    }
}
