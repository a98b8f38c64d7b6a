/// Persons reached, counted once however many distributions reach them
/// (counting rules 1-4, 7), kept separately for food and material support.
struct PersonCounts: Sendable {
    var total = 0
    var estimates = 0
    /// Per breakdown of the framework: persons counted, and persons unknown.
    var yes: [Int]
    var unknown: [Int]

    init(breakdowns: Int) {
        yes = Array(repeating: 0, count: breakdowns)
        unknown = Array(repeating: 0, count: breakdowns)
    }

    mutating func add(_ person: ReportedPerson, estimate: Bool, rules: [ReportFramework.Rule]) {
        total += 1
        if estimate { estimates += 1 }
        for (index, rule) in rules.enumerated() {
            switch rule.matches(person) {
            case true?: yes[index] += 1
            case nil: unknown[index] += 1
            case false?: break
            }
        }
    }
}

/// One scope's persons: the whole report, one channel or one location.
struct ReachTally {
    /// A household member's snapshot at their first distribution in the
    /// period (documents arrive in date order, so the first seen is the first),
    /// and whether any distribution gave them food or material support.
    struct FirstContact {
        let person: ReportedPerson
        var food: Bool
        var material: Bool
    }

    var members: [Int64: FirstContact] = [:]
    var anyone: PersonCounts
    var food: PersonCounts
    var material: PersonCounts

    init(breakdowns: Int) {
        anyone = PersonCounts(breakdowns: breakdowns)
        food = PersonCounts(breakdowns: breakdowns)
        material = PersonCounts(breakdowns: breakdowns)
    }

    mutating func reach(member: Int64?, _ person: ReportedPerson, food gotFood: Bool, material gotMaterial: Bool,
                        rules: [ReportFramework.Rule]) {
        guard let member else {
            // An anonymous contact is one more person, an estimate (rule 4).
            anyone.add(person, estimate: true, rules: rules)
            if gotFood { food.add(person, estimate: true, rules: rules) }
            if gotMaterial { material.add(person, estimate: true, rules: rules) }
            return
        }
        if var known = members[member] {
            known.food = known.food || gotFood
            known.material = known.material || gotMaterial
            members[member] = known
        } else {
            members[member] = FirstContact(person: person, food: gotFood, material: gotMaterial)
        }
    }

    /// Adds the household members to the counts; call once, at the end.
    mutating func finish(rules: [ReportFramework.Rule]) {
        for contact in members.values {
            anyone.add(contact.person, estimate: false, rules: rules)
            if contact.food { food.add(contact.person, estimate: false, rules: rules) }
            if contact.material { material.add(contact.person, estimate: false, rules: rules) }
        }
        members = [:]
    }
}

/// Everything one scope adds up.
struct ScopeTally {
    var reach: ReachTally
    var distributions = 0
    var foodCents = 0
    var goodsCents = 0
    var foodGrams = 0
    var centsByCategory: [String: Int] = [:]
    var gramsByCategory: [String: Int] = [:]
    /// ESF+ split per target group (same order as the framework's groups).
    var foodByGroup: [Int]
    var goodsByGroup: [Int]
    /// Per item as distributed (kits as kits): quantity and value.
    var items: [Int64: (quantity: Int, cents: Int)] = [:]

    init(breakdowns: Int, groups: Int) {
        reach = ReachTally(breakdowns: breakdowns)
        foodByGroup = Array(repeating: 0, count: groups)
        goodsByGroup = Array(repeating: 0, count: groups)
    }
}
