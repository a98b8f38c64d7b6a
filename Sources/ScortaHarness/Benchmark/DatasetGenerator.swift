import ScortaKit

/// Builds a benchmark dataset through Scorta's own posting path (the same
/// library calls the commands make), so the figures measure the real thing.
///
///     var generator = DatasetGenerator(db: db, size: .city)
///     try generator.build { print($0) }
public struct DatasetGenerator {
    public let db: Database
    public let size: DatasetSize
    public let year: Int
    var random = SeededRandom(seed: 2026)
    var ledger: Ledger { Ledger(db) }
    var catalogue: Catalogue { Catalogue(db) }
    let operatorName = "bench"

    /// Per city: its two warehouses and its market.
    public struct City: Sendable {
        public let warehouses: [String]
        public let market: String
    }
    public private(set) var cities: [City] = []
    var goods: [Item] = []
    var marketGoods: [Item] = []
    var kits: [Item] = []
    /// Distribution lines posted so far, counted as they are posted: a
    /// count(*) join over the whole ledger after every city grew with it.
    public internal(set) var distributionLines = 0
    /// Ledger lines so far, month by month: a region's build takes many minutes.
    var meter: ProgressMeter?

    public init(db: Database, size: DatasetSize, year: Int = CivilDate.today().year - 1) {
        self.db = db
        self.size = size
        self.year = year
    }

    /// Ledger lines posted so far. Lines are never deleted, so the highest
    /// row id is their count, read from the end of the table instead of a scan.
    public func lineCount() throws -> Int { Int(try db.scalar("SELECT coalesce(max(id), 0) FROM document_line") ?? 0) }

    /// The connection's page cache and checkpoints while building (`SQLiteTuning`).
    public var tuning = SQLiteTuning()

    public mutating func build(progress: (String) -> Void) throws {
        let restore = try applyTuning()
        defer { restore() }
        let start = Clock.monotonicSeconds()
        func elapsed() -> String { "\(Int(Clock.monotonicSeconds() - start)) s" }
        let meter = SignsOfLife.begin("dataset '\(size.name)'", unit: "ledger lines")
        self.meter = meter
        defer { meter.end() }
        try prepareCatalogue()
        for year in stride(from: year - size.historyYears, to: year, by: 1) {
            for (index, city) in cities.enumerated() {
                meter.phase = "history \(year), city \(index + 1) of \(cities.count)"
                try postYear(city: city, year: year, lines: size.historyLinesPerCityYear, full: false)
                try checkpointCityYear()
            }
            progress("history \(year): \(try lineCount()) ledger lines (\(elapsed()))")
        }
        for (index, city) in cities.enumerated() {
            meter.phase = "year \(year), city \(index + 1) of \(cities.count)"
            try postYear(city: city, year: year, lines: 0, full: true)
            let codes = try registerHouseholds(city: city, year: year)
            try postDistributions(
                city: city, cityIndex: index, year: year, lines: size.distributionLinesPerCity, households: codes)
            try checkpointCityYear()
            progress(
                "year \(year), city \(index + 1): \(try lineCount()) ledger lines, \(distributionLines) distribution lines (\(elapsed()))"
            )
        }
    }

    // MARK: - Catalogue and places

