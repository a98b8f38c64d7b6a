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

    /// Opening balances per item: today's cached balance less every movement
    /// dated on or after `from` (recent history is far shorter than all of it).
    func openings() throws -> [Int64: Int] {
        var openings: [Int64: Int] = [:]
        try db.prepare("SELECT item_id, sum(quantity) FROM balance WHERE location_id = ? GROUP BY item_id").forEach([
            location.id
        ]) {
            openings[$0.int64(0)] = $0.int(1)
        }
        try db.prepare(
            """
            SELECT l.item_id, sum(CASE WHEN l.to_location_id = ?1 THEN l.quantity ELSE -l.quantity END)
            FROM document_line l JOIN document d ON d.id = l.document_id
            WHERE (l.to_location_id = ?1 OR l.from_location_id = ?1) AND d.date >= ?2
            GROUP BY l.item_id
            """
        ).forEach([location.id, from.description]) { openings[$0.int64(0), default: 0] -= $0.int(1) }
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
    public func rows() throws -> QueryRows<StockRegisterRow> {
        let openings = try openings()
        let items = try db.query("SELECT id, sku, name FROM item ORDER BY sku") {
            (try $0["id"] as Int64, try $0["sku"] as String, try $0["name"] as String)
        }
        let locationID = location.id
        let from = from
        let to = to
        let db = db
        return QueryRows { body in
            let statement = try db.prepare(
                """
                SELECT d.date, d.number, d.type, r.number AS reverses, l.quantity, l.to_location_id = ?1 AS incoming,
                       d.counterparty, c.code AS channel, h.code AS household, fl.code AS from_location, tl.code AS to_location
                FROM document_line l JOIN document d ON d.id = l.document_id
                LEFT JOIN document r ON r.id = d.reverses_id LEFT JOIN channel c ON c.id = d.channel_id
                LEFT JOIN household h ON h.id = d.household_id
                LEFT JOIN location fl ON fl.id = l.from_location_id LEFT JOIN location tl ON tl.id = l.to_location_id
                WHERE (l.to_location_id = ?1 OR l.from_location_id = ?1) AND l.item_id = ?2 AND d.date >= ?3 AND d.date <= ?4
                ORDER BY d.date, d.id, l.id
                """)
            for (itemID, sku, name) in items {
                let opening = openings[itemID] ?? 0
                var balance = opening
                var opened = false
                func balanceLine(_ entry: StockRegisterRow.Entry, on date: CivilDate) -> StockRegisterRow {
                    StockRegisterRow(
                        sku: sku, item: name, date: date, document: nil, entry: entry, counterparty: nil, channel: nil,
                        household: nil, otherLocation: nil, quantityIn: nil, quantityOut: nil, balance: balance)
                }
                try statement.forEach([locationID, itemID, from.description, to.description]) { row in
                    if !opened {
                        try body(balanceLine(.opening, on: from))
                        opened = true
                    }
                    let quantity: Int = try row["quantity"]
                    let incoming: Bool = try row["incoming"]
                    balance += incoming ? quantity : -quantity
                    let type: DocumentType = try row["type"]
                    try body(
                        StockRegisterRow(
                            sku: sku, item: name, date: try row["date"], document: try row["number"],
                            entry: .movement(type, reverses: try row["reverses"]),
                            counterparty: try row["counterparty"],
                            channel: try row["channel"],
                            household: (try row["household"] as String?).map(HouseholdCode.display),
                            otherLocation: try row[incoming ? "from_location" : "to_location"],
                            quantityIn: incoming ? quantity : nil, quantityOut: incoming ? nil : quantity,
                            balance: balance))
                }
                if !opened, opening != 0 {
                    try body(balanceLine(.opening, on: from))
                    opened = true
                }
                if opened { try body(balanceLine(.closing, on: to)) }
            }
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
