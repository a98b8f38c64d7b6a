/// The one table and page engine every PDF report uses: A4 pages (landscape
/// for wide tables) with the organisation's name and the report title at the
/// top, the generation date and "pagina 3 di 7" at the bottom, tables whose
/// header row is repeated on every page they run onto, and wrapped notes.
/// Each page goes to the `PDFWriter` as soon as the next one starts, so memory does not
/// grow with the length of the report.
///
///     var writer = PDFReportWriter(title: "Registro", organisation: org, language: .italian, landscape: true,
///                                  output: try PDFWriter(path: "registro.pdf", title: "Registro"))
///     try writer.table(section)
///     let pages = try writer.finish()
public struct PDFReportWriter {
    public let title: String
    public let organisation: String
    public let language: ReportLanguage
    public let generated: CivilDate
    let width: Double
    let height: Double
    let margin = PDFUnit.mm(14)
    let bodySize = 8.0
    let rowHeight = 11.5
    let cellPadding = 3.0
    /// Where finished pages go.
    let output: PDFWriter
    /// The page being drawn; the ones before it are already written.
    private var current: PDFPage?
    /// Pages started so far (the current one included).
    private(set) var pageNumber = 0
    /// The y of the next thing drawn on the last page.
    var cursor = 0.0

    public init(
        title: String, organisation: String, language: ReportLanguage, landscape: Bool = false,
        generated: CivilDate = .today(),
        output: PDFWriter
    ) {
        self.output = output
        self.title = title
        self.organisation = organisation
        self.language = language
        self.generated = generated
        let a4 = PDFPageSize.a4
        (width, height) = landscape ? (a4.height, a4.width) : (a4.width, a4.height)
        newPage()
    }

    var contentWidth: Double { width - 2 * margin }
    var bottom: Double { height - margin - 16 }

    /// The page being drawn, for callers that add their own drawing (a barcode).
    public var page: PDFPage {
        get { current! }
        // In place, so drawing a row does not copy the page's content.
        _modify { yield &current! }
    }

    mutating func newPage() {
        closePage()
        pageNumber += 1
        var page = PDFPage(width: width, height: height)
        page.text(
            organisation, x: margin, baseline: margin, font: .helvetica, size: 7.5, maxWidth: contentWidth * 0.6,
            color: .gray(0.35))
        page.text(
            title, x: width - margin, baseline: margin, font: .helvetica, size: 7.5, align: .right,
            maxWidth: contentWidth * 0.38, color: .gray(0.35))
        page.line(fromX: margin, y: margin + 4, toX: width - margin, y: margin + 4, color: .gray(0.6), lineWidth: 0.4)
        current = page
        cursor = margin + 18
    }

    /// Starts a new page unless `needed` points still fit on this one.
    public mutating func ensureSpace(_ needed: Double) {
        if cursor + needed > bottom { newPage() }
    }

    /// Moves the cursor down.
    public mutating func skip(_ points: Double) { cursor += points }

    // MARK: - Text blocks

    public mutating func heading(_ text: String, size: Double = 14) {
        ensureSpace(size * 1.6)
        page.text(text, x: margin, baseline: cursor + size, font: .helveticaBold, size: size, maxWidth: contentWidth)
        cursor += size * 1.6
    }

    /// The label and value lines at the head of a document (number, date, places…), the
    /// label in bold and the values aligned at `indent`; with `cut`, a value longer than the
    /// rest of the line ends in "…".
    public mutating func facts(_ facts: [(String, String)], valueAt indent: Double, cut: Bool = false) {
        for (label, value) in facts {
            page.text(label, x: margin, baseline: cursor + 9, font: .helveticaBold, size: 9)
            page.text(
                value, x: margin + indent, baseline: cursor + 9, font: .helvetica, size: 9,
                maxWidth: cut ? contentWidth - indent : nil)
            skip(13)
        }
    }

