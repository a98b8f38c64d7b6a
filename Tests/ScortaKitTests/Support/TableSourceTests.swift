import Testing

@testable import ScortaKit

/// The one table engine: streamed text, CSV and JSON read exactly as the
/// in-memory listing does, and a query source is walked afresh each time.
@Suite struct TableSourceTests {
    static let columns: [Listing.Column] = [
        .init("sku", "SKU"), .init("name", "NAME"), .init("quantity", "QTY", alignRight: true),
        .init("cents", "VALUE €", format: .cents), .init("lot", "LOT")
    ]
    static let listing = Listing(
        columns: columns,
        rows: [
            [.string("IG-SAP"), .string("Sapone \"solido\""), .int(12), .int(123_456), .null],
            [.string("AL-CAF"), .string("Caffè, macinato"), .int(3), .int(250), .string("L2611")]
        ])

    func collect(_ write: (TextOutput) throws -> Void) rethrows -> String {
        let (out, collected) = TextOutput.collecting()
        try write(out)
        return collected()
    }

    @Test func streamedOutputIsByteForByteTheListing() throws {
        let source = TableSource(Self.listing)
        #expect(try collect { try source.writeJSON(to: $0) } == Self.listing.json().serialized() + "\n")
        #expect(
            try collect { try source.writeCSV(to: $0, italian: true, byteOrderMark: true) }
                == Self.listing.csv(italian: true))
        let text = try collect { try source.writeText(to: $0) }
        #expect(text == Self.listing.text())
        #expect(text.split(separator: "\n")[0] == "SKU     NAME             QTY  VALUE €  LOT")
        #expect(text.split(separator: "\n")[2] == "IG-SAP  Sapone \"solido\"   12  1234.56  ")
    }

    /// A table that fits in the held bytes is written from the first walk; a
    /// larger one walks its query again. Both give the same text.
    @Test func aSmallTableIsWalkedOnceALargeOneTwice() throws {
        final class Counter: @unchecked Sendable { var walks = 0 }
        let counter = Counter()
        let rows = Self.listing.rows
        let source = TableSource(columns: Self.columns) { body in
            counter.walks += 1
            for row in rows { try body(row) }
        }
        let once = try collect { try source.writeText(to: $0) }
        #expect(counter.walks == 1)
        let twice = try collect { try source.writeText(to: $0, holdBytes: 40) }
        #expect(counter.walks == 3)
        #expect(once == twice && once == Self.listing.text())
    }

    @Test func anEmptySourceWritesNothingAsTextAndAnEmptyArrayAsJSON() throws {
        let empty = TableSource(Listing(columns: Self.columns))
        var rows = -1
        #expect(try collect { rows = try empty.writeText(to: $0) } == "")
        #expect(rows == 0)
        #expect(try collect { try empty.writeJSON(to: $0) } == "[]\n")
        #expect(try collect { try empty.writeCSV(to: $0, italian: false) } == "sku,name,quantity,euro,lot\r\n")
        #expect(Listing(columns: Self.columns).text().hasPrefix("SKU  NAME  QTY  VALUE €  LOT\n"))
    }

    @Test func aQuerySourceRunsItsQueryOnEveryWalk() throws {
        let t = try TestDatabase()
        let source = TableSource(
            columns: [.init("code", "CODE")], db: t.db, sql: "SELECT code FROM location WHERE kind = ? ORDER BY code",
            arguments: ["warehouse"]
        ) { [.string($0.text(0))] }
        #expect(try source.listing().rows == [[.string("MAG-A")], [.string("MAG-B")]])
        try t.catalogue.addLocation(code: "MAG-C", name: "Magazzino Sud", kind: "warehouse")
        #expect(try source.listing().rows.count == 3)
        #expect(try collect { try source.writeText(to: $0) } == "CODE\n-----\nMAG-A\nMAG-B\nMAG-C\n")
    }
}
