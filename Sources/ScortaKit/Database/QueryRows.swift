/// The typed rows of a query, read on demand: each walk runs the query again
/// and decodes one row at a time, so a stock list of a region's 2.3 million
/// lots or a year's register is written out without being held in memory.
/// Small results (and tests) take them all with `array()`.
///
///     for row in try ledger.stock(location: "EMP").array() { print(row.sku, row.quantity) }
public struct QueryRows<Element> {
    private let walk: (_ body: (Element) throws -> Void) throws -> Void

    /// Rows produced by `walk`, which hands each to its body (rows merged from
    /// several queries, or computed).
    public init(walk: @escaping (_ body: (Element) throws -> Void) throws -> Void) {
        self.walk = walk
    }

    /// Rows held in memory.
    public init(_ rows: [Element]) {
        self.walk = { body in for row in rows { try body(row) } }
    }

    /// A query's rows: the SQL (built at run time, so not cached) is prepared
    /// and run on each walk, each row decoded by `decode`, by column name.
    public init(db: Database, sql: String, arguments: [any SQLBindable] = [], decode: @escaping (Row) throws -> Element)
    {
        self.walk = { body in try db.makeStatement(sql).forEach(arguments) { try body(try decode($0)) } }
    }

    /// Hands every row to `body`, in order.
    public func forEach(_ body: (Element) throws -> Void) throws {
        try walk(body)
    }

    /// Every row, in memory.
    public func array() throws -> [Element] {
        var rows: [Element] = []
        try forEach { rows.append($0) }
        return rows
    }

    /// The same rows transformed one by one, still on demand.
    public func map<T>(_ transform: @escaping (Element) throws -> T) -> QueryRows<T> {
        let walk = self.walk
        return QueryRows<T> { body in try walk { try body(try transform($0)) } }
    }
}
