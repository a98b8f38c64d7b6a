/// The FEAD / ESF+ indicator report over a period.
///
///     let result = try IndicatorReport(db: db, framework: frameworks.framework("esf-2021"),
///                                      filter: DistributionFilter(from: start, to: end)).run()
///     result.all.reach.material.total   // persons receiving material support
///
/// It streams the period's distribution lines and recipient snapshots in
/// date order, one document at a time (two statements walked side by side),
/// so a year of a million lines never sits in memory; sums go into arrays
/// indexed by category, item and member id.
public struct IndicatorReport {
    public let db: Database
    public let framework: ReportFramework
    public let filter: DistributionFilter

    public init(db: Database, framework: ReportFramework, filter: DistributionFilter) {
        self.db = db; self.framework = framework; self.filter = filter
    }

    /// Figures for the whole report and per channel and per location.
    public struct Result {
        public let framework: ReportFramework
        public let filter: DistributionFilter
        public var all: ScopeTally
        public var channels: [String: ScopeTally]
        public var locations: [String: ScopeTally]
        let valuation: GoodsValuation
        public var kitUnitsWithoutRecipe: Int { valuation.kitUnitsWithoutRecipe }
        public var unvaluedSKUs: [String] { valuation.unvaluedSKUs.sorted() }
        public var foodWithoutWeight: [String]
        let categoryNames: [String: (String, String)]
    }

    public func run() throws -> Result {
        try db.inTransaction(.deferred) { try walk() }
    }

