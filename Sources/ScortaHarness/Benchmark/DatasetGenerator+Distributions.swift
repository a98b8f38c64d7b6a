import ScortaKit

/// The people side of a benchmark year: households registered with cards,
/// market checkouts (points, limits and all) at the first city's market, and
/// distributions elsewhere — market counters of the other cities and outreach
/// from the warehouses, some of them to anonymous contacts. Every one goes
/// through the same library calls the commands make.
extension DatasetGenerator {
    /// Registers the city's households on the first day of the year, with a
    /// card for the whole year; returns their codes.
    mutating func registerHouseholds(city: City, year: Int) throws -> [String] {
        let households = Households(db)
        let start = CivilDate(year: year, month: 1, day: 1)!
        var codes: [String] = []
        try db.inTransaction(units: .allOrNothing) {
            for _ in 0..<size.householdsPerCity {
                var members: [MemberSpec] = []
                for index in 0..<(1 + random.int(0..<4)) {
                    let age = index == 0 ? 18 + random.int(0..<70) : random.int(0..<80)
                    var member = MemberSpec(sex: [.female, .male, .female, .male, .unknown][random.int(0..<5)])
                    if random.chance(85) {
                        member.birth = BirthDate(
                            year: year - age, month: random.chance(70) ? 1 + random.int(0..<12) : nil, day: nil)
                    } else {
                        member.ageBand = AgeBand(age: age)
                    }
                    member.homeless = random.chance(10) ? nil : random.chance(25)
                    member.disability = random.chance(15) ? nil : random.chance(8)
                    member.thirdCountry = random.chance(10) ? nil : random.chance(30)
                    member.foreignMinority = random.chance(20) ? nil : random.chance(35)
                    members.append(member)
                }
                codes.append(
                    try households.register(
                        members: members, referredBy: ["CASC", "servizi sociali", "Caritas"][random.int(0..<3)],
                        on: start, cardMonths: 12, operatorName: operatorName))
            }
        }
        return codes
    }

    /// About `lines` distribution lines over the year: 60% market, 40%
    /// outreach (a third of it to anonymous contacts). The first city's
    /// market takes checkouts through `Market.checkout`; a checkout the rules
    /// refuse (points, limits) is simply not made, as at a real till.
    mutating func postDistributions(city: City, cityIndex: Int, year: Int, lines: Int, households codes: [String])
        throws
    {
        guard lines > 0, !codes.isEmpty else { return }
        let market = Market(db)
        let rules = try PointsRules.require(db, on: CivilDate(year: year, month: 1, day: 1)!)
        let priced = try goods.filter {
            try market.price(itemID: $0.id, on: CivilDate(year: year, month: 1, day: 1)!) != nil
        }
        let usesCheckout = cityIndex == 0 && city.market == rules.location && !priced.isEmpty
        let marketShelf = usesCheckout ? priced : (marketGoods.isEmpty ? goods : marketGoods)
        let outreachChannels = ["UMN", "CD", "CASC", "HF"]
        let perMonth = lines / 12
        for month in 0..<12 {
            // A checkout the rules refuse writes nothing, so the month goes on without it.
            try db.inTransaction(units: .allOrNothing) {
                try topUp(location: city.market, items: marketShelf, units: perMonth, year: year, month: month)
                var posted = 0
                var visit = 0
                while posted < perMonth {
                    let day = date(year, dayOfYear: month * 30 + 1 + visit % 27)
                    let context = PostingContext(date: day, operatorName: operatorName)
                    visit += 1
                    if random.chance(60) {
                        let count = 2 + random.int(0..<5)
                        let basket = (0..<count).map { _ in
                            LineSpec(
                                sku: marketShelf[random.int(0..<marketShelf.count)].sku, quantity: 1 + random.int(0..<2)
                            )
                        }
                        let unique = Dictionary(basket.map { ($0.sku, $0) }, uniquingKeysWith: { first, _ in first })
                            .values.sorted { $0.sku < $1.sku }
                        let code = codes[random.int(0..<codes.count)]
                        if usesCheckout {
                            do {
                                try market.checkout(card: code, lines: unique, context: context)
                            } catch ScortaError.refusedAll, ScortaError.refused {
                                continue
                            }
                        } else {
                            try Distributions(db).distribute(
                                from: city.market, to: .household(code), channel: "EMP", lines: unique, context: context
                            )
                        }
                        posted += unique.count
                        distributionLines += unique.count
                    } else {
                        let warehouse = city.warehouses[visit % 2]
                        let recipient: Recipient =
                            random.chance(33)
                            ? .anonymous(
                                AgeBand.allCases[1 + random.int(0..<4)], [.male, .female, .unknown][random.int(0..<3)])
                            : .household(codes[random.int(0..<codes.count)])
                        let item =
                            random.chance(30) && !kits.isEmpty
                            ? kits[random.int(0..<kits.count)] : goods[random.int(0..<goods.count)]
                        let spec = LineSpec(sku: item.sku, quantity: 1)
                        if try stockAt(warehouse, item, on: day, upTo: 1) < 1 {
                            try topUp(location: warehouse, items: [item], units: 20, year: year, month: month)
                        }
                        try Distributions(db).distribute(
                            from: warehouse, to: recipient, channel: outreachChannels[visit % 4],
                            lines: [spec], context: context)
                        posted += 1
                        distributionLines += 1
                    }
                }
            }
            meter?.set(done: try lineCount())
        }
    }

    /// What can leave on `date`, counted up to `limit` (all the generator asks is whether that
    /// much is there): a backdated visit cannot take what later dates need.
    func stockAt(_ location: String, _ item: Item, on date: CivilDate, upTo limit: Int) throws -> Int {
        try ledger.available(on: date, location: try catalogue.location(code: location).id, item: item.id, upTo: limit)
    }

    /// A monthly delivery straight to `location` so shelves hold enough for
    /// about `units` distribution lines (kits are assembled, never received).
    mutating func topUp(location: String, items: [Item], units: Int, year: Int, month: Int) throws {
        let perItem = max(10, 3 * units / max(items.count, 1))
        var specs: [LineSpec] = []
        for item in items where !item.isKit {
            let held = try stockAt(location, item, on: date(year, dayOfYear: month * 30), upTo: perItem)
            if held < perItem { specs.append(LineSpec(sku: item.sku, quantity: perItem - held + perItem / 2)) }
        }
        for kit in items where kit.isKit {
            try postAssemblyBatch(kit: kit, warehouse: location, quantity: 10, day: date(year, dayOfYear: month * 30))
        }
        guard !specs.isEmpty else { return }
        try ledger.receive(
            at: location, from: "Donazione", lines: specs,
            context: PostingContext(date: date(year, dayOfYear: month * 30), operatorName: operatorName))
    }
}
