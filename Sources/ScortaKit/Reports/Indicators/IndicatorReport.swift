/// The FEAD / ESF+ indicator report over a period.
///
///     let result = try IndicatorReport(db: db, framework: frameworks.framework("esf-2021"),
///                                      filter: DistributionFilter(from: start, to: end)).run()
///     result.all.reach.material.total   // persons receiving material support
///
/// It streams the period's report facts (`DistributionFacts`: one row per
/// distribution with its lines and recipient snapshots packed in) in date
/// order, so a region year of two million lines is one range of one table
/// and never sits in memory; values, categories and kit recipes are applied
/// from the catalogue as it is now, and sums go into arrays indexed by
/// category, item and member id.
public struct IndicatorReport {
    public let db: Database
    public let framework: ReportFramework
    public let filter: DistributionFilter

    public init(db: Database, framework: ReportFramework, filter: DistributionFilter) {
        self.db = db
        self.framework = framework
        self.filter = filter
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
        /// The chain as the report read it (same read transaction).
        public var anchor: HashChain.Anchor? = nil
    }

    public func run() throws -> Result {
        try db.inSavepoint(.deferred) {
            var result = try walk()
            result.anchor = try HashChain.anchor(db)
            return result
        }
    }

    func walk() throws -> Result {
        let catalogue = Catalogue(db)
        let (factClause, factArguments) = try filter.factClause(catalogue)
        let reversed = try filter.reversedIDs(db)
        let valuation = try GoodsValuation(db)
        let categories = try db.query("SELECT code, name, name_en FROM category ORDER BY code") {
            ($0.text(0), $0.text(1), $0.text(2))
        }
        let categorySlot = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1.0, $0) })
        let itemSlots = Int(valuation.items.keys.max() ?? 0) + 1
        // Per item id, what the hot loop needs, without copying an item's Strings.
        let itemInfo = (0..<itemSlots).map { valuation.item(Int64($0)) }
        let itemCategory = itemInfo.map { categorySlot[$0.category] ?? 0 }
        let itemIsFood = itemInfo.map(\.isFood)
        let itemGrams = itemInfo.map { $0.netGrams ?? -1 }
        let itemIsKit = itemInfo.map(\.isKit)
        let itemAlone = itemInfo.map { [(itemID: $0.id, quantity: 1)] }
        let members = Int(try db.scalar("SELECT coalesce(max(id), 0) FROM member") ?? 0) + 1
        let groupRules = framework.targetGroups.map(\.rule)
        let groups = groupRules.count
        let channels = try catalogue.channels()
        let locations = try catalogue.locations()
        // Documents are summed once, into the slot of their (channel, location)
        // pair; the report's scopes (0 the whole report, then channels, then
        // locations) are folded from those few slots at the end.
        var channelIndex = [Int](repeating: -1, count: Int(channels.map(\.id).max() ?? 0) + 1)
        for (index, channel) in channels.enumerated() { channelIndex[Int(channel.id)] = index }
        var locationIndex = [Int](repeating: -1, count: Int(locations.map(\.id).max() ?? 0) + 1)
        for (index, location) in locations.enumerated() { locationIndex[Int(location.id)] = index }
        let pairs = (channels.count + 1) * (locations.count + 1)
        let scopesOfPair = (0..<pairs).map { pair in
            let channel = pair / (locations.count + 1) - 1
            let location = pair % (locations.count + 1) - 1
            return [0] + (channel >= 0 ? [1 + channel] : []) + (location >= 0 ? [1 + channels.count + location] : [])
        }
        var sums = ScopeSums(
            scopes: pairs, categories: categories.count, items: itemSlots, groups: groups, members: members)
        var firstCode = [Int32](repeating: -1, count: members)
        let groupOfCode = (0..<PersonCode.count).map { code in
            groupRules.firstIndex { $0.matches(PersonCode.decode(code)) == true } ?? max(0, groups - 1)
        }
        var foodWithoutWeight = Set<Int>()

        // One row per document, in date order (rule 3 needs the first
        // distribution of each person): its lines and recipients are packed
        // in the row, so the year is one range of one table, no joins.
        let facts = try db.makeStatement(
            """
            SELECT f.document_id, f.date, f.channel_id, f.location_id, f.lines, f.recipients
            FROM distribution_fact f WHERE \(factClause) ORDER BY f.date, f.document_id
            """)
        // On a server: the packed lines and recipients as bytes, not hex text.
        facts.binaryResults = true
        try facts.bind(factArguments)
        defer { facts.reset() }
        let row = facts.row
        var recipients: [(member: Int, code: Int)] = []
        var weights = [Int](repeating: 0, count: groups)
        var foodSplit = weights
        var goodsSplit = weights

        while try facts.step() {
            let documentID = row.int64(0)
            let lineBytes = row.blob(4)
            // Reversed distributions are not counted; nor is one without lines (it moved nothing).
            if lineBytes.isEmpty || reversed.contains(documentID) { continue }
            // One document: its lines, valued and categorised into the slot of its channel and location.
            let dateKey = row.int(1)
            let day = CivilDate(year: dateKey / 10_000, month: dateKey / 100 % 100, day: dateKey % 100)?.dayNumber ?? 0
            let channel = row.optionalInt(2).map { $0 < channelIndex.count ? channelIndex[$0] : -1 } ?? -1
            let location = row.optionalInt(3).map { $0 < locationIndex.count ? locationIndex[$0] : -1 } ?? -1
            let scope = (channel + 1) * (locations.count + 1) + location + 1
            var foodCents = 0
            var goodsCents = 0
            var gaveFood = false
            var gaveMaterial = false
            var offset = 0
            while offset < lineBytes.count, let base = lineBytes.baseAddress {
                let itemID = Int64(FactCoding.read(base, &offset))
                let lotID = Int64(FactCoding.read(base, &offset))
                let quantity = FactCoding.read(base, &offset)
                var lineCents = 0
                // The line itself, or a kit's components (rule 5), walked inline: a closure
                // over the sums cost more than the arithmetic.
                let parts =
                    itemIsKit[Int(itemID)]
                    ? try valuation.recipe(kit: itemID, lot: lotID, units: quantity) : itemAlone[Int(itemID)]
                for component in parts {
                    let slot = Int(component.itemID)
                    let units = component.quantity * quantity
                    let cents = units * valuation.unitCents(component.itemID, day: day)
                    lineCents += cents
                    var grams = 0
                    if itemIsFood[slot] {
                        gaveFood = true
                        foodCents += cents
                        if itemGrams[slot] >= 0 {
                            grams = itemGrams[slot] * units
                        } else {
                            foodWithoutWeight.insert(slot)
                        }
                    } else {
                        gaveMaterial = true
                        goodsCents += cents
                    }
                    sums.centsByCategory[scope * sums.categories + itemCategory[slot]] += cents
                    sums.gramsByCategory[scope * sums.categories + itemCategory[slot]] += grams
                    sums.foodGrams[scope] += grams
                }
                sums.itemQuantity[scope * itemSlots + Int(itemID)] += quantity
                sums.itemCents[scope * itemSlots + Int(itemID)] += lineCents
            }

            // Its recipients: the snapshot taken when it was posted.
            recipients.removeAll(keepingCapacity: true)
            let recipientBytes = row.blob(5)
            offset = 0
            while offset < recipientBytes.count, let base = recipientBytes.baseAddress {
                let member = FactCoding.read(base, &offset) - 1
                let code = FactCoding.read(base, &offset)
                recipients.append((member < members ? member : -1, code))
            }

            // ESF+ target groups: the value split equally among recipients (rule 6).
            if groups > 0 {
                for index in weights.indices { weights[index] = 0 }
                for recipient in recipients { weights[groupOfCode[recipient.code]] += 1 }
                if recipients.isEmpty { weights[groups - 1] = 1 }
                apportion(foodCents, weights: weights, into: &foodSplit)
                apportion(goodsCents, weights: weights, into: &goodsSplit)
                for index in 0..<groups {
                    sums.foodByGroup[scope * groups + index] += foodSplit[index]
                    sums.goodsByGroup[scope * groups + index] += goodsSplit[index]
                }
            }
            let flags = UInt8(1) | (gaveFood ? 2 : 0) | (gaveMaterial ? 4 : 0)
            for recipient in recipients where recipient.member >= 0 && firstCode[recipient.member] < 0 {
                // Attributes at the first distribution in the period (rule 3): documents arrive in date order.
                firstCode[recipient.member] = Int32(recipient.code)
            }
            sums.distributions[scope] += 1
            sums.foodCents[scope] += foodCents
            sums.goodsCents[scope] += goodsCents
            for recipient in recipients {
                if recipient.member >= 0 {
                    sums.memberFlags[scope * members + recipient.member] |= flags
                } else {
                    sums.anonymous[(scope * PersonCode.count + recipient.code) * 4 + Int(flags >> 1)] += 1
                }
            }
        }

        let tallies = tally(
            sums.folded(into: 1 + channels.count + locations.count, scopesOfSlot: scopesOfPair), firstCode: firstCode,
            categories: categories.map(\.0))
        var byChannel: [String: ScopeTally] = [:]
        var byLocation: [String: ScopeTally] = [:]
        for (index, channel) in channels.enumerated() where tallies[1 + index].distributions > 0 {
            byChannel[channel.code] = tallies[1 + index]
        }
        for (index, location) in locations.enumerated() where tallies[1 + channels.count + index].distributions > 0 {
            byLocation[location.code] = tallies[1 + channels.count + index]
        }
        return Result(
            framework: framework, filter: filter, all: tallies[0], channels: byChannel, locations: byLocation,
            valuation: valuation, foodWithoutWeight: foodWithoutWeight.map { itemInfo[$0].sku }.sorted(),
            categoryNames: Dictionary(uniqueKeysWithValues: categories.map { ($0.0, ($0.1, $0.2)) }))
    }

    /// Turns the flat sums into one tally per scope, counting each person once
    /// with the breakdown answers of their snapshot.
    func tally(_ sums: ScopeSums, firstCode: [Int32], categories: [String]) -> [ScopeTally] {
        let rules = framework.breakdowns.map(\.rule)
        let answers = (0..<PersonCode.count).map { code in rules.map { $0.matches(PersonCode.decode(code)) } }
        return (0..<sums.scopes).map { scope in
            var result = ScopeTally(breakdowns: rules.count, groups: sums.groups)
            for member in 0..<sums.members {
                let flags = sums.memberFlags[scope * sums.members + member]
                guard flags & 1 != 0 else { continue }
                let matches = answers[Int(firstCode[member])]
                result.reach.anyone.add(matches, count: 1, estimate: false)
                if flags & 2 != 0 { result.reach.food.add(matches, count: 1, estimate: false) }
                if flags & 4 != 0 { result.reach.material.add(matches, count: 1, estimate: false) }
            }
            for code in 0..<PersonCode.count {
                for kind in 0..<4 {
                    let count = Int(sums.anonymous[(scope * PersonCode.count + code) * 4 + kind])
                    guard count > 0 else { continue }
                    result.reach.anyone.add(answers[code], count: count, estimate: true)
                    if kind & 1 != 0 { result.reach.food.add(answers[code], count: count, estimate: true) }
                    if kind & 2 != 0 { result.reach.material.add(answers[code], count: count, estimate: true) }
                }
            }
            result.distributions = sums.distributions[scope]
            result.foodCents = sums.foodCents[scope]
            result.goodsCents = sums.goodsCents[scope]
            result.foodGrams = sums.foodGrams[scope]
            for (slot, category) in categories.enumerated() {
                let cents = sums.centsByCategory[scope * sums.categories + slot]
                let grams = sums.gramsByCategory[scope * sums.categories + slot]
                if cents != 0 || grams != 0 { result.centsByCategory[category] = cents }
                if grams != 0 { result.gramsByCategory[category] = grams }
            }
            result.foodByGroup = Array(sums.foodByGroup[(scope * sums.groups)..<((scope + 1) * sums.groups)])
            result.goodsByGroup = Array(sums.goodsByGroup[(scope * sums.groups)..<((scope + 1) * sums.groups)])
            for item in 0..<sums.items where sums.itemQuantity[scope * sums.items + item] != 0 {
                result.items[Int64(item)] = (
                    sums.itemQuantity[scope * sums.items + item], sums.itemCents[scope * sums.items + item]
                )
            }
            return result
        }
    }
}
