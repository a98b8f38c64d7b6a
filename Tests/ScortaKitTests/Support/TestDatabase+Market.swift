@testable import ScortaKit

/// Households and market stock for the household and market tests.
extension TestDatabase {
    /// Registers a household on `date` from member specs such as "born=1980,sex=f".
    func household(_ members: String..., on date: String = "2026-01-10", months: Int? = nil, name: String? = nil) throws
        -> String
    {
        try Households(db).register(
            members: try members.map { try MemberSpec(parsing: $0) }, referredBy: "CASC", name: name,
            on: try CivilDate(parsing: date), cardMonths: months, operatorName: "tester")
    }

    /// Receives goods at MAG-A and moves them to the market (EMP).
    func stockMarket(_ lines: [String: Int], on date: String = "2026-01-02") throws {
        let specs = lines.sorted { $0.key < $1.key }.map { LineSpec(sku: $0.key, quantity: $0.value) }
        try ledger.receive(at: "MAG-A", from: nil, lines: specs, context: TestDatabase.on(date))
        try ledger.transfer(from: "MAG-A", to: "EMP", lines: specs, context: TestDatabase.on(date))
    }

    /// Every row of every table, to prove a refusal wrote nothing.
    func dump() throws -> String {
        let tables = try db.makeStatement(db.dialect.tableNamesQuery).map { $0.text(0) }
        return try tables.map { table in
            table + ":\n"
                + (try db.makeStatement("SELECT * FROM \(table) ORDER BY 1").map { row in
                    (0..<row.columnCount).map { "\(row.value($0))" }.joined(separator: "|")
                }).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    @discardableResult
    func checkout(_ card: String, _ lines: String..., on date: String, override: String? = nil) throws -> Checkout {
        try Market(db).checkout(
            card: card, lines: try lines.map { try LineSpec(parsing: $0) }, context: TestDatabase.on(date),
            override: override)
    }
}