    func walk() throws -> Result {
        let catalogue = Catalogue(db)
        let (clause, arguments) = try filter.clause(catalogue)
        let valuation = try GoodsValuation(db)
        let categories = try db.query("SELECT code, name, name_en FROM category ORDER BY code") { ($0.text(0), $0.text(1), $0.text(2)) }
        let categorySlot = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1.0, $0) })
        let itemSlots = Int(valuation.items.keys.max() ?? 0) + 1
        let itemCategory = (0..<itemSlots).map { categorySlot[valuation.item(Int64($0)).category] ?? 0 }
        let members = Int(try db.scalar("SELECT coalesce(max(id), 0) FROM member") ?? 0) + 1
        let groupRules = framework.targetGroups.map(\.rule)
        func accumulator() -> ScopeAccumulator {
            ScopeAccumulator(categories: categories.count, items: itemSlots, groups: groupRules.count, members: members)
        }
        let all = accumulator()
        let channels = try catalogue.channels()
        let locations = try catalogue.locations()
        // Scopes by channel and location id; created on first use.
        var channelScopes: [Int64: ScopeAccumulator] = [:]
        var locationScopes: [Int64: ScopeAccumulator] = [:]
        var firstCode = [Int32](repeating: -1, count: members)
        let groupOfCode = (0..<PersonCode.count).map { code in
            groupRules.firstIndex { $0.matches(PersonCode.decode(code)) == true } ?? max(0, groupRules.count - 1)
        }
        var foodWithoutWeight = Set<String>()

        let lines = try db.prepare("""
            SELECT d.id, d.date, d.channel_id, d.location_id, l.item_id, l.lot_id, l.quantity
            FROM document d JOIN document_line l ON l.document_id = d.id
            WHERE \(clause) ORDER BY d.date, d.id
            """)
        let people = try db.prepare("""
            SELECT d.id, d.date, r.member_id, r.age_band, r.sex, r.homeless, r.disability, r.third_country, r.foreign_minority
            FROM document d JOIN distribution_recipient r ON r.document_id = d.id
            WHERE \(clause) ORDER BY d.date, d.id
            """)
        try lines.bind(arguments)
        try people.bind(arguments)
        defer { lines.reset(); people.reset() }
        var hasLine = try lines.step()
        var hasPerson = try people.step()
        var scopes: [ScopeAccumulator] = []
        var recipients: [(member: Int, code: Int)] = []

        while hasLine {
            // One document: its lines, valued and categorised into each scope it belongs to.
            let row = lines.row
            let documentID = row.int64(0)
            let dateKey = row.dateKey(1)
            let day = CivilDate(year: dateKey / 10_000, month: dateKey / 100 % 100, day: dateKey % 100)?.dayNumber ?? 0
            scopes = [all]
            if let channel = row.optionalInt64(2) {
                if channelScopes[channel] == nil { channelScopes[channel] = accumulator() }
                scopes.append(channelScopes[channel]!)
            }
            if let location = row.optionalInt64(3) {
                if locationScopes[location] == nil { locationScopes[location] = accumulator() }
                scopes.append(locationScopes[location]!)
            }
            var foodCents = 0, goodsCents = 0
            var gaveFood = false, gaveMaterial = false
            while hasLine, lines.row.int64(0) == documentID {
                let line = lines.row
                let itemID = line.int64(4), quantity = line.int(6)
                var lineCents = 0
                try valuation.forEachPart(itemID: itemID, lotID: line.int64(5), quantity: quantity, day: day) { part, units, cents in
                    let info = valuation.item(part)
                    let category = itemCategory[Int(part)]
                    lineCents += cents
                    var grams = 0
                    if info.isFood {
                        gaveFood = true
                        foodCents += cents
                        if let net = info.netGrams { grams = net * units } else { foodWithoutWeight.insert(info.sku) }
                    } else {
                        gaveMaterial = true
                        goodsCents += cents
                    }
                    for scope in scopes {
                        scope.centsByCategory[category] += cents
                        scope.gramsByCategory[category] += grams
                        scope.foodGrams += grams
                    }
                }
                for scope in scopes {
                    scope.itemQuantity[Int(itemID)] += quantity
                    scope.itemCents[Int(itemID)] += lineCents
                }
                hasLine = try lines.step()
            }

            // Its recipients: the snapshot taken when it was posted.
            recipients.removeAll(keepingCapacity: true)
            while hasPerson {
                let person = people.row
                let personDate = person.dateKey(1), personDocument = person.int64(0)
                if personDate > dateKey || (personDate == dateKey && personDocument > documentID) { break }
                if personDocument == documentID {
                    let code = PersonCode.encode(band: PersonCode.band(person.leadingBytes(3)), sex: PersonCode.sex(person.leadingBytes(4)),
                                                 homeless: PersonCode.answer(person.optionalInt(5)), disability: PersonCode.answer(person.optionalInt(6)),
                                                 thirdCountry: PersonCode.answer(person.optionalInt(7)),
                                                 foreignMinority: PersonCode.answer(person.optionalInt(8)))
                    recipients.append((person.optionalInt(2) ?? -1, code))
                }
                hasPerson = try people.step()
            }

            // ESF+ target groups: the value split equally among recipients (rule 6).
            var foodSplit: [Int] = [], goodsSplit: [Int] = []
            if !groupRules.isEmpty {
                var weights = Array(repeating: 0, count: groupRules.count)
                for recipient in recipients { weights[groupOfCode[recipient.code]] += 1 }
                if recipients.isEmpty { weights[groupRules.count - 1] = 1 }
                foodSplit = apportion(foodCents, weights: weights)
                goodsSplit = apportion(goodsCents, weights: weights)
            }
            for recipient in recipients where recipient.member >= 0 && firstCode[recipient.member] < 0 {
                // Attributes at the first distribution in the period (rule 3): documents arrive in date order.
                firstCode[recipient.member] = Int32(recipient.code)
            }
            for scope in scopes {
                scope.distributions += 1
                scope.foodCents += foodCents
                scope.goodsCents += goodsCents
                for index in foodSplit.indices {
                    scope.foodByGroup[index] += foodSplit[index]
                    scope.goodsByGroup[index] += goodsSplit[index]
                }
                for recipient in recipients {
                    if recipient.member >= 0 {
                        scope.reach(member: recipient.member, food: gaveFood, material: gaveMaterial)
                    } else {
                        scope.reachAnonymous(code: recipient.code, food: gaveFood, material: gaveMaterial)
                    }
                }
            }
        }

        let rules = framework.breakdowns.map(\.rule)
        var matchesOfCode: [[Bool?]?] = Array(repeating: nil, count: PersonCode.count)
        func matches(_ code: Int) -> [Bool?] {
            if let known = matchesOfCode[code] { return known }
            let person = PersonCode.decode(code)
            let answers = rules.map { $0.matches(person) }
            matchesOfCode[code] = answers
            return answers
        }
        func tally(_ scope: ScopeAccumulator) -> ScopeTally {
            var result = ScopeTally(breakdowns: rules.count, groups: groupRules.count)
            for (member, flags) in scope.memberFlags.enumerated() where flags & 1 != 0 {
                let answers = matches(Int(firstCode[member]))
                result.reach.anyone.add(answers, count: 1, estimate: false)
                if flags & 2 != 0 { result.reach.food.add(answers, count: 1, estimate: false) }
                if flags & 4 != 0 { result.reach.material.add(answers, count: 1, estimate: false) }
            }
            for (key, count) in scope.anonymous {
                let answers = matches(key >> 2)
                result.reach.anyone.add(answers, count: count, estimate: true)
                if key & 2 != 0 { result.reach.food.add(answers, count: count, estimate: true) }
                if key & 1 != 0 { result.reach.material.add(answers, count: count, estimate: true) }
            }
            result.distributions = scope.distributions
            result.foodCents = scope.foodCents
            result.goodsCents = scope.goodsCents
            result.foodGrams = scope.foodGrams
            for (slot, category) in categories.enumerated() where scope.centsByCategory[slot] != 0 || scope.gramsByCategory[slot] != 0 {
                result.centsByCategory[category.0] = scope.centsByCategory[slot]
                if scope.gramsByCategory[slot] != 0 { result.gramsByCategory[category.0] = scope.gramsByCategory[slot] }
            }
            result.foodByGroup = scope.foodByGroup
            result.goodsByGroup = scope.goodsByGroup
            for (item, quantity) in scope.itemQuantity.enumerated() where quantity != 0 {
                result.items[Int64(item)] = (quantity, scope.itemCents[item])
            }
            return result
        }
        let channelCodes = Dictionary(uniqueKeysWithValues: channels.map { ($0.id, $0.code) })
        let locationCodes = Dictionary(uniqueKeysWithValues: locations.map { ($0.id, $0.code) })
        return Result(framework: framework, filter: filter, all: tally(all),
                      channels: Dictionary(uniqueKeysWithValues: channelScopes.map { (channelCodes[$0.key] ?? "#\($0.key)", tally($0.value)) }),
                      locations: Dictionary(uniqueKeysWithValues: locationScopes.map { (locationCodes[$0.key] ?? "#\($0.key)", tally($0.value)) }),
                      valuation: valuation, foodWithoutWeight: foodWithoutWeight.sorted(),
                      categoryNames: Dictionary(uniqueKeysWithValues: categories.map { ($0.0, ($0.1, $0.2)) }))
    }
}
