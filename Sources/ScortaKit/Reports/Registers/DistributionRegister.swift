/// Distribution register (registro delle consegne): every distribution of a
/// period, one row per line: number, date, channel, location, household code
/// or "anonimo", item, quantity and value (kits valued through their
/// components). Reversed distributions are listed with the reversal's number
/// and left out of the total.
public struct DistributionRegister {
    public let db: Database
    public let filter: DistributionFilter

    public init(db: Database, filter: DistributionFilter) {
        self.db = db
        self.filter = filter
    }

    public func document(language l: ReportLanguage, organisation: Organisation) throws -> ReportDocument {
        var header = [
            organisation.name,
            l.pick(
                "Periodo: dal \(filter.from) al \(filter.to) (estremi inclusi)",
                "Period: \(filter.from) to \(filter.to) (both included)")
        ]
        if let location = filter.locationCode {
            header.append(l.pick("Solo la sede \(location)", "Location \(location) only"))
        }
        if let channel = filter.channelCode {
            header.append(l.pick("Solo il canale \(channel)", "Channel \(channel) only"))
        }
        var document = ReportDocument(
            title: l.pick("Registro delle consegne", "Distribution register"), header: header, language: l)
        document.anchor(try HashChain.anchor(db))
        document.landscape = true
        document.householdCodes = true
        document.markReopened(try Ledger(db).reopens(overlapping: filter.from, filter.to))
        document.fundingStatement = organisation.settings["funding_statement"]
        document.add(
            "register", l.pick("Consegne", "Distributions"), try source(l),
            widths: [2.2, 1.5, 1, 1, 1.8, 1.5, 4.5, 1, 1.4, 2])
        document.note(
            l.pick("Note", "Notes"),
            [
                l.pick(
                    "Nessun dato personale: il nucleo è indicato solo con il suo codice; «anonimo» per le consegne senza nucleo.",
                    "No personal data: a household appears by its code only; \"anonymous\" for distributions to no household."
                ),
                l.pick(
                    "Valore: valore unitario alla data della consegna; i kit tramite i componenti della ricetta del lotto. Le consegne stornate non entrano nel totale.",
                    "Value: unit value on the distribution date; kits through the components of their lot's recipe. Reversed distributions are left out of the total."
                )
            ])
        return document
    }

    /// The register as a table titled in `l`.
    public func source(_ l: ReportLanguage) throws -> TableSource {
        TableSource(try rows(), language: l)
    }

    /// Every line of the period's distributions in date order, then the total
    /// (reversed distributions left out of it). Streamed: a region year holds
    /// two million lines.
    public func rows() throws -> QueryRows<DistributionRegisterRow> {
        let (clause, arguments) = try filter.clause(Catalogue(db), includeReversed: true)
        let db = db
        return QueryRows { body in
            let valuation = try GoodsValuation(db)
            var total = 0
            var quantity = 0
            var lastDateKey = 0
            var day = 0
            var date: CivilDate?
            try db.inSavepoint(.deferred) {
                try db.makeStatement(
                    """
                    SELECT d.number, d.date, c.code AS channel, o.code AS location, h.code AS household, l.item_id, l.lot_id, l.quantity,
                           (SELECT x.reversed_by FROM document_reversal x WHERE x.document_id = d.id) AS reversed_by
                    FROM document d JOIN document_line l ON l.document_id = d.id
                    LEFT JOIN channel c ON c.id = d.channel_id LEFT JOIN location o ON o.id = d.location_id
                    LEFT JOIN household h ON h.id = d.household_id
                    WHERE \(clause) ORDER BY d.date, d.id, l.id
                    """
                ).forEach(arguments) { row in
                    // The date is read without making a string (two million lines a region year).
                    let dateKey = row.dateKey(try row.index(of: "date"))
                    if dateKey != lastDateKey {
                        lastDateKey = dateKey
                        date = CivilDate(year: dateKey / 10_000, month: dateKey / 100 % 100, day: dateKey % 100)
                        day = date?.dayNumber ?? 0
                    }
                    let itemID: Int64 = try row["item_id"]
                    let lines: Int = try row["quantity"]
                    var cents = 0
                    try valuation.forEachPart(itemID: itemID, lotID: try row["lot_id"], quantity: lines, day: day) {
                        cents += $2
                    }
                    let info = valuation.item(itemID)
                    let reversedBy: String? = try row["reversed_by"]
                    if reversedBy == nil {
                        total += cents
                        quantity += lines
                    }
                    try body(
                        DistributionRegisterRow(
                            number: try row["number"], date: date, channel: try row["channel"],
                            location: try row["location"],
                            household: (try row["household"] as String?).map(HouseholdCode.display), sku: info.sku,
                            item: info.name,
                            quantity: lines, cents: cents, reversedBy: reversedBy))
                }
            }
            try body(
                DistributionRegisterRow(
                    number: nil, date: nil, channel: nil, location: nil, household: nil, sku: nil, item: nil,
                    quantity: quantity, cents: total, reversedBy: nil))
        }
    }
}
