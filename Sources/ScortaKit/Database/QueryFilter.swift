/// The conditions of a list query built from optional filters, with their
/// values in the same order: each filter adds its condition and its values
/// together, so the two can never drift apart.
///
///     var filter = QueryFilter("d.type = 'distribution'")
///     filter.period("d.date", from: from, to: to)
///     "... WHERE \(filter.conditions) ..."  with arguments: filter.arguments
struct QueryFilter {
    private var parts: [String]
    private(set) var arguments: [any SQLBindable] = []

    init(_ always: String...) { parts = always }

    mutating func add(_ condition: String, _ values: any SQLBindable...) {
        parts.append(condition)
        arguments += values
    }

    /// `column` within the period (either end may be open), as ISO dates compare.
    mutating func period(_ column: String, from: CivilDate?, to: CivilDate?) {
        if let from { add("\(column) >= ?", from.description) }
        if let to { add("\(column) <= ?", to.description) }
    }

    /// The conditions joined by AND; `1 = 1` when there are none (portable,
    /// where PostgreSQL refuses a bare integer).
    var conditions: String { parts.isEmpty ? "1 = 1" : parts.joined(separator: " AND ") }
}
