/// Stock register (registro di carico e scarico) of one location over a
/// period: per item the opening balance, every movement in date order with
/// its document, counterparty or channel, quantity in, quantity out and
/// running balance, then the closing balance. Reversals are shown as such.
public struct StockRegister {
    public let db: Database
    public let location: Location
    public let from: CivilDate
    public let to: CivilDate

    public init(db: Database, location code: String, from: CivilDate, to: CivilDate) throws {
        guard from <= to else { throw ScortaError.invalid("the period starts on \(from), after it ends on \(to)") }
        self.db = db
        self.location = try Catalogue(db).location(code: code)
        self.from = from
        self.to = to
    }

    /// Opening balances per item: today's cached balance less the net movement of every day from
    /// `from` on, read from the days (`stock_day`, which `check` proves against the lines). Read from
    /// the lines it went through every line of the location since the ledger began for its date,
    /// 1.6 of the 13 s a year's register of a region's warehouse took.
    func openings() throws -> [Int64: Int] {
        var openings: [Int64: Int] = [:]
        try db.prepare("SELECT item_id, sum(quantity) FROM balance WHERE location_id = ? GROUP BY item_id").forEach([
            location.id
        ]) {
            openings[$0.int64(0)] = $0.int(1)
        }
        try db.prepare("SELECT item_id, sum(net) FROM stock_day WHERE location_id = ? AND date >= ? GROUP BY item_id")
            .forEach([location.id, from.description]) { openings[$0.int64(0), default: 0] -= $0.int(1) }
        return openings
    }

    public func document(language l: ReportLanguage, organisation: Organisation) throws -> ReportDocument {
        var document = ReportDocument(
            title: l.pick("Registro di carico e scarico", "Stock register"),
            header: [
                organisation.name,
                l.pick("Sede: \(location.code) - \(location.name)", "Location: \(location.code) - \(location.name)"),
                l.pick("Periodo: dal \(from) al \(to) (estremi inclusi)", "Period: \(from) to \(to) (both included)")
            ], language: l)
        document.anchor(try HashChain.anchor(db))
        document.landscape = true
        document.householdCodes = true  // a distribution's movement names its household
        document.markReopened(try Ledger(db).reopens(overlapping: from, to))
        document.add(
            "register", l.pick("Movimenti", "Movements"), try source(l), widths: [1.4, 4, 1.5, 2, 2.4, 4, 1.1, 1.1, 1.2]
        )
        document.note(
            l.pick("Note", "Notes"),
            [
                l.pick(
                    "Giacenza iniziale: giacenza attuale meno i movimenti datati dal \(from) in poi.",
                    "Opening balance: today's balance less the movements dated from \(from) on."),
                l.pick(
                    "Gli storni compaiono come movimenti propri, con il numero del documento stornato.",
                    "Reversals appear as movements of their own, with the number of the document they reverse.")
            ])
        return document
    }

    /// The register as a table titled in `l`.
    public func source(_ l: ReportLanguage) throws -> TableSource {
        TableSource(try rows(), language: l)
    }

