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

/// The running sums while the report streams, per slot (a channel and
/// location pair; folded into the report's scopes at the end), in flat arrays
/// indexed by scope and a dense slot (category, item, member id, snapshot
/// code) instead of dictionaries of objects: a year is a million lines, and
/// hashing, reference counting and exclusivity checks were most of the time.
struct ScopeSums {
    let scopes: Int, categories: Int, items: Int, groups: Int, members: Int
    var distributions: [Int]
    var foodCents: [Int], goodsCents: [Int], foodGrams: [Int]
    var centsByCategory: [Int], gramsByCategory: [Int]
    var itemQuantity: [Int], itemCents: [Int]
    var foodByGroup: [Int], goodsByGroup: [Int]
    /// Per scope and member id: bit 0 reached, bit 1 food support, bit 2 material support.
    var memberFlags: [UInt8]
    /// Anonymous contacts per scope and (snapshot code << 2 | food << 1 | material).
    var anonymous: [Int32]

    init(scopes: Int, categories: Int, items: Int, groups: Int, members: Int) {
        self.scopes = scopes
        self.categories = categories
        self.items = items
        self.groups = groups
        self.members = members
        distributions = Array(repeating: 0, count: scopes)
        foodCents = distributions
        goodsCents = distributions
        foodGrams = distributions
        centsByCategory = Array(repeating: 0, count: scopes * categories)
        gramsByCategory = centsByCategory
        itemQuantity = Array(repeating: 0, count: scopes * items)
        itemCents = itemQuantity
        foodByGroup = Array(repeating: 0, count: scopes * groups)
        goodsByGroup = foodByGroup
        memberFlags = Array(repeating: 0, count: scopes * members)
        anonymous = Array(repeating: 0, count: scopes * PersonCode.count * 4)
    }
}

extension ScopeSums {
    /// Sums whose slots are the report's scopes, adding up each slot here
    /// into every scope `scopesOfSlot` lists for it (a person reached in
    /// several slots is still one person: member flags are or-ed).
    func folded(into scopes: Int, scopesOfSlot: [[Int]]) -> ScopeSums {
        var result = ScopeSums(scopes: scopes, categories: categories, items: items, groups: groups, members: members)
        func add<T: FixedWidthInteger>(_ from: [T], _ to: inout [T], width: Int, slot: Int, scope: Int) {
            for index in 0..<width { to[scope * width + index] += from[slot * width + index] }
        }
        for (slot, targets) in scopesOfSlot.enumerated() where distributions[slot] > 0 {
            for scope in targets {
                result.distributions[scope] += distributions[slot]
                result.foodCents[scope] += foodCents[slot]
                result.goodsCents[scope] += goodsCents[slot]
                result.foodGrams[scope] += foodGrams[slot]
                add(centsByCategory, &result.centsByCategory, width: categories, slot: slot, scope: scope)
                add(gramsByCategory, &result.gramsByCategory, width: categories, slot: slot, scope: scope)
                add(itemQuantity, &result.itemQuantity, width: items, slot: slot, scope: scope)
                add(itemCents, &result.itemCents, width: items, slot: slot, scope: scope)
                add(foodByGroup, &result.foodByGroup, width: groups, slot: slot, scope: scope)
                add(goodsByGroup, &result.goodsByGroup, width: groups, slot: slot, scope: scope)
                add(anonymous, &result.anonymous, width: PersonCode.count * 4, slot: slot, scope: scope)
                for member in 0..<members {
                    result.memberFlags[scope * members + member] |= memberFlags[slot * members + member]
                }
            }
        }
        return result
    }
}
