/// A basket judged against the rules: what it costs, what is left, and every
/// reason it cannot be handed over.
public struct CheckoutEvaluation: Sendable {
    public struct Line: Sendable {
        public let item: Item
        public let quantity: Int
        /// Nil when the market has no price for the item (a refusal reason).
        public let unitPoints: Int?
        public var points: Int { (unitPoints ?? 0) * quantity }
    }

    public let lines: [Line]
    public let total: Int
    /// Points before this basket.
    public let balance: Int
    /// Every reason the checkout is refused (empty: it may go ahead).
    public let refusals: [String]
    /// Limits exceeded under a clerk's override (recorded with its reason).
    public let overridden: [String]
    /// The market's lots of the basket's items as judged: the checkout's posting picks from them.
    var shelf: Ledger.ShelfLots?

    public var left: Int { balance - total }
}

/// A posted checkout.
public struct Checkout: Sendable {
    public let document: PostedDocument
    public let householdCode: String
    public let evaluation: CheckoutEvaluation
}

extension Market {
    static let insertSales = BatchedSQL(
        "INSERT INTO market_sale(document_id, item_id, quantity, unit_points)", row: "(?, ?, ?, ?)")

    /// Adds up basket lines by item, keeping the order items first appear in.
    static func merge(_ lines: [(item: Item, quantity: Int)]) -> [(item: Item, quantity: Int)] {
        var merged: [(item: Item, quantity: Int)] = []
        for line in lines {
            if let index = merged.firstIndex(where: { $0.item.id == line.item.id }) {
                merged[index].quantity += line.quantity
            } else {
                merged.append(line)
            }
        }
        return merged
    }

    /// Judges a basket for a household on `date` without writing anything:
    /// card validity, stock at the market, limits per visit and per cycle,
    /// and points (pending allowances and lapses counted).
    public func evaluate(
        _ household: Household, basket: [(item: Item, quantity: Int)], on date: CivilDate,
        override: String? = nil
    ) throws -> CheckoutEvaluation {
        let rules = try PointsRules.require(db, on: date)
        let account = try PointsLedger(db).account(household, through: date, rules: rules)
        return try evaluate(household, basket: basket, on: date, override: override, rules: rules, points: account)
    }

    /// Judges a basket against the rules and the household's points as
    /// already read (a checkout has just settled them).
    /// `readingAlso`: reads the caller makes next, sent in the same round trip as the judging's own.
    func evaluate(
        _ household: Household, basket: [(item: Item, quantity: Int)], on date: CivilDate, override: String?,
        rules: PointsRules, points account: PointsAccount,
        readingAlso: [(sql: String, values: [any SQLBindable])] = []
    ) throws -> CheckoutEvaluation {
        let location = try marketLocation(rules, on: date)
        let merged = Market.merge(basket)
        // On a server the card's suspension, each item's price and lots and the market's limits need
        // nothing from each other: one round trip (asked below in this order; one not asked is dropped).
        var reads: [(sql: String, values: [any SQLBindable])] = [
            (Cards.suspensionSQL.description, [household.id, date.description])
        ]
        for (item, _) in merged {
            reads.append((pointsPrices.valueSQL.description, [item.id, date.description]))
            reads.append(Ledger.PickingLots(location: location.id, item: item.id).firstRead)
        }
        reads.append((Market.limitKeysSQL.description, []))
        try db.readAhead(reads + readingAlso)
        var refusals: [String] = []
        var overridden: [String] = []
        let cardRefusal = try Cards(db).status(householdID: household.id, on: date, periods: account.periods).refusal
        if let cardRefusal { refusals.append(cardRefusal) }
        var lines: [CheckoutEvaluation.Line] = []
        var shelf = Ledger.ShelfLots(location: location.id)
        for (item, quantity) in merged {
            let price = try price(itemID: item.id, on: date)
            if price == nil { refusals.append("\(item.sku) has no points price at the market") }
            lines.append(.init(item: item, quantity: quantity, unitPoints: price))
            // Read in picking order until the line is served: what posting then takes first.
            var lots = Ledger.PickingLots(location: location.id, item: item.id)
            var available = 0
            var index = 0
            while available < quantity, let held = try lots.lot(index, in: db) {
                index += 1
                available += held.quantity
            }
            shelf.lots[item.id] = lots
            if available < quantity {  // every lot read: the item's whole stock there
                refusals.append("out of stock: \(item.sku) has \(available) at \(location.code), \(quantity) requested")
            }
        }
        let cycle = rules.cycle(containing: date, anchor: account.anchor)
        for limit in try limitRules(covering: merged) {
            let inBasket = merged.filter { limit.covers($0.item) }.reduce(0) { $0 + $1.quantity }
            guard inBasket > 0 else { continue }
            var violation: String?
            switch limit.scope {
            case .visit where inBasket > limit.quantity:
                violation =
                    "over the limit: \(limit.label) at most \(limit.quantity) per visit, \(inBasket) in the basket"
            case .cycle:
                let already = try takenThisCycle(household, limit, cycle)
                if already + inBasket > limit.quantity {
                    violation =
                        "over the limit: \(limit.label) at most \(limit.quantity) per cycle (from \(cycle.start)), \(already) already taken, \(inBasket) in the basket"
                }
            default: break
            }
            if let violation { if override == nil { refusals.append(violation) } else { overridden.append(violation) } }
        }
        let balance = account.spendable(on: date, cycleEnd: cycle.end)
        let total = lines.reduce(0) { $0 + $1.points }
        // Without a usable card there are no points to judge (they come with the card).
        if cardRefusal == nil, total > balance {
            refusals.append("not enough points: the basket costs \(total), \(balance) left")
        }
        return CheckoutEvaluation(
            lines: lines, total: total, balance: balance, refusals: refusals, overridden: overridden, shelf: shelf)
    }

