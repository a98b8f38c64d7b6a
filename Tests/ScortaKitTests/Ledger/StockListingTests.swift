import ScortaHarness
import Testing

@testable import ScortaKit

/// A stock list with hundreds of lots of one item at one place (a region's
/// market holds about 500 of soap) is written row by row in place: the same
/// bytes as the writers it replaced (`TableReference`), on both engines.
@Suite struct StockListingTests {
    static let lots = 300

    /// `lots` lots of one soap at EMP, each with its own code and expiry, and
    /// a soap whose name needs escaping in JSON and quoting in CSV.
    static func manyLots(_ engine: Engine) throws -> TestDatabase {
        let t = try TestDatabase(engine)
        _ = try t.catalogue.addItem(
            NewItem(
                sku: "IG-SAF", name: "Sapone \"fine\", 100 g; profumo è", unit: "pz", category: "hygiene",
                valueCents: 90),
            valueFrom: CivilDate(year: 2026, month: 1, day: 1)!, operatorName: "tester")
        let first = CivilDate(year: 2016, month: 1, day: 1)!
        var lines = (0..<lots).map { index in
            LineSpec(
                sku: "IG-SAP", quantity: 3 + index % 7, lot: "L\(index.zeroPadded(5))",
                expiry: first.adding(days: 7 * (index % 150)))
        }
        lines.append(LineSpec(sku: "IG-SAF", quantity: 2, lot: "=1+1", expiry: first))
        lines.append(LineSpec(sku: "IG-DEN", quantity: 5))
        try t.ledger.receive(at: "EMP", from: "Banco", lines: lines, context: TestDatabase.on("2026-01-02"))
        return t
    }

    func written(_ rows: QueryRows<StockRow>, as format: OutputFormat, in db: Database) throws -> String {
        let (out, collected) = TextOutput.collecting()
        try Presentation.write(rows, empty: "(no stock)", as: format, to: out, in: db)
        return collected()
    }