    mutating func prepareCatalogue() throws {
        try db.inTransaction {
            let categories = try db.query("SELECT code FROM category WHERE kind = 'goods' ORDER BY code") { $0.text(0) }
            let existing = Int(try db.scalar("SELECT count(*) FROM item WHERE is_kit = 0") ?? 0)
            let start = CivilDate(year: year - size.historyYears, month: 1, day: 1)!
            for index in 0..<max(0, size.items - existing) {
                try catalogue.addItem(
                    NewItem(
                        sku: "BN-\(index + 1)", name: "Articolo di prova \(index + 1)", unit: "pz",
                        category: categories[index % categories.count], valueCents: 50 + random.int(0..<3000)),
                    valueFrom: start, operatorName: operatorName)
            }
            let moved = try db.query(
                "SELECT item_id, valid_from FROM item_value WHERE valid_from > ?", [start.description]
            ) { ($0.int64(0), $0.text(1)) }
            try db.run(
                "UPDATE item_value SET valid_from = ? WHERE valid_from > ?", [start.description, start.description])
            for (item, from) in moved {
                try HashChain.seal(.itemValue, key: [item, from], in: db)
                try HashChain.seal(.itemValue, key: [item, start.description], in: db)
            }
            goods = try catalogue.items().filter { !$0.isKit }
            marketGoods = goods.filter {
                $0.categoryCode.hasPrefix("food") || $0.categoryCode == "hygiene" || $0.categoryCode == "child"
            }
            var kitItems = try catalogue.items(kitsOnly: true)
            var extra = 0
            while kitItems.count < size.kits {
                extra += 1
                let kit = try catalogue.addItem(
                    NewItem(
                        sku: "KIT-BN\(extra)", name: "Kit di prova \(extra)", unit: "kit", category: "kit",
                        valueCents: 0, isKit: true), valueFrom: start, operatorName: operatorName)
                var components: [(sku: String, quantity: Int)] = []
                var used = Set<String>()
                while components.count < 5 {
                    let item = goods[random.int(0..<goods.count)]
                    if used.insert(item.sku).inserted { components.append((item.sku, 1 + random.int(0..<2))) }
                }
                try catalogue.addRecipe(kit: kit, components: components, operatorName: operatorName)
                kitItems.append(kit)
            }
            kits = kitItems
            cities = [City(warehouses: ["MAG-A", "MAG-B"], market: "EMP")]
            for number in stride(from: 2, through: size.cities, by: 1) {
                let suffix = "-" + number.zeroPadded(2)
                try catalogue.addLocation(
                    code: "MAG-A" + suffix, name: "Magazzino Centrale città \(number)", kind: "warehouse")
                try catalogue.addLocation(
                    code: "MAG-B" + suffix, name: "Magazzino Nord città \(number)", kind: "warehouse")
                try catalogue.addLocation(
                    code: "EMP" + suffix, name: "Emporio Solidale città \(number)", kind: "market")
                cities.append(City(warehouses: ["MAG-A" + suffix, "MAG-B" + suffix], market: "EMP" + suffix))
            }
        }
    }

    // MARK: - A year of work

    func date(_ year: Int, dayOfYear: Int) -> CivilDate {
        CivilDate(year: year, month: 1, day: 1)!.adding(days: min(dayOfYear, 363))
    }

    /// One city's year: receipts first in each month, then transfers to the
    /// market, kit assemblies, and monthly counts. With `full`, the sizes of
    /// the reported year; otherwise about `lines` ledger lines of history.
    mutating func postYear(city: City, year: Int, lines: Int, full: Bool) throws {
        let receiptLines = full ? size.receiptLinesPerCity : lines / 2
        let transferLines = full ? size.receiptLinesPerCity / 4 : lines / 4
        let assemblies = full ? size.assembliesPerCity : 0
        let months = 12
        for month in 0..<months {
            try db.inTransaction(units: .allOrNothing) {
                try postReceipts(city: city, year: year, month: month, lines: receiptLines / months)
                try postTransfers(city: city, year: year, month: month, lines: transferLines / months)
                try postAssemblies(city: city, year: year, month: month, count: assemblies / months)
                if full { try postCounts(city: city, year: year, month: month) }
            }
            meter?.set(done: try lineCount())
        }
    }

    /// A received lot's code, unique in the dataset: the market without its dash, the year's last two digits, the
    /// month, the receipt and the line. It must fit a GS1-128 lot (at most 20 characters): the region's
    /// `LEMP-02-2016-11-196-24` had 22, and its build stopped at the first lot that long.
    static func lotCode(market: String, year: Int, month: Int, document: Int, line: Int) -> String {
        "L\(market.filter { $0 != "-" })-\(year % 100)-\(month)-\(document)-\(line)"
    }

    mutating func postReceipts(city: City, year: Int, month: Int, lines: Int) throws {
        var remaining = lines
        var document = 0
        while remaining > 0 {
            let count = min(remaining, 25)
            var specs: [LineSpec] = []
            for line in 0..<count {
                let item = goods[random.int(0..<goods.count)]
                if random.chance(40) {
                    let expiry = date(year + 1, dayOfYear: random.int(0..<700))
                    specs.append(
                        LineSpec(
                            sku: item.sku, quantity: 200 + random.int(0..<800),
                            lot: Self.lotCode(
                                market: city.market, year: year, month: month, document: document, line: line),
                            expiry: expiry))
                } else {
                    specs.append(LineSpec(sku: item.sku, quantity: 200 + random.int(0..<800)))
                }
            }
            let context = PostingContext(
                date: date(year, dayOfYear: month * 30 + document % 5), operatorName: operatorName,
                reference: "DDT-\(city.market)-\(year)-\(month)-\(document)")
            try ledger.receive(at: city.warehouses[document % 2], from: "Fornitore", lines: specs, context: context)
            remaining -= count
            document += 1
        }
    }

