/// The receipt (ricevuta di consegna) for one distribution document: its
/// number as a Code 128 barcode, the lines and their value, the household
/// code and nothing else personal, a signature line and the EU co-funding
/// statement from `Seeds/organisation.json`.
public struct DistributionReceipt {
    public let number: String
    public let date: String
    public let channel: String?
    public let location: String?
    /// The household code as printed on its card, or nil for an anonymous contact.
    public let household: String?
    public let reversedBy: String?
    public let lines: Listing
    /// The chain when the receipt was printed.
    public let anchor: HashChain.Anchor
    public let totalCents: Int
    /// A social-market checkout: the points the basket cost and what the card had left after it.
    public let points: (spent: Int, left: Int?)?

    public init(db: Database, number: String, language l: ReportLanguage) throws {
        guard
            let header = try db.first(
                """
                SELECT d.id, d.type, d.date, c.name, o.name, h.code, (SELECT reversed_by FROM document_reversal WHERE document_id = d.id)
                FROM document d LEFT JOIN channel c ON c.id = d.channel_id LEFT JOIN location o ON o.id = d.location_id
                LEFT JOIN household h ON h.id = d.household_id WHERE d.number = ?
                """, [number],
                {
                    (
                        $0.int64(0), $0.text(1), $0.text(2), $0.optionalText(3), $0.optionalText(4), $0.optionalText(5),
                        $0.optionalText(6)
                    )
                })
        else { throw ScortaError.invalid("document '\(number)' does not exist") }
        guard header.1 == DocumentType.distribution.rawValue else {
            throw ScortaError.invalid(
                "\(number) is a \(header.1), not a distribution: receipts are for distributions only")
        }
        self.number = number
        date = header.2
        channel = header.3
        location = header.4
        household = header.5.map(HouseholdCode.display)
        reversedBy = header.6
        let valuation = try GoodsValuation(db)
        let day = try CivilDate(parsing: header.2).dayNumber
        var lines = Listing(columns: [
            .init("sku", "SKU"), .init("item", l.pick("ARTICOLO", "ITEM")), .init("unit", l.pick("UM", "UNIT")),
            .init("quantity", l.pick("QUANTITÀ", "QUANTITY"), alignRight: true),
            .init("cents", l.pick("VALORE €", "VALUE €"), format: .cents)
        ])
        var total = 0
        try db.prepare("SELECT item_id, lot_id, quantity FROM document_line WHERE document_id = ? ORDER BY id").forEach(
            [header.0]) { row in
                let info = valuation.item(row.int64(0))
                let cents = try valuation.parts(
                    itemID: row.int64(0), lotID: row.int64(1), quantity: row.int(2), day: day
                ).reduce(0) { $0 + $1.cents }
                total += cents
                lines.append([.string(info.sku), .string(info.name), .string(info.unit), .int(row.int(2)), .int(cents)])
            }
        lines.append([.null, .string(l.pick("Totale", "Total")), .null, .null, .int(total)])
        self.lines = lines
        totalCents = total
        anchor = try HashChain.anchor(db)
        let spent = try db.scalar(
            "SELECT sum(quantity * unit_points) FROM market_sale WHERE document_id = ?", [header.0])
        let left = try db.scalar(
            "SELECT balance_after FROM points_entry WHERE document_id = ? AND kind = 'spend'", [header.0])
        points = spent.map { (Int($0), left.map { Int($0) }) }
    }

    /// Writes the receipt as a one-page (or longer) A4 PDF to `path`; returns the number of pages.
    public func writePDF(
        to file: OutputFile, language l: ReportLanguage, organisation: Organisation, statement: String,
        generated: CivilDate = .today()
    ) throws -> Int {
        let title = l.pick("Ricevuta di consegna", "Distribution receipt")
        // The household code is on it: readable by its owner only.
        var writer = PDFReportWriter(
            title: title, organisation: organisation.name, language: l, generated: generated,
            output: try PDFWriter(file: file.carrying(householdCodes: true), title: title))
        writer.heading(title, size: 16)
        writer.paragraph(organisation.name, size: 9.5)
        writer.skip(6)
        // The document number as Code 128, scannable to look the distribution up.
        let symbol = try Code128.encode(number)
        let box = PDFRect(x: writer.margin, y: writer.cursor, width: PDFUnit.mm(80), height: PDFUnit.mm(16))
        let module = try BarcodeSizing.moduleWidth(
            for: symbol, fitting: box.width, minimum: PDFUnit.mm(0.25), maximum: PDFUnit.mm(0.38))
        writer.page.barcode(symbol, in: box, moduleWidth: module, barHeight: PDFUnit.mm(12), textSize: 9)
        writer.skip(box.height + 10)
        let facts: [(String, String)] =
            [
                (l.pick("Numero", "Number"), number), (l.pick("Data", "Date"), date),
                (l.pick("Canale", "Channel"), channel ?? "-"), (l.pick("Sede", "Location"), location ?? "-"),
                (l.pick("Nucleo", "Household"), household ?? l.pick("anonimo", "anonymous")),
                (
                    l.pick("Sigillo", "Seal"),
                    l.pick(
                        "catena \(anchor.shortHead) (\(anchor.documents) documenti, \(anchor.records) registrazioni)",
                        "chain head \(anchor.shortHead) (\(anchor.documents) documents, \(anchor.records) sealed records)"
                    )
                )
            ]
            + (points.map { points in
                [(l.pick("Punti spesi", "Points spent"), "\(points.spent)")]
                    + (points.left.map { [(l.pick("Punti rimasti", "Points left"), "\($0)")] } ?? [])
            } ?? [])
        writer.facts(facts, valueAt: 70)
        if let reversedBy {
            writer.skip(4)
            writer.paragraph(
                l.pick(
                    "ATTENZIONE: consegna stornata dal documento \(reversedBy).",
                    "NOTE: this distribution was reversed by \(reversedBy)."),
                size: 10, font: .helveticaBold)
        }
        writer.skip(8)
        try writer.table(
            ReportDocument.Section(
                key: "lines", title: l.pick("Beni consegnati", "Goods handed over"),
                source: TableSource(lines), widths: [2, 7, 1, 1.6, 2]))
        writer.ensureSpace(90)
        writer.skip(30)
        let signatureWidth = PDFUnit.mm(70)
        writer.page.line(
            fromX: writer.margin, y: writer.cursor, toX: writer.margin + signatureWidth, y: writer.cursor,
            lineWidth: 0.6)
        writer.page.line(
            fromX: writer.margin + writer.contentWidth - signatureWidth, y: writer.cursor,
            toX: writer.margin + writer.contentWidth, y: writer.cursor, lineWidth: 0.6)
        writer.page.text(
            l.pick("Firma di chi riceve", "Recipient's signature"), x: writer.margin, baseline: writer.cursor + 10,
            font: .helvetica, size: 8)
        writer.page.text(
            l.pick("Firma dell'operatore", "Operator's signature"), x: writer.margin + writer.contentWidth,
            baseline: writer.cursor + 10,
            font: .helvetica, size: 8, align: .right)
        writer.skip(30)
        writer.fundingStatement(statement)
        if let programme = organisation.settings["programme"] { writer.paragraph(programme, size: 8) }
        return try writer.finish()
    }
}
