/// Seeds/market.json: the social market's points rules, points prices and limits.
///
///     { "location": "EMP", "channel": "EMP", "cycle": { "kind": "month" },
///       "allowance": { "first_member": 120, "further_member": 40, "child_extra": 20, "child_under": 18 },
///       "lapse_unused": true, "card_months": 6,
///       "prices": [ { "sku": "AL-PAS", "points": 3 } ],
///       "limits": [ { "sku": "AL-OLI", "per": "visit", "quantity": 1 }, { "category": "hygiene", "per": "cycle", "quantity": 12 } ] }
struct MarketSeed: Decodable {
    struct CycleSeed: Decodable {
        let kind: String
        let days: Int?
    }
    struct AllowanceSeed: Decodable {
        let firstMember: Int
        let furtherMember: Int
        let childExtra: Int?
        let childUnder: Int?
        let maximum: Int?

        /// The seed file's keys are snake_case, as the database's columns.
        enum CodingKeys: String, CodingKey {
            case firstMember = "first_member"
            case furtherMember = "further_member"
            case childExtra = "child_extra"
            case childUnder = "child_under"
            case maximum
        }
    }
    struct PriceSeed: Decodable {
        let sku: String
        let points: Int
    }
    struct LimitSeed: Decodable {
        let sku: String?
        let category: String?
        let per: String
        let quantity: Int
    }

    let validFrom: String?
    let location: String
    let channel: String
    let cycle: CycleSeed
    let allowance: AllowanceSeed
    let lapseUnused: Bool
    let cardMonths: Int
    let prices: [PriceSeed]
    let limits: [LimitSeed]?

    enum CodingKeys: String, CodingKey {
        case validFrom = "valid_from"
        case location, channel, cycle, allowance
        case lapseUnused = "lapse_unused"
        case cardMonths = "card_months"
        case prices, limits
    }
}

extension SeedLoader {
    static func loadMarket(_ db: Database, _ seeds: SeedFiles, _ date: CivilDate) throws {
        let name = "market.json"
        guard seeds.exists(name) else { return }
        let seed = try seeds.json(MarketSeed.self, name)
        let file = seeds.path(name)
        func fail(_ entry: String, _ message: String) -> ScortaError { .invalid("\(file): entry \(entry): \(message)") }
        let catalogue = Catalogue(db)
        let validFrom: CivilDate
        do { validFrom = try seed.validFrom.map { try CivilDate(parsing: $0) } ?? seedValueDate(date) } catch {
            throw fail("valid_from", "\(error)")
        }
        let cycle: PointsRules.Cycle
        switch (seed.cycle.kind, seed.cycle.days) {
        case ("month", nil): cycle = .month
        case ("days", let days?) where (1...366).contains(days): cycle = .days(days)
        default: throw fail("cycle", "kind must be \"month\", or \"days\" with \"days\": 1 to 366")
        }
        let allowance = seed.allowance
        guard allowance.firstMember >= 0, allowance.furtherMember >= 0, (allowance.childExtra ?? 0) >= 0 else {
            throw fail("allowance", "points cannot be negative")
        }
        guard (1...30).contains(allowance.childUnder ?? 18) else {
            throw fail("allowance.childUnder", "must be an age from 1 to 30")
        }
        guard allowance.maximum.map({ $0 > 0 }) ?? true else {
            throw fail("allowance.maximum", "must be greater than 0")
        }
        guard (1...120).contains(seed.cardMonths) else { throw fail("card_months", "must be 1 to 120") }
        do {
            let location = try catalogue.location(code: seed.location)
            guard location.kind == "market" else {
                throw ScortaError.invalid("location '\(location.code)' is a \(location.kind), not a market")
            }
        } catch let error as ScortaError { throw fail("location", error.description) }
        do { _ = try catalogue.channel(code: seed.channel) } catch let error as ScortaError {
            throw fail("channel", error.description)
        }
        try PointsRules(
            validFrom: validFrom, cycle: cycle, firstMember: allowance.firstMember,
            furtherMember: allowance.furtherMember,
            childExtra: allowance.childExtra ?? 0, childUnder: allowance.childUnder ?? 18, maximum: allowance.maximum,
            lapse: seed.lapseUnused, cardMonths: seed.cardMonths, location: seed.location, channel: seed.channel
        ).save(db)
        let market = Market(db)
        for (index, price) in seed.prices.enumerated() {
            do {
                guard price.points >= 0 else { throw ScortaError.invalid("points cannot be negative") }
                let item = try catalogue.item(sku: price.sku)
                guard try db.scalar("SELECT 1 FROM market_price WHERE item_id = ?", [item.id]) == nil else {
                    throw ScortaError.invalid("\(price.sku) has two prices")
                }
                try market.setPrice(item: item, points: price.points, from: validFrom, operatorName: seedOperator)
            } catch let error as ScortaError { throw fail("prices[\(index)] (\(price.sku))", error.description) }
        }
        for (index, limit) in (seed.limits ?? []).enumerated() {
            do {
                try market.setLimit(sku: limit.sku, category: limit.category, per: limit.per, quantity: limit.quantity)
            } catch let error as ScortaError { throw fail("limits[\(index)]", error.description) }
        }
    }
}
