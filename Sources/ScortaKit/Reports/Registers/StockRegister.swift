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
        try db.prepare("SELECT item_id, sum(quantity) FROM balance WHERE location_id = ? GROUP BY item_id").forEach([location.id]) {
            openings[$0.int64(0)] = $0.int(1)
        }
        try db.prepare("""
            SELECT l.item_id, sum(CASE WHEN l.to_location_id = ?1 THEN l.quantity ELSE -l.quantity END)
            FROM document_line l JOIN document d ON d.id = l.document_id
            WHERE (l.to_location_id = ?1 OR l.from_location_id = ?1) AND d.date >= ?2
            GROUP BY l.item_id
            """).forEach([location.id, from.description]) { openings[$0.int64(0), default: 0] -= $0.int(1) }
        return openings
    }

    public func document(language l: ReportLanguage, organisation: Organisation) throws -> ReportDocument {
        var document = ReportDocument(title: l.pick("Registro di carico e scarico", "Stock register"), header: [
            organisation.name,
            l.pick("Sede: \(location.code) - \(location.name)", "Location: \(location.code) - \(location.name)"),
            l.pick("Periodo: dal \(from) al \(to) (estremi inclusi)", "Period: \(from) to \(to) (both included)"),
        ], language: l)
        document.anchor(try HashChain.anchor(db))
        document.landscape = true
        document.householdCodes = true  // a distribution's movement names its household
        document.markReopened(try Ledger(db).reopens(overlapping: from, to))
        document.add("register", l.pick("Movimenti", "Movements"), try source(l), widths: [1.4, 4, 1.5, 2, 2.4, 4, 1.1, 1.1, 1.2])
        document.note(l.pick("Note", "Notes"), [
            l.pick("Giacenza iniziale: giacenza attuale meno i movimenti datati dal \(from) in poi.",
                   "Opening balance: today's balance less the movements dated from \(from) on."),
            l.pick("Gli storni compaiono come movimenti propri, con il numero del documento stornato.",
                   "Reversals appear as movements of their own, with the number of the document they reverse."),
        ])
        return document
    }

    public func source(_ l: ReportLanguage) throws -> TableSource {
        let columns: [Listing.Column] = [
            .init("sku", "SKU"), .init("item", l.pick("ARTICOLO", "ITEM")), .init("date", l.pick("DATA", "DATE")),
            .init("document", l.pick("DOCUMENTO", "DOCUMENT")), .init("movement", l.pick("MOVIMENTO", "MOVEMENT")),
            .init("counterparty", l.pick("CONTROPARTE / CANALE", "COUNTERPARTY / CHANNEL")),
            .init("in", l.pick("CARICO", "IN"), alignRight: true), .init("out", l.pick("SCARICO", "OUT"), alignRight: true),
            .init("balance", l.pick("GIACENZA", "BALANCE"), alignRight: true),
        ]
        let openings = try openings()
        let items = try db.query("SELECT id, sku, name FROM item ORDER BY sku") { ($0.int64(0), $0.text(1), $0.text(2)) }
        let locationID = location.id, from = from.description, to = to.description
        let db = db
        return TableSource(columns: columns) { body in
            let statement = try db.prepare("""
                SELECT l.item_id, d.date, d.number, d.type, r.number, l.quantity, l.to_location_id = ?1,
                       d.counterparty, c.code, h.code, fl.code, tl.code
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
                func open() throws {
                    try body([.string(sku), .string(name), .string(from), .null, .string(l.pick("giacenza iniziale", "opening balance")),
                              .null, .null, .null, .int(opening)])
                    opened = true
                }
                try statement.forEach([locationID, itemID, from, to]) { row in
                    if !opened { try open() }
                    let quantity = row.int(5), incoming = row.int(6) != 0
                    balance += incoming ? quantity : -quantity
                    let type = DocumentType(rawValue: row.text(3))
                    var movement = type.map { StockRegister.movementName($0, l) } ?? row.text(3)
                    if let reversed = row.optionalText(4) { movement += " " + l.pick("di", "of") + " " + reversed }
                    let other = incoming ? row.optionalText(10) : row.optionalText(11)
                    let counterparty = [row.optionalText(7), row.optionalText(8), type == .distribution ? (row.optionalText(9).map(HouseholdCode.display) ?? l.pick("anonimo", "anonymous")) : nil, other]
                        .compactMap { $0 }.joined(separator: " · ")
                    try body([.string(sku), .string(name), .string(row.text(1)), .string(row.text(2)), .string(movement), .string(counterparty),
                              incoming ? .int(quantity) : .null, incoming ? .null : .int(quantity), .int(balance)])
                }
                if !opened, opening != 0 { try open() }
                if opened {
                    try body([.string(sku), .string(name), .string(to), .null, .string(l.pick("giacenza finale", "closing balance")),
                              .null, .null, .null, .int(balance)])
                }
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