    /// Wrapped text over the content width (page breaks between lines).
    public mutating func paragraph(_ text: String, size: Double = 8.5, font: PDFFont = .helvetica, indent: Double = 0) {
        let lines = font.wrapped(text, size: size, toWidth: contentWidth - indent)
        for line in lines {
            ensureSpace(size * 1.35)
            page.text(line, x: margin + indent, baseline: cursor + size, font: font, size: size)
            cursor += size * 1.35
        }
    }

    /// The EU emblem with the co-funding statement beside it ("Cofinanziato dall'Unione
    /// europea"), as the publicity rules want on documents for the public. The emblem is
    /// 10 mm high, the minimum height the EU's visual identity guide allows.
    public mutating func fundingStatement(_ statement: String) {
        let height = PDFUnit.mm(10)
        let gap = PDFUnit.mm(3)
        let size = 10.0
        ensureSpace(height + 8)
        page.euEmblem(x: margin, y: cursor, height: height)
        let width = contentWidth - height * 1.5 - gap
        let lines = PDFFont.helveticaBold.wrapped(statement, size: size, toWidth: width, maxLines: 2)
        let leading = size * 1.2
        var baseline =
            cursor + height / 2 - Double(lines.count - 1) * leading / 2 + PDFFont.helveticaBold.capHeight(size: size)
            / 2
        for line in lines {
            page.text(line, x: margin + height * 1.5 + gap, baseline: baseline, font: .helveticaBold, size: size)
            baseline += leading
        }
        cursor += height + 8
    }

    // MARK: - Tables

    /// A table: a bold header on a grey band, one line per row (long cells end
    /// in "…"), numbers right-aligned; the header is drawn again at the top of
    /// every page the table continues on.
    public mutating func table(_ section: ReportDocument.Section) throws {
        let columns = section.source.columns
        let weights = section.widths ?? columns.map { _ in 1.0 }
        precondition(weights.count == columns.count, "one width per column")
        let total = weights.reduce(0, +)
        var widths = weights.map { $0 / total * contentWidth }
        // A header is never cut ("OF WHICH ESTI…"): a column narrower than its title takes
        // the room from the widest column, which holds descriptions that wrap or truncate anyway.
        for index in widths.indices {
            let needed = PDFFont.helveticaBold.width(of: columns[index].title, size: bodySize) + 2 * cellPadding
            guard widths[index] < needed, let widest = widths.indices.max(by: { widths[$0] < widths[$1] }),
                widest != index,
                widths[widest] - (needed - widths[index]) >= needed
            else { continue }
            widths[widest] -= needed - widths[index]
            widths[index] = needed
        }
        let probe = Listing(columns: columns)
        let italian = language == .italian

        ensureSpace(11 * 1.6 + rowHeight * 3)
        page.text(
            section.title, x: margin, baseline: cursor + 11, font: .helveticaBold, size: 11, maxWidth: contentWidth)
        cursor += 11 * 1.7
        var headerOnPage = false
        func header(_ writer: inout PDFReportWriter) {
            writer.page.fill(
                PDFRect(x: writer.margin, y: writer.cursor, width: writer.contentWidth, height: writer.rowHeight + 1),
                color: .gray(0.86))
            writer.cells(columns.map(\.title), columns: columns, widths: widths, font: .helveticaBold)
            writer.cursor += writer.rowHeight + 1
        }
        var rows = 0
        try section.source.walk { row in
            if cursor + rowHeight > bottom {
                newPage()
                headerOnPage = false
            }
            if !headerOnPage {
                header(&self)
                headerOnPage = true
            }
            let texts = zip(row, columns).map { value, column -> String in
                if case .int(let number) = value {
                    if column.format == .cents {
                        return Money.format(cents: number, decimalComma: italian, grouping: true)
                    }
                    if column.format == .kilograms { return Money.kilograms(grams: number, decimalComma: italian) }
                }
                if case .bool(let flag) = value { return flag ? language.pick("sì", "yes") : language.pick("no", "no") }
                return probe.cell(value, column)
            }
            if rows % 2 == 1 {
                page.fill(PDFRect(x: margin, y: cursor, width: contentWidth, height: rowHeight), color: .gray(0.96))
            }
            cells(texts, columns: columns, widths: widths, font: .helvetica)
            cursor += rowHeight
            rows += 1
        }
        if rows == 0 {
            if !headerOnPage { header(&self) }
            paragraph(language.pick("(nessun dato)", "(no data)"))
        }
        page.line(fromX: margin, y: cursor, toX: margin + contentWidth, y: cursor, color: .gray(0.5), lineWidth: 0.4)
        cursor += 12
    }

