import Testing

@testable import ScortaKit

@Suite struct CSVTests {
    @Test func readsQuotedFieldsAndLineNumbers() throws {
        let table = try CSV.parse(
            "sku,name\r\nA,\"Sapone, 100 g\"\n\nB,\"Detto \"\"forte\"\"\nsu due righe\"\nC,x\n", source: "f.csv")
        #expect(table.header == ["sku", "name"])
        #expect(table.records.map { $0["sku"] } == ["A", "B", "C"])
        #expect(table.records[0]["name"] == "Sapone, 100 g")
        #expect(table.records[1]["name"] == "Detto \"forte\"\nsu due righe")
        #expect(table.records.map(\.line) == [2, 4, 6])
    }

    @Test func detectsItalianSemicolonsAndDropsBOM() throws {
        let table = try CSV.parse("\u{FEFF}sku;quantity\nIG-SAP;3\n", source: "x.csv")
        #expect(table.records[0]["quantity"] == "3")
    }

    @Test func malformedFilesNameTheLine() {
        #expect(throws: ScortaError.invalid("f.csv line 2: unterminated quoted field")) {
            try CSV.parse("a\n\"x\n", source: "f.csv")
        }
        #expect(throws: ScortaError.invalid("f.csv line 3: 3 fields but the header has 2")) {
            try CSV.parse("a,b\n1,2\n1,2,3\n", source: "f.csv")
        }
        #expect(throws: ScortaError.invalid("f.csv line 2: stray quote inside an unquoted field")) {
            try CSV.parse("a\nx\"y\n", source: "f.csv")
        }
        #expect(throws: ScortaError.invalid("f.csv: the file is empty (a header line is needed)")) {
            try CSV.parse("", source: "f.csv")
        }
    }

    @Test func writesAndQuotesFields() {
        #expect(CSV.line(["a", "b,c", "d\"e"]) == "a,\"b,c\",\"d\"\"e\"\r\n")
        #expect(CSV.line(["1,5", "x"], separator: ";") == "1,5;x\r\n")
    }

    @Test func roundTrips() throws {
        let values = ["plain", "with, comma", "quote \" inside", "line\nbreak", "àèéìòù €"]
        let table = try CSV.parse(CSV.line(["v1", "v2", "v3", "v4", "v5"]) + CSV.line(values), source: "r.csv")
        #expect(table.records[0].fields == values)
    }

    /// Issue 12, reproduction 9: the OWASP rule for every text cell; numbers stay numbers.
    @Test func formulaCellsAreNeutralisedAndNumbersAreNot() throws {
        for text in ["=HYPERLINK(\"http://x\",\"y\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            #expect(CSV.neutralised(text) == "'" + text)
        }
        for text in ["Banco Alimentare", "", "'quoted", " =x", "3"] { #expect(CSV.neutralised(text) == text) }
        #expect(CSV.line(["=1+1", "a,b"]) == "'=1+1,\"a,b\"\r\n")
        var listing = Listing(columns: [
            .init("name", "NAME"), .init("quantity", "QTY"), .init("cents", "EUR", format: .cents)
        ])
        listing.append([.string("-3"), .int(-3), .int(-150)])
        #expect(listing.csv() == "name,quantity,euro\r\n'-3,-3,-1.50\r\n")
        #expect(listing.csv(italian: true) == "\u{FEFF}name;quantity;euro\r\n'-3;-3;-1,50\r\n")
    }

    /// Issue 12, reproduction 10: SQLite and C strings end at a NUL, so a field holding one is refused.
    @Test func aNULByteIsRefusedNamingTheLine() {
        #expect(throws: ScortaError.invalid("f.csv line 3: a field holds a NUL byte")) {
            try CSV.parse("a,b\n1,2\n3,x\0y\n", source: "f.csv")
        }
    }
}