    /// Per item (by SKU) its opening balance, its movements at the location in
    /// date order with the running balance, and its closing balance; items
    /// with neither a movement nor a balance are left out. Streamed, item by item.
    ///
    /// The movements of every item come from one statement, in SKU order. A statement an item
    /// found the item's lines through the item's index, at every location and since the ledger
    /// began, each looked up for its date: a year's register of a region's warehouse read all 10.6
    /// million lines that way (11 of its 13 s).
    public func rows() throws -> QueryRows<StockRegisterRow> {
        let openings = try openings()
        let items = try db.query("SELECT id, sku, name FROM item ORDER BY sku") {
            (id: try $0["id"] as Int64, sku: try $0["sku"] as String, name: try $0["name"] as String)
        }
        let position = Dictionary(uniqueKeysWithValues: items.enumerated().map { ($0.element.id, $0.offset) })
        let locationID = location.id
        let from = from
        let to = to
        let db = db
        return QueryRows { body in
            func balanceLine(_ item: Int, _ entry: StockRegisterRow.Entry, on date: CivilDate, _ balance: Int)
                -> StockRegisterRow
            {
                StockRegisterRow(
                    sku: items[item].sku, item: items[item].name, date: date, document: nil, entry: entry,
                    counterparty: nil, channel: nil, household: nil, otherLocation: nil, quantityIn: nil,
                    quantityOut: nil, balance: balance)
            }
            // The item whose movements are being listed, with its running balance; items before `next` are done.
            var listing: (item: Int, balance: Int)?
            var next = 0
            // Closes the item being listed, then lists the items before `end` that moved nothing in the
            // period but hold stock at its start: their opening and closing balances.
            func finish(before end: Int) throws {
                if let listing { try body(balanceLine(listing.item, .closing, on: to, listing.balance)) }
                listing = nil
                while next < end {
                    let opening = openings[items[next].id] ?? 0
                    if opening != 0 {
                        try body(balanceLine(next, .opening, on: from, opening))
                        try body(balanceLine(next, .closing, on: to, opening))
                    }
                    next += 1
                }
            }
            let statement = try db.prepare(
                """
                SELECT l.item_id, d.date, d.number, d.type, r.number AS reverses, l.quantity,
                       l.to_location_id = ?1 AS incoming, d.counterparty, c.code AS channel, h.code AS household,
                       fl.code AS from_location, tl.code AS to_location
                FROM document_line l JOIN document d ON d.id = l.document_id JOIN item i ON i.id = l.item_id
                LEFT JOIN document r ON r.id = d.reverses_id LEFT JOIN channel c ON c.id = d.channel_id
                LEFT JOIN household h ON h.id = d.household_id
                LEFT JOIN location fl ON fl.id = l.from_location_id LEFT JOIN location tl ON tl.id = l.to_location_id
                WHERE (l.to_location_id = ?1 OR l.from_location_id = ?1) AND d.date >= ?2 AND d.date <= ?3
                ORDER BY i.sku, d.date, d.id, l.id
                """)
            try statement.forEach([locationID, from.description, to.description]) { row in
                let itemID: Int64 = try row["item_id"]
                if listing.map({ items[$0.item].id }) != itemID {
                    guard let item = position[itemID], item >= next else {
                        throw ScortaError.invalid("the register's movements are not in the order of its items")
                    }
                    try finish(before: item)
                    let opening = openings[itemID] ?? 0
                    try body(balanceLine(item, .opening, on: from, opening))
                    listing = (item, opening)
                    next = item + 1
                }
                let quantity: Int = try row["quantity"]
                let incoming: Bool = try row["incoming"]
                let balance = (listing?.balance ?? 0) + (incoming ? quantity : -quantity)
                listing?.balance = balance
                let type: DocumentType = try row["type"]
                try body(
                    StockRegisterRow(
                        sku: items[next - 1].sku, item: items[next - 1].name, date: try row["date"],
                        document: try row["number"], entry: .movement(type, reverses: try row["reverses"]),
                        counterparty: try row["counterparty"], channel: try row["channel"],
                        household: (try row["household"] as String?).map(HouseholdCode.display),
                        otherLocation: try row[incoming ? "from_location" : "to_location"],
                        quantityIn: incoming ? quantity : nil, quantityOut: incoming ? nil : quantity,
                        balance: balance))
            }
            try finish(before: items.count)
        }
    }

    static func movementName(_ type: DocumentType, _ l: ReportLanguage) -> String {
        switch type {
        case .receipt: return l.pick("ricevimento", "receipt")
        case .transfer: return l.pick("trasferimento", "transfer")
        case .assembly: return l.pick("assemblaggio kit", "kit assembly")
        case .disassembly: return l.pick("disassemblaggio kit", "kit disassembly")
        case .adjustment: return l.pick("rettifica", "adjustment")
        case .count: return l.pick("inventario", "count")
        case .reversal: return l.pick("storno", "reversal")
        case .distribution: return l.pick("consegna", "distribution")
        }
    }
}