    /// The market's location as the rules in force on `date` name it. On a server it is read
    /// with the rules (`marketLocationSQL`, sent ahead by a checkout with the household's reads)
    /// rather than by its code once they are known: a round trip fewer.
    func marketLocation(_ rules: PointsRules, on date: CivilDate) throws -> Location {
        if db.isPostgreSQL, let found = try db.first(Market.marketLocationSQL, [date.description], Catalogue.location),
            found.code == rules.location
        {
            return found
        }
        return try Ledger(db).catalogue.location(code: rules.location)
    }

    static let marketLocationSQL: StaticString = """
        SELECT id, code, name, kind, active FROM location WHERE code = (SELECT r.market_location FROM points_rule r
        WHERE r.valid_from = (SELECT max(valid_from) FROM points_rule WHERE valid_from <= ?))
        """

    /// Units the household took in this cycle under a limit (reversed checkouts do not count).
    func takenThisCycle(_ household: Household, _ limit: Limit, _ cycle: (start: CivilDate, end: CivilDate)) throws
        -> Int
    {
        Int(
            try db.scalar(
                """
                SELECT coalesce(sum(s.quantity), 0) FROM market_sale s JOIN document d ON d.id = s.document_id
                JOIN item i ON i.id = s.item_id JOIN category c ON c.id = i.category_id
                WHERE d.household_id = ?1 AND d.date BETWEEN ?2 AND ?3 AND (s.item_id = ?4 OR c.code = ?5)
                  AND NOT EXISTS (SELECT 1 FROM document_reversal WHERE document_id = d.id)
                """, [household.id, cycle.start.description, cycle.end.description, limit.itemID, limit.categoryCode])
                ?? 0)
    }

    /// The items typed or scanned as `SKU:QTY` (a barcode or GTIN works too).
    public func basket(_ specs: [LineSpec]) throws -> [(item: Item, quantity: Int)] {
        let catalogue = Catalogue(db)
        return try specs.map { spec in
            guard spec.lot == nil else {
                throw ScortaError.invalid("market lines are SKU:QTY; the lot is picked first-expiry-first-out")
            }
            guard spec.quantity > 0 else { throw ScortaError.invalid("\(spec.sku): quantity must be greater than 0") }
            let scanned = try catalogue.scan(spec.sku)
            return (scanned.item, scanned.quantity * spec.quantity)
        }
    }

    /// One atomic checkout: stock out of the market, points debited and the
    /// distribution recorded with its recipients — or a refusal listing every
    /// reason, with nothing written. `override` lets a clerk exceed limits
    /// (never points, stock or the card), recorded with the reason.
    @discardableResult
    public func checkout(card: String, lines specs: [LineSpec], context: PostingContext, override: String? = nil) throws
        -> Checkout
    {
        // The basket is read in the checkout's transaction: on a server its codes go with the card and
        // the closed period, and with the transaction's beginning, in one round trip instead of three.
        let codes = specs.map(\.sku)
        return try checkout(
            card: card, context: context, override: override, reading: codes.flatMap(Catalogue.scanReads)
        ) {
            let basket = try basket(specs)
            guard !basket.isEmpty else { throw ScortaError.invalid("the basket is empty") }
            return basket
        }
    }

    public func checkout(
        card: String, basket: [(item: Item, quantity: Int)], context: PostingContext, override: String? = nil
    ) throws -> Checkout {
        try checkout(card: card, context: context, override: override, reading: []) { basket }
    }

