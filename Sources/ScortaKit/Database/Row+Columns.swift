/// A value read from a result column by name, as GRDB reads `row["sku"]`:
///
///     let sku: String = try row["sku"]
///     let lot: String? = try row["lot"]          // NULL reads as nil
///     let expiry: CivilDate = try row["expiry"]  // refused if not a date
///
/// Reading by name keeps a typed row's fields tied to the SQL's aliases, so
/// adding a column to a query cannot shift the others.
public protocol ColumnValue {
    static func read(_ row: Row, at index: Int) throws -> Self
}

extension String: ColumnValue {
    public static func read(_ row: Row, at index: Int) throws -> String { row.text(index) }
}

extension Int: ColumnValue {
    public static func read(_ row: Row, at index: Int) throws -> Int { row.int(index) }
}

extension Int64: ColumnValue {
    public static func read(_ row: Row, at index: Int) throws -> Int64 { row.int64(index) }
}

extension Bool: ColumnValue {
    public static func read(_ row: Row, at index: Int) throws -> Bool { row.int64(index) != 0 }
}

extension CivilDate: ColumnValue {
    public static func read(_ row: Row, at index: Int) throws -> CivilDate { try CivilDate(parsing: row.text(index)) }
}

extension Optional: ColumnValue where Wrapped: ColumnValue {
    public static func read(_ row: Row, at index: Int) throws -> Wrapped? {
        row.isNull(index) ? nil : try Wrapped.read(row, at: index)
    }
}

extension Row {
    /// The value of the column named `name` (its alias in the SQL). A name the
    /// query does not have is a mistake in the query, reported with its SQL.
    public subscript<Value: ColumnValue>(_ name: String) -> Value {
        get throws { try Value.read(self, at: try index(of: name)) }
    }

    /// The position of the column named `name`; the leftmost when two share it.
    public func index(of name: String) throws -> Int {
        if statement.columnIndexes == nil {
            var indexes: [String: Int] = [:]
            for index in (0..<columnCount).reversed() { indexes[columnName(index)] = index }
            // PostgreSQL names the columns once the query has run: before that there is nothing to keep.
            if !indexes.isEmpty { statement.columnIndexes = indexes }
        }
        guard let index = statement.columnIndexes?[name] else {
            throw DatabaseError(
                resultCode: .range, message: "no column named '\(name)' in the result", sql: statement.sql)
        }
        return index
    }
}
