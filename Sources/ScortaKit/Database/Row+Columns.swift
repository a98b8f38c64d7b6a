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
    /// A typed row reads its columns in the order of the SELECT, so the column
    /// after the last one found is tried first: a name compared, not hashed
    /// (a stock list of 500 lots read seven columns a row through the table of
    /// names, 500 instructions each).
    public func index(of name: String) throws -> Int {
        if statement.columns == nil {
            let names = (0..<columnCount).map(columnName)
            // PostgreSQL names the columns once the query has run: before that there is nothing to keep.
            if !names.isEmpty { statement.columns = Statement.Columns(names) }
        }
        guard let index = statement.columns?.index(of: name) else {
            throw DatabaseError(
                resultCode: .range, message: "no column named '\(name)' in the result", sql: statement.sql)
        }
        return index
    }
}

extension Statement {
    /// A result's column names, found once per statement (its columns never
    /// change), and where the next look-up is likely to find its name.
    struct Columns {
        let names: [String]
        /// Whether the column is the leftmost of its name (the one a look-up answers).
        let isLeftmost: [Bool]
        let indexes: [String: Int]
        var next = 0

        init(_ names: [String]) {
            var indexes: [String: Int] = [:]
            for index in names.indices.reversed() { indexes[names[index]] = index }
            self.names = names
            self.indexes = indexes
            isLeftmost = names.indices.map { indexes[names[$0]] == $0 }
        }

        mutating func index(of name: String) -> Int? {
            let guess = next < names.count ? next : 0
            let index: Int
            if isLeftmost[guess], names[guess] == name {
                index = guess
            } else {
                guard let found = indexes[name] else { return nil }
                index = found
            }
            next = index + 1
            return index
        }
    }
}
