/// The FEAD / ESF+ indicator report over a period.
///
///     let result = try IndicatorReport(db: db, framework: frameworks.framework("esf-2021"),
///                                      filter: DistributionFilter(from: start, to: end)).run()
///     result.all.reach.material.total   // persons receiving material support
///
/// It streams the period's distribution lines and recipient snapshots in
/// date order, one document at a time (two statements walked side by side),
/// so a year of a million lines never sits in memory.
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
        var all: ScopeTally
        var channels: [String: ScopeTally]
        var locations: [String: ScopeTally]
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
        let channelCodes = Dictionary(uniqueKeysWithValues: try catalogue.channels().map { ($0.id, $0.code) })
        let locationCodes = Dictionary(uniqueKeysWithValues: try catalogue.locations().map { ($0.id, $0.code) })
        let rules = framework.breakdowns.map(\.rule)
        let groupRules = framework.targetGroups.map(\.rule)
        let fresh = ScopeTally(breakdowns: rules.count, groups: groupRules.count)
        var all = fresh
        var channels: [String: ScopeTally] = [:]
        var locations: [String: ScopeTally] = [:]
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

        func flag(_ row: Row, _ index: Int) -> Bool? { row.optionalInt(index).map { $0 != 0 } }

        while hasLine {
            // One document: its lines, valued and categorised.
            let row = lines.row
            let documentID = row.int64(0)
            let dateText = row.text(1)
            let day = try CivilDate(parsing: dateText).dayNumber
            let channel = row.optionalInt64(2).flatMap { channelCodes[$0] }
            let location = row.optionalInt64(3).flatMap { locationCodes[$0] }
            var document = fresh
            document.distributions = 1
            var gaveFood = false, gaveMaterial = false
            while hasLine, lines.row.int64(0) == documentID {
                let line = lines.row
                let itemID = line.int64(4), quantity = line.int(6)
                let parts = try valuation.parts(itemID: itemID, lotID: line.int64(5), quantity: quantity, day: day)
                var lineCents = 0
                for part in parts {
                    let info = valuation.item(part.itemID)
                    lineCents += part.cents
                    document.centsByCategory[info.category, default: 0] += part.cents
                    if info.isFood {
                        gaveFood = true
                        document.foodCents += part.cents
                        if let grams = info.netGrams {
                            document.foodGrams += grams * part.quantity
                            document.gramsByCategory[info.category, default: 0] += grams * part.quantity
                        } else {
                            foodWithoutWeight.insert(info.sku)
                        }
                    } else {
                        gaveMaterial = true
                        document.goodsCents += part.cents
                    }
                }
                let previous = document.items[itemID] ?? (0, 0)
                document.items[itemID] = (previous.quantity + quantity, previous.cents + lineCents)
                hasLine = try lines.step()
            }

            // Its recipients (the snapshot taken when it was posted).
            var recipients: [(member: Int64?, person: ReportedPerson)] = []
            while hasPerson {
                let person = people.row
                let personDate = person.text(1), personDocument = person.int64(0)
                if personDate > dateText || (personDate == dateText && personDocument > documentID) { break }
                if personDocument == documentID {
                    recipients.append((person.optionalInt64(2),
                                       ReportedPerson(ageBand: person.text(3), sex: person.text(4), homeless: flag(person, 5),
                                                         disability: flag(person, 6), thirdCountry: flag(person, 7),
                                                         foreignMinority: flag(person, 8))))
                }
                hasPerson = try people.step()
            }

            // ESF+ target groups: the value split equally among recipients (rule 6).
            if !groupRules.isEmpty {
                var weights = Array(repeating: 0, count: groupRules.count)
                for recipient in recipients {
                    let group = groupRules.firstIndex { $0.matches(recipient.person) == true } ?? groupRules.count - 1
                    weights[group] += 1
                }
                if recipients.isEmpty { weights[groupRules.count - 1] = 1 }
                document.foodByGroup = apportion(document.foodCents, weights: weights)
                document.goodsByGroup = apportion(document.goodsCents, weights: weights)
            }

            all.add(document, recipients, food: gaveFood, material: gaveMaterial, rules: rules)
            if let channel { channels[channel, default: fresh].add(document, recipients, food: gaveFood, material: gaveMaterial, rules: rules) }
            if let location { locations[location, default: fresh].add(document, recipients, food: gaveFood, material: gaveMaterial, rules: rules) }
        }
        all.reach.finish(rules: rules)
        for key in channels.keys { channels[key]!.reach.finish(rules: rules) }
        for key in locations.keys { locations[key]!.reach.finish(rules: rules) }
        return Result(framework: framework, filter: filter, all: all, channels: channels, locations: locations,
                      valuation: valuation, foodWithoutWeight: foodWithoutWeight.sorted(),
                      categoryNames: Dictionary(uniqueKeysWithValues: try db.query("SELECT code, name, name_en FROM category") {
                          ($0.text(0), ($0.text(1), $0.text(2))) }))
    }
}

extension ScopeTally {
    /// Adds one document's figures and reaches its recipients.
    mutating func add(_ document: ScopeTally, _ recipients: [(member: Int64?, person: ReportedPerson)],
                      food: Bool, material: Bool, rules: [ReportFramework.Rule]) {
        distributions += document.distributions
        foodCents += document.foodCents
        goodsCents += document.goodsCents
        foodGrams += document.foodGrams
        for (key, cents) in document.centsByCategory { centsByCategory[key, default: 0] += cents }
        for (key, grams) in document.gramsByCategory { gramsByCategory[key, default: 0] += grams }
        for index in foodByGroup.indices {
            foodByGroup[index] += document.foodByGroup[index]
            goodsByGroup[index] += document.goodsByGroup[index]
        }
        for (item, figures) in document.items {
            let previous = items[item] ?? (0, 0)
            items[item] = (previous.quantity + figures.quantity, previous.cents + figures.cents)
        }
        for recipient in recipients {
            reach.reach(member: recipient.member, recipient.person, food: food, material: material, rules: rules)
        }
    }
}
