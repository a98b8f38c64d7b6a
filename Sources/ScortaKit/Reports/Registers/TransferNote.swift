/// The transport document (documento di trasporto, DDT, DPR 472/1996) for a
/// transfer between sites: number and date, sender and recipient with their
/// addresses (`"address CODE"` in `Seeds/organisation.json`), the reason of
/// transport ("trasferimento tra sedi"), the goods with quantities, lots and
/// expiries, and signature lines for who hands over, who carries and who receives.
public struct TransferNote {
    public let number: String
    public let date: String
    public let from: Location
    public let to: Location
    public let reversedBy: String?
    public let lines: Listing
    public let units: Int

    public init(db: Database, number: String, language l: ReportLanguage) throws {
        guard
            let header = try db.first(
                """
                SELECT d.id, d.type, d.date, (SELECT reversed_by FROM document_reversal WHERE document_id = d.id)
                FROM document d WHERE d.number = ?
                """, [number], { ($0.int64(0), $0.text(1), $0.text(2), $0.optionalText(3)) })
        else { throw ScortaError.invalid("document '\(number)' does not exist") }
        guard header.1 == DocumentType.transfer.rawValue else {
            throw ScortaError.invalid(
                "\(number) is a \(header.1), not a transfer: transport documents are for transfers only")
        }
        let catalogue = Catalogue(db)
        guard
            let ends = try db.first(
                "SELECT from_location_id, to_location_id FROM document_line WHERE document_id = ? ORDER BY id LIMIT 1",
                [header.0], { ($0.int64(0), $0.int64(1)) })
        else {
            throw ScortaError.invalid("\(number) has no lines")
        }
        self.number = number
        date = header.2
        from = try catalogue.location(id: ends.0)
        to = try catalogue.location(id: ends.1)
        reversedBy = header.3
        var lines = Listing(columns: [
            .init("sku", "SKU"), .init("item", l.pick("DESCRIZIONE DEI BENI", "GOODS")),
            .init("unit", l.pick("UM", "UNIT")),
            .init("lot", l.pick("LOTTO", "LOT")), .init("expiry", l.pick("SCADENZA", "EXPIRY")),
            .init("quantity", l.pick("QUANTITÀ", "QUANTITY"), alignRight: true)
        ])
        var units = 0
        try db.prepare(
            """
            SELECT i.sku, i.name, i.unit, t.code, t.expiry, l.quantity
            FROM document_line l JOIN item i ON i.id = l.item_id LEFT JOIN lot t ON t.id = l.lot_id
            WHERE l.document_id = ? ORDER BY l.id
            """
        ).forEach([header.0]) { row in
            units += row.int(5)
            lines.append([
                .string(row.text(0)), .string(row.text(1)), .string(row.text(2)), .optional(row.optionalText(3)),
                .optional(row.optionalText(4)), .int(row.int(5))
            ])
        }
        lines.append([.null, .string(l.pick("Totale colli/unità", "Total units")), .null, .null, .null, .int(units)])
        self.lines = lines
        self.units = units
    }

    /// Writes the note as an A4 PDF; returns the number of pages.
    public func writePDF(
        to file: OutputFile, language l: ReportLanguage, organisation: Organisation, generated: CivilDate = .today()
    ) throws -> Int {
        let title = l.pick("Documento di trasporto (DDT)", "Transport document (DDT)")
        var writer = PDFReportWriter(
            title: title, organisation: organisation.name, language: l, generated: generated,
            output: try PDFWriter(file: file, title: title))
        writer.heading(title, size: 16)
        writer.paragraph(
            l.pick(
                "D.P.R. 472/1996 - beni viaggianti tra sedi della stessa organizzazione",
                "DPR 472/1996 - goods moved between sites of the same organisation"), size: 8.5)
        writer.skip(6)
        let symbol = try Code128.encode(number)
        let box = PDFRect(x: writer.margin, y: writer.cursor, width: PDFUnit.mm(80), height: PDFUnit.mm(16))
        let module = try BarcodeSizing.moduleWidth(
            for: symbol, fitting: box.width, minimum: PDFUnit.mm(0.25), maximum: PDFUnit.mm(0.38))
        writer.page.barcode(symbol, in: box, moduleWidth: module, barHeight: PDFUnit.mm(12), textSize: 9)
        writer.skip(box.height + 10)
        func address(_ location: Location) -> String { organisation.settings["address \(location.code)"] ?? "-" }
        let facts: [(String, String)] = [
            (l.pick("Numero", "Number"), number), (l.pick("Data", "Date"), date),
            (l.pick("Mittente", "Sender"), "\(organisation.name)"),
            (l.pick("Luogo di partenza", "From"), "\(from.code) - \(from.name), \(address(from))"),
            (l.pick("Destinatario", "Recipient"), "\(to.code) - \(to.name), \(address(to))"),
            (
                l.pick("Causale del trasporto", "Reason of transport"),
                l.pick("trasferimento tra sedi", "transfer between sites")
            ),
            (l.pick("Trasporto a cura di", "Carried by"), l.pick("mittente", "sender"))
        ]
        writer.facts(facts, valueAt: 120, cut: true)
        if let reversedBy {
            writer.skip(4)
            writer.paragraph(
                l.pick(
                    "ATTENZIONE: trasferimento stornato dal documento \(reversedBy).",
                    "NOTE: this transfer was reversed by \(reversedBy)."),
                size: 10, font: .helveticaBold)
        }
        writer.skip(8)
        try writer.table(
            ReportDocument.Section(
                key: "lines", title: l.pick("Beni trasportati", "Goods carried"),
                source: TableSource(lines), widths: [2, 6, 1, 2, 1.8, 1.6]))
        writer.ensureSpace(80)
        writer.skip(34)
        // Three signatures side by side: who hands over, who carries, who receives.
        let labels = [
            l.pick("Firma di chi consegna", "Handed over by"), l.pick("Firma del vettore", "Carried by"),
            l.pick("Firma di chi riceve", "Received by")
        ]
        let gap = PDFUnit.mm(8)
        let width = (writer.contentWidth - 2 * gap) / 3
        for (index, label) in labels.enumerated() {
            let x = writer.margin + Double(index) * (width + gap)
            writer.page.line(fromX: x, y: writer.cursor, toX: x + width, y: writer.cursor, lineWidth: 0.6)
            writer.page.text(label, x: x, baseline: writer.cursor + 10, font: .helvetica, size: 8)
        }
        writer.skip(26)
        writer.paragraph(
            l.pick("Data e ora del ritiro: ______________________", "Date and time of pick-up: ______________________"),
            size: 9)
        return try writer.finish()
    }
}
