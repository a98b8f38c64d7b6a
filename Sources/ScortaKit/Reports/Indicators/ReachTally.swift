/// Persons reached, counted once however many distributions reach them
/// (counting rules 1-4, 7), kept separately for food and material support.
public struct PersonCounts: Sendable {
    public var total = 0
    public var estimates = 0
    /// Per breakdown of the framework: persons counted, and persons unknown.
    public var yes: [Int]
    public var unknown: [Int]

    init(breakdowns: Int) {
        yes = Array(repeating: 0, count: breakdowns)
        unknown = Array(repeating: 0, count: breakdowns)
    }

    /// Adds `count` persons who share one snapshot; `matches` holds the
    /// breakdown answers for it (true, false, nil for unknown).
    mutating func add(_ matches: [Bool?], count: Int, estimate: Bool) {
        total += count
        if estimate { estimates += count }
        for (index, answer) in matches.enumerated() {
            switch answer {
            case true?: yes[index] += count
            case nil: unknown[index] += count
            case false?: break
            }
        }
    }
}

/// One scope's persons: everyone reached, food support, material support.
public struct ReachTally: Sendable {
    public var anyone: PersonCounts
    public var food: PersonCounts
    public var material: PersonCounts

    init(breakdowns: Int) {
        anyone = PersonCounts(breakdowns: breakdowns)
        food = PersonCounts(breakdowns: breakdowns)
        material = PersonCounts(breakdowns: breakdowns)
    }
}

/// Everything one scope (the whole report, a channel, a location) adds up.
public struct ScopeTally: Sendable {
    public var reach: ReachTally
    public var distributions = 0
    public var foodCents = 0
    public var goodsCents = 0
    public var foodGrams = 0
    public var centsByCategory: [String: Int] = [:]
    public var gramsByCategory: [String: Int] = [:]
    /// ESF+ split per target group (same order as the framework's groups).
    public var foodByGroup: [Int]
    public var goodsByGroup: [Int]
    /// Per item as distributed (kits as kits): quantity and value.
    public var items: [Int64: (quantity: Int, cents: Int)] = [:]

    init(breakdowns: Int, groups: Int) {
        reach = ReachTally(breakdowns: breakdowns)
        foodByGroup = Array(repeating: 0, count: groups)
        goodsByGroup = Array(repeating: 0, count: groups)
    }
}

/// The running sums of one scope while the report streams, in arrays indexed
/// by dense slots (category, item, member id) instead of dictionaries: a
/// year is a million lines, and per-line hashing was most of the time.
final class ScopeAccumulator {
    var distributions = 0
    var foodCents = 0, goodsCents = 0, foodGrams = 0
    var centsByCategory: [Int]
    var gramsByCategory: [Int]
    var itemQuantity: [Int]
    var itemCents: [Int]
    var foodByGroup: [Int]
    var goodsByGroup: [Int]
    /// Per member id: bit 0 reached, bit 1 food support, bit 2 material support.
    var memberFlags: [UInt8]
    /// Anonymous contacts by (snapshot code << 2 | food << 1 | material).
    var anonymous: [Int: Int] = [:]

    init(categories: Int, items: Int, groups: Int, members: Int) {
        centsByCategory = Array(repeating: 0, count: categories)
        gramsByCategory = Array(repeating: 0, count: categories)
        itemQuantity = Array(repeating: 0, count: items)
        itemCents = Array(repeating: 0, count: items)
        foodByGroup = Array(repeating: 0, count: groups)
        goodsByGroup = Array(repeating: 0, count: groups)
        memberFlags = Array(repeating: 0, count: members)
    }

    func reach(member: Int, food: Bool, material: Bool) {
        memberFlags[member] |= 1 | (food ? 2 : 0) | (material ? 4 : 0)
    }

    func reachAnonymous(code: Int, food: Bool, material: Bool) {
        anonymous[code << 2 | (food ? 2 : 0) | (material ? 1 : 0), default: 0] += 1
    }
}
