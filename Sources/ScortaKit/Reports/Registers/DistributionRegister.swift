/// Distribution register (registro delle consegne): every distribution of a
/// period, one row per line: number, date, channel, location, household code
/// or "anonimo", item, quantity and value (kits valued through their
/// components). Reversed distributions are listed with the reversal's number
/// and left out of the total.
public struct DistributionRegister {
    public let db: Database
    public let filter: DistributionFilter

    public init(db: Database, filter: DistributionFilter) {
        self.db = db; self.filter = filter
    }

    public func document(language l: ReportLanguage, organisation: Organisation) throws -> ReportDocument {
        var header = [organisation.name, l.pick("Periodo: dal \(filter.from) al \(filter.to) (estremi inclusi)",
                                                "Period: \(filter.from) to \(filter.to) (both included)")]
        if let location = filter.locationCode { header.append(l.pick("Solo la sede \(location)", "Location \(location) only")) }
        if let channel = filter.channelCode { header.append(l.pick("Solo il canale \(channel)", "Channel \(channel) only")) }
        var document = ReportDocument(title: l.pick("Registro delle consegne", "Distribution register"), header: header, language: l)
        document.anchor(try HashChain.anchor(db))
        document.landscape = true
        document.householdCodes = true
        document.markReopened(try Ledger(db).reopens(overlapping: filter.from, filter.to))
        document.fundingStatement = organisation.settings["funding_statement"]
        document.add("register", l.pick("Consegne", "Distributions"), try source(l), widths: [2.2, 1.5, 1, 1, 1.8, 1.5, 4.5, 1, 1.4, 2])
        document.note(l.pick("Note", "Notes"), [
            l.pick("Nessun dato personale: il nucleo è indicato solo con il suo codice; «anonimo» per le consegne senza nucleo.",
                   "No personal data: a household appears by its code only; \"anonymous\" for distributions to no household."),
            l.pick("Valore: valore unitario alla data della consegna; i kit tramite i componenti della ricetta del lotto. Le consegne stornate non entrano nel totale.",
                   "Value: unit value on the distribution date; kits through the components of their lot's recipe. Reversed distributions are left out of the total."),
        ])
        return document
    }

    public func source(_ l: ReportLanguage) throws -> TableSource {
        let columns: [Listing.Column] = [
            .init("number", l.pick("NUMERO", "NUMBER")), .init("date", l.pick("DATA", "DATE")), .init("channel", l.pick("CANALE", "CHANNEL")),
            .init("location", l.pick("SEDE", "LOCATION")), .init("household", l.pick("NUCLEO", "HOUSEHOLD")), .init("sku", "SKU"),
            .init("item", l.pick("ARTICOLO", "ITEM")), .init("quantity", l.pick("QTÀ", "QTY"), alignRight: true),
            .init("cents", l.pick("VALORE €", "VALUE €"), format: .cents), .init("reversed_by", l.pick("STORNATA DA", "REVERSED BY")),
        ]
        let (clause, arguments) = try filter.clause(Catalogue(db), includeReversed: true)
        let db = db
        return TableSource(columns: columns) { body in
            let valuation = try GoodsValuation(db)
            var total = 0, quantity = 0, lastDateKey = 0, day = 0
            let anonymous = l.pick("anonimo", "anonymous")
            try db.inSavepoint(.deferred) {
                try db.makeStatement("""
                    SELECT d.number, d.date, c.code, o.code, h.code, l.item_id, l.lot_id, l.quantity,
                           (SELECT reversed_by FROM document_reversal WHERE document_id = d.id)
                    FROM document d JOIN document_line l ON l.document_id = d.id
                    LEFT JOIN channel c ON c.id = d.channel_id LEFT JOIN location o ON o.id = d.location_id
                    LEFT JOIN household h ON h.id = d.household_id
                    WHERE \(clause) ORDER BY d.date, d.id, l.id
                    """).forEach(arguments) { row in
                    let dateKey = row.dateKey(1)
                    if dateKey != lastDateKey {
                        lastDateKey = dateKey
                        day = CivilDate(year: dateKey / 10_000, month: dateKey / 100 % 100, day: dateKey % 100)?.dayNumber ?? 0
                    }
                    var cents = 0
                    try valuation.forEachPart(itemID: row.int64(5), lotID: row.int64(6), quantity: row.int(7), day: day) { cents += $2 }
                    let info = valuation.item(row.int64(5))
                    let reversedBy = row.optionalText(8)
                    if reversedBy == nil { total += cents; quantity += row.int(7) }
                    try body([.string(row.text(0)), .string(row.text(1)), .optional(row.optionalText(2)), .optional(row.optionalText(3)),
                              .string(row.optionalText(4).map(HouseholdCode.display) ?? anonymous), .string(info.sku), .string(info.name), .int(row.int(7)),
                              .int(cents), .optional(reversedBy)])
                }
            }
            try body([.string(l.pick("TOTALE", "TOTAL")), .null, .null, .null, .null, .null, .null, .int(quantity), .int(total), .null])
        }
    }
}