    @Test func aManyLotItemIsListedAsBeforeAndTheSameOnBothEngines() throws {
        var outputs: [[String]] = []
        for engine in Engine.tested {
            let t = try Self.manyLots(engine)
            let lists = [
                try t.ledger.stock(location: "EMP", sku: "IG-SAP"), try t.ledger.stock(location: "EMP"),
                try t.ledger.stock()
            ]
            for rows in lists {
                let listing = Listing(try rows.array())
                let text = try written(rows, as: .text, in: t.db)
                let json = try written(rows, as: .json, in: t.db)
                let csv = try written(rows, as: .csv(italian: false), in: t.db)
                let italian = try written(rows, as: .csv(italian: true), in: t.db)
                #expect(text == TableReference.text(listing), "\(engine)")
                #expect(json == TableReference.json(listing), "\(engine)")
                #expect(csv == TableReference.csv(listing, italian: false), "\(engine)")
                #expect(italian == TableReference.csv(listing, italian: true), "\(engine)")
                outputs.append([text, json, csv, italian])
            }
        }
        if outputs.count == 6 { #expect(Array(outputs[0..<3]) == Array(outputs[3..<6])) }
        let soap = outputs[0]
        // Ordered by expiry, then lot code; every lot of the soap, nothing else.
        #expect(soap[0].split(separator: "\n").count == Self.lots + 2)
        #expect(
            soap[0].hasPrefix(
                """
                LOCATION  SKU     NAME                 LOT     EXPIRY      QTY  UNIT
                --------  ------  -------------------  ------  ----------  ---  ----
                EMP       IG-SAP  Sapone solido 100 g  L00000  2016-01-01    3  pz
                EMP       IG-SAP  Sapone solido 100 g  L00150  2016-01-01    6  pz

                """))
        #expect(
            soap[1].hasPrefix(
                """
                [
                  {
                    "location": "EMP",
                    "sku": "IG-SAP",
                    "name": "Sapone solido 100 g",
                    "lot": "L00000",
                    "expiry": "2016-01-01",
                    "quantity": 3,
                    "unit": "pz"
                  },
                """))
        let everything = outputs[2]
        #expect(everything[1].contains(#""name": "Sapone \"fine\", 100 g; profumo è","#))
        #expect(everything[1].contains(#""lot": null,"#))
        #expect(
            everything[2].contains("EMP,IG-SAF,\"Sapone \"\"fine\"\", 100 g; profumo è\",'=1+1,2016-01-01,2,pz\r\n"))
        #expect(
            everything[3].contains("EMP;IG-SAF;\"Sapone \"\"fine\"\", 100 g; profumo è\";'=1+1;2016-01-01;2;pz\r\n"))
    }

    /// Cells of random text (quotes, backslashes, control characters, CR LF,
    /// accents, combining marks, emoji): escaped, quoted and measured as the
    /// scalar-by-scalar writers did.
    @Test func randomTextIsWrittenAsTheReferenceWritesIt() throws {
        let pieces = [
            "a", "Z", "7", " ", ",", ";", "\"", "\\", "\n", "\r", "\r\n", "\t", "\u{01}", "\u{1F}", "\u{7F}", "=", "+",
            "-", "@", "è", "e\u{301}", "€", "😀", "🇮🇹", "\u{301}"
        ]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let text = (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            #expect(JSONValue.string(text).serialized() == TableReference.jsonString(text), "\(text.debugDescription)")
            #expect(
                JSONValue.object([(text, .string(text))]).serialized()
                    == TableReference.json(.object([(text, .string(text))])), "\(text.debugDescription)")
            for separator: Character in [",", ";"] {
                #expect(
                    CSV.field(text, separator: separator) == TableReference.csvField(text, separator: separator),
                    "\(text.debugDescription)")
            }
            #expect(TableSource.width(text) == text.count, "\(text.debugDescription)")
        }
    }

    /// A CR LF line break is one character to Swift, neither "\r" nor "\n":
    /// judged by characters, such a cell went out unquoted and the spreadsheet
    /// row broke in two. A quote with a combining mark after it is one
    /// character too, and was not doubled.
    @Test func aCellWithALineBreakOrAQuoteOfSeveralScalarsIsQuotedInCSV() {
        #expect(CSV.field("riga uno\r\nriga due") == "\"riga uno\r\nriga due\"")
        #expect(CSV.field("a,\"\u{301}b") == "\"a,\"\"\u{301}b\"")
        #expect(CSV.numberField("1\r\n2", separator: ";") == "\"1\r\n2\"")
        let listing = Listing(columns: [.init("note", "NOTE"), .init("n", "N")], rows: [[.string("a\r\nb"), .int(1)]])
        #expect(listing.csv() == "note,n\r\n\"a\r\nb\",1\r\n")
    }

    /// Typed rows read their columns by name; the column after the last one
    /// read is tried first, and a name two columns share is the leftmost.
    @Test(arguments: Engine.tested) func columnsAreFoundByNameInAnyOrder(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let read = try t.db.makeStatement("SELECT 1 AS a, 2 AS b, 3 AS a, 4 AS c UNION ALL SELECT 5, 6, 7, 8").map {
            row in
            [try row["a"], try row["b"], try row["c"], try row["a"], try row["c"], try row["b"]] as [Int]
        }
        #expect(read == [[1, 2, 4, 1, 4, 2], [5, 6, 8, 5, 8, 6]])
        #expect(throws: DatabaseError.self) {
            _ = try t.db.makeStatement("SELECT 1 AS a").map { row in try row["b"] as Int }
        }
    }

    /// A server's integers are read from their text in place: whatever that
    /// reader takes, it reads as `Int64(text)` did; the rest go on as text.
    @Test func aServersIntegerTextIsReadAsBefore() {
        for text in [
            "0", "7", "-12", "+5", "-0", "007", "123456789012345678", "1234567890123456789", "-", "+", "", "t", "f",
            "1.5", "1e3", " 1", "1 ", "9223372036854775807", "--1", "١"
        ] {
            if let read = Array(text.utf8).withUnsafeBufferPointer(PostgreSQLCursor.integer) {
                #expect(read == Int64(text), "\(text)")
            }
        }
        #expect(Array("-12".utf8).withUnsafeBufferPointer(PostgreSQLCursor.integer) == -12)
        #expect(Array("t".utf8).withUnsafeBufferPointer(PostgreSQLCursor.integer) == nil)
    }
}