    mutating func cells(_ texts: [String], columns: [Listing.Column], widths: [Double], font: PDFFont) {
        var x = margin
        let padding = cellPadding
        let baseline = cursor + rowHeight - 3.2
        for (index, text) in texts.enumerated() {
            let room = widths[index] - 2 * padding
            if columns[index].alignRight {
                page.text(
                    text, x: x + widths[index] - padding, baseline: baseline, font: font, size: bodySize, align: .right,
                    maxWidth: room)
            } else {
                page.text(text, x: x + padding, baseline: baseline, font: font, size: bodySize, maxWidth: room)
            }
            x += widths[index]
        }
    }

    // MARK: - Whole documents

    /// Title, header lines, every table, then the notes, written to `path`; returns the
    /// number of pages. On an error nothing is left at `path`.
    public static func render(
        _ document: ReportDocument, organisation: String, generated: CivilDate = .today(),
        to path: String
    ) throws -> Int {
        try render(document, organisation: organisation, generated: generated, to: OutputFile(path))
    }

    /// The same under `OutputFile`'s rules (no clobbering; 0600 when the rows name households).
    public static func render(
        _ document: ReportDocument, organisation: String, generated: CivilDate = .today(),
        to file: OutputFile
    ) throws -> Int {
        var writer = PDFReportWriter(
            title: document.title, organisation: organisation, language: document.language,
            landscape: document.landscape, generated: generated,
            output: try PDFWriter(file: file.carrying(householdCodes: document.householdCodes), title: document.title))
        writer.heading(document.title)
        for line in document.header { writer.paragraph(line, size: 9) }
        writer.skip(8)
        if let statement = document.fundingStatement { writer.fundingStatement(statement) }
        for section in document.sections { try writer.table(section) }
        for note in document.notes {
            writer.ensureSpace(40)
            writer.paragraph(note.title, size: 10, font: .helveticaBold)
            for line in note.lines { writer.paragraph(line, size: 8, indent: 6) }
            writer.skip(6)
        }
        return try writer.finish()
    }

    /// Writes the last page and ends the file; returns the number of pages.
    public mutating func finish() throws -> Int {
        closePage()
        try output.finish()
        return pageNumber
    }

    /// Adds the footer ("generato il ... · pagina 3 di 7") and writes the page out.
    /// The total is not known yet: "pagina 3 di" is text and the "7" is the writer's page
    /// total form, filled in at the end. This way the table source (a query over a year of
    /// movements) is read once; laying everything out twice to count pages first would
    /// double the time. "pagina 3 di" starts at a fixed x that leaves room for five-digit
    /// numbers, so the total can follow it left-aligned whatever its width.
    private mutating func closePage() {
        guard var page = current else { return }
        current = nil
        let baseline = height - margin + 2
        let size = 7.5
        let gray = PDFColor.gray(0.35)
        page.line(
            fromX: margin, y: baseline - 10, toX: width - margin, y: baseline - 10, color: .gray(0.6), lineWidth: 0.4)
        page.text(
            language.pick("Generato il \(generated)", "Generated on \(generated)") + " · " + organisation,
            x: margin, baseline: baseline, font: .helvetica, size: size, maxWidth: contentWidth * 0.7, color: gray)
        let widest = PDFFont.helvetica.width(
            of: language.pick("pagina 88888 di 88888", "page 88888 of 88888"), size: size)
        let x = width - margin - widest
        let drawn = page.text(
            language.pick("pagina \(pageNumber) di ", "page \(pageNumber) of "), x: x, baseline: baseline,
            font: .helvetica, size: size, color: gray)
        page.pageTotal(x: x + drawn, baseline: baseline, font: .helvetica, size: size, color: gray)
        output.add(page)
    }
}
