/// Which distributions a report counts: those dated inside the period
/// (both ends included), not reversed, optionally from one location or
/// through one channel. Shared by the indicator report and the registers so
/// they always agree on what was distributed.
public struct DistributionFilter: Sendable {
    public var from: CivilDate
    public var to: CivilDate
    public var locationCode: String?
    public var channelCode: String?

    public init(from: CivilDate, to: CivilDate, location: String? = nil, channel: String? = nil) throws {
        guard from <= to else { throw ScortaError.invalid("the period starts on \(from), after it ends on \(to)") }
        self.from = from
        self.to = to
        self.locationCode = location
        self.channelCode = channel
    }

    /// The WHERE clause over `document d` and its arguments. Conditions are
    /// added only when given, so SQLite walks the (type, date) index in order.
    /// With `includeReversed`, reversed distributions are kept: the register
    /// lists every document, and the indicator report drops the few reversed
    /// ones itself (`reversedIDs`) instead of probing every document twice.
    func clause(_ catalogue: Catalogue, includeReversed: Bool = false) throws -> (
        sql: String, arguments: [any SQLBindable]
    ) {
        var sql = "d.type = 'distribution' AND d.date >= ? AND d.date <= ?"
        if !includeReversed { sql += " AND NOT EXISTS (SELECT 1 FROM document_reversal WHERE document_id = d.id)" }
        var arguments: [any SQLBindable] = [from.description, to.description]
        try addPlace(catalogue, table: "d", &sql, &arguments)
        return (sql, arguments)
    }

    /// The same conditions over the report facts `distribution_fact f`
    /// (dates as YYYYMMDD numbers): one range of its primary key.
    func factClause(_ catalogue: Catalogue) throws -> (sql: String, arguments: [any SQLBindable]) {
        func key(_ date: CivilDate) -> Int { date.year * 10_000 + date.month * 100 + date.day }
        var sql = "f.date >= ? AND f.date <= ?"
        var arguments: [any SQLBindable] = [key(from), key(to)]
        try addPlace(catalogue, table: "f", &sql, &arguments)
        return (sql, arguments)
    }

    /// The location and channel conditions over `table`'s columns, when given.
    private func addPlace(
        _ catalogue: Catalogue, table: String, _ sql: inout String, _ arguments: inout [any SQLBindable]
    ) throws {
        if let locationCode {
            sql += " AND \(table).location_id = ?"
            arguments.append(try catalogue.location(code: locationCode).id)
        }
        if let channelCode {
            sql += " AND \(table).channel_id = ?"
            arguments.append(try catalogue.channel(code: channelCode).id)
        }
    }

    /// Distributions that have been reversed (a short list: mistakes are
    /// rare). SQLite's CROSS JOIN keeps it starting from the few reversals
    /// rather than from every distribution in the period.
    func reversedIDs(_ db: Database) throws -> Set<Int64> {
        Set(
            try db.cachedStatement(
                """
                SELECT x.reverses_id FROM document x \(db.dialect.orderedJoin) document d ON d.id = x.reverses_id
                WHERE x.type = 'reversal' AND d.type = 'distribution' AND d.date >= ? AND d.date <= ?
                """
            ).map([from.description, to.description]) { $0.int64(0) })
    }
}