    mutating func postTransfers(city: City, year: Int, month: Int, lines: Int) throws {
        var remaining = lines
        var document = 0
        while remaining > 0 {
            let count = min(remaining, 10)
            let from = city.warehouses[document % 2]
            let fromID = try catalogue.location(code: from).id
            let day = date(year, dayOfYear: month * 30 + 6 + document % 5)
            var specs: [LineSpec] = []
            var used = Set<Int64>()
            for _ in 0..<count {
                let item = (marketGoods.isEmpty ? goods : marketGoods)[
                    random.int(0..<(marketGoods.isEmpty ? goods : marketGoods).count)]
                guard used.insert(item.id).inserted else { continue }
                // What can leave on the transfer's date without leaving a later date short.
                // min(held / 2, 100) reads no more than 200 units' worth of lots.
                let held = try ledger.available(on: day, location: fromID, item: item.id, upTo: 200)
                if held >= 20 { specs.append(LineSpec(sku: item.sku, quantity: min(held / 2, 100))) }
            }
            if !specs.isEmpty {
                try ledger.transfer(
                    from: from, to: city.market, lines: specs,
                    context: PostingContext(date: day, operatorName: operatorName))
            }
            remaining -= count
            document += 1
        }
    }

    mutating func postAssemblies(city: City, year: Int, month: Int, count: Int) throws {
        for index in 0..<count {
            try postAssemblyBatch(
                kit: kits[random.int(0..<kits.count)], warehouse: city.warehouses[index % 2],
                quantity: 5 + random.int(0..<10), day: date(year, dayOfYear: month * 30 + 10 + index % 5))
        }
    }

    /// Assembles `quantity` kits, first receiving any missing components as a
    /// real warehouse would.
    mutating func postAssemblyBatch(kit: Item, warehouse: String, quantity: Int, day: CivilDate) throws {
        let recipe = try catalogue.currentRecipe(kit: kit)
        let locationID = try catalogue.location(code: warehouse).id
        var topUp: [LineSpec] = []
        for component in recipe.components {
            let needed = component.quantity * quantity
            if try ledger.available(on: day, location: locationID, item: component.itemID, upTo: needed) < needed {
                topUp.append(LineSpec(sku: component.sku, quantity: component.quantity * max(50, quantity)))
            }
        }
        if !topUp.isEmpty {
            try ledger.receive(
                at: warehouse, from: "Fornitore", lines: topUp,
                context: PostingContext(date: day, operatorName: operatorName))
        }
        try ledger.assemble(
            kit: kit.sku, quantity: quantity, at: warehouse,
            context: PostingContext(date: day, operatorName: operatorName))
    }

    /// A monthly partial count of a few items at each location: the first five held in one lot only.
    mutating func postCounts(city: City, year: Int, month: Int) throws {
        for location in city.warehouses + [city.market] {
            let locationID = try catalogue.location(code: location).id
            let held = try heldInOneLot(at: locationID, limit: 5)
            guard !held.isEmpty else { continue }
            let entries = held.map { CountEntry(sku: $0.0, lot: $0.1, counted: max(0, $0.2 - random.int(0..<2))) }
            try ledger.count(
                at: location, entries: entries, full: false,
                context: PostingContext(date: date(year, dayOfYear: month * 30 + 28), operatorName: operatorName))
        }
    }

    /// The first `limit` items, in id order, held at a location in exactly one lot: their SKU, lot code
    /// and quantity. One pass over the location's balances grouped by item; a count of each item's open
    /// lots asked row by row read every lot of an item once for each of its lots, and after a region's
    /// nine years of history an item has hundreds of open lots at each place.
    func heldInOneLot(at locationID: Int64, limit: Int) throws -> [(sku: String, lot: String?, quantity: Int)] {
        try db.query(
            """
            SELECT i.sku, l.code, b.quantity
            FROM (SELECT item_id, min(lot_id) AS lot_id FROM balance WHERE location_id = ?1 AND quantity > 0
                  GROUP BY item_id HAVING count(*) = 1 ORDER BY item_id LIMIT ?2) one
            JOIN balance b ON b.location_id = ?1 AND b.item_id = one.item_id AND b.lot_id = one.lot_id
            JOIN item i ON i.id = b.item_id LEFT JOIN lot l ON l.id = b.lot_id
            ORDER BY b.item_id
            """, [locationID, limit]
        ) { ($0.text(0), $0.optionalText(1), $0.int(2)) }
    }
}