    /// `reading`: what `basket` reads, sent ahead with the checkout's first reads.
    private func checkout(
        card: String, context: PostingContext, override: String?, reading: [(sql: String, values: [any SQLBindable])],
        basket makeBasket: () throws -> [(item: Item, quantity: Int)]
    ) throws -> Checkout {
        try db.inSavepoint {
            // The basket's codes, the closed period and the card need nothing from each other.
            try db.readAhead(
                reading + [(Ledger.closedUntilSQL.description, [])]
                    + (HouseholdCode.normalise(card).map { [(Households.byCodeSQL.description, [$0])] } ?? []))
            let basket = try makeBasket()
            if let override, override.trimmingSpaces.isEmpty { throw ScortaError.invalid("an override needs a reason") }
            // A wrong date is the first thing to say, before the card or the stock on it.
            try Ledger(db).checkPostingDate(context.date)
            // On a server the next four lookups (the rules, the members' versions, the card's periods, the
            // points entries) need only the household and the day: they go with its members, one round trip.
            let household = try Households(db).household(code: card) { id in
                [
                    (PointsRules.loadSQL.description, [context.date.description]),
                    (MemberVersions.loadSQL.description, [id]),
                    (Cards.periodsSQL.description, [id]),
                    (PointsLedger.entriesSQL.description, [id]),
                    (Market.marketLocationSQL.description, [context.date.description])
                ]
            }
            let rules = try PointsRules.require(db, on: context.date)
            let points = PointsLedger(db)
            // The members' versions are read once: for the allowances settled and the recipients.
            let versions = try MemberVersions(household, in: db)
            // Judged before the pending allowances and lapses are written (the
            // balance counts them): a refused checkout writes nothing.
            var account = try points.settling(household, through: context.date, rules: rules, versions: versions)
            // The checkout's channel goes with the judging's reads: a round trip fewer on a server (when
            // allowances or lapses are written first, its answer is dropped and asked again). The posting
            // does not check the date again: it was checked above, and nothing here closes a period.
            let evaluation = try evaluate(
                household, basket: basket, on: context.date, override: override, rules: rules, points: account,
                readingAlso: [(Catalogue.channelSQL.description, [rules.channel])])
            guard evaluation.refusals.isEmpty else { throw ScortaError.refusedAll(evaluation.refusals) }
            try points.writePending(&account, household, operatorName: context.operatorName)
            // The spend's id goes with the posting's first round trip (see `Database.reserveIDs`).
            db.reserveIDs("points_entry", count: 1)
            let catalogue = Catalogue(db)
            var draft = context.draft(.distribution)
            // The market the basket was judged at (its shelf), not looked up again.
            draft.locationID = try evaluation.shelf?.location ?? catalogue.location(code: rules.location).id
            draft.channelID = try catalogue.channel(code: rules.channel).id
            draft.householdID = household.id
            if !evaluation.overridden.isEmpty, let override {
                draft.reason = "limit override: " + override.trimmingSpaces
            }
            draft.lines = evaluation.lines.map {
                .init(itemID: $0.item.id, lotID: nil, quantity: $0.quantity, from: draft.locationID, to: nil)
            }
            var (posted, form) = try Distributions(db).posting(
                draft, recipients: try versions.snapshot(household, on: context.date), sealed: false,
                shelf: evaluation.shelf, dateChecked: true)
            // Sales, overrides and the points spend are part of the checkout's hash (form 2),
            // appended to it as written: sales by item, overrides in order, then the spend.
            var sales: [SQLValue] = []
            sales.reserveCapacity(4 * evaluation.lines.count)
            for line in evaluation.lines.sorted(by: { $0.item.id < $1.item.id }) {
                let values: [SQLValue] = [
                    .integer(line.item.id), .integer(Int64(line.quantity)), .integer(Int64(line.unitPoints ?? 0))
                ]
                sales.append(.integer(posted.id))
                sales += values
                form.appendDependent(.sale, values)
            }
            // One statement for the basket's sales.
            try db.writeBatched(Market.insertSales, values: sales)
            for (ordinal, rule) in evaluation.overridden.enumerated() {
                let values: [SQLValue] = [.text(rule), .text(override!.trimmingSpaces), .text(context.operatorName)]
                try db.write(
                    "INSERT INTO market_override(document_id, ordinal, rule, reason, operator) VALUES (?, ?, ?, ?, ?)",
                    [SQLValue.integer(posted.id), .integer(Int64(ordinal))] + values)
                form.appendDependent(.override, values)
            }
            let cycle = rules.cycle(containing: context.date, anchor: account.anchor)
            // On a server the spend is held back with its id taken ahead, and the seal's reading of the
            // chain's head takes it and all the checkout's writes along.
            var spend = try points.insert(
                household.id, date: context.date, kind: "spend", points: -evaluation.total, cycleStart: cycle.start,
                documentID: posted.id, balanceAfter: evaluation.left, operatorName: context.operatorName)
            spend.remove(at: 6)  // the document it belongs to is not among the sealed columns
            form.appendDependent(.points, spend)
            try HashChain.seal(form, in: db)
            return Checkout(document: posted, householdCode: household.code, evaluation: evaluation)
        }
    }
}
