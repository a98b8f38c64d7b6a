import Testing

@testable import ScortaKit

/// `row["name"]`: values read by column name, typed by what they are read into.
@Suite struct RowColumnsTests {
    @Test func columnsAreReadByNameWhateverTheirPosition() throws {
        let t = try TestDatabase()
        let read = try t.db.first(
            "SELECT 'x' AS other, 7 AS quantity, NULL AS lot, '2026-02-28' AS expiry, 'IG-SAP' AS sku", []
        ) { row in
            (
                sku: try row["sku"] as String, quantity: try row["quantity"] as Int, lot: try row["lot"] as String?,
                expiry: try row["expiry"] as CivilDate, noLot: try row["lot"] as Int?
            )
        }
        let row = try #require(read)
        #expect(row.sku == "IG-SAP" && row.quantity == 7 && row.lot == nil && row.noLot == nil)
        #expect(row.expiry == CivilDate(year: 2026, month: 2, day: 28))
    }

    @Test func anUnknownColumnIsAnErrorNamingItAndTheQuery() throws {
        let t = try TestDatabase()
        let error = try #require(throws: DatabaseError.self) {
            _ = try t.db.first("SELECT 1 AS one", []) { try $0["two"] as Int }
        }
        #expect(error.description.contains("no column named 'two'"))
        #expect(error.description.contains("SELECT 1 AS one"))
    }

    @Test func aTextThatIsNotADateIsRefused() throws {
        let t = try TestDatabase()
        #expect(throws: (any Error).self) {
            _ = try t.db.first("SELECT '2026-02-30' AS expiry", []) { try $0["expiry"] as CivilDate }
        }
        #expect(
            try t.db.first("SELECT 1 AS flag, 0 AS other", []) { [try $0["flag"] as Bool, try $0["other"] as Bool] }
                == [true, false])
    }

    /// Two columns of one name (a join without aliases): the leftmost is read, as in GRDB.
    @Test func theLeftmostOfTwoColumnsOfOneNameIsRead() throws {
        let t = try TestDatabase()
        #expect(try t.db.first("SELECT 'first' AS code, 'second' AS code", []) { try $0["code"] as String } == "first")
    }
}
