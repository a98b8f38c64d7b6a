/// Places labels on the pages of a template: copies, a start position on a partly used
/// sheet, a per-printer offset and optional outlines for alignment checks. Pages go out as
/// soon as they are full (to a `PDFWriter`, which writes them to the file), so 50,000 labels
/// need no more memory than 1,000.
public struct LabelSheet: Sendable {
    public struct Options: Sendable {
        public var copies = 1
        /// 1-based position of the first label on the first sheet.
        public var start = 1
        /// Printer offset in mm (right and down are positive).
        public var offset: (x: Double, y: Double) = (0, 0)
        /// Draw every label's outline (grey hairline) to check alignment against the stock.
        public var outlines = false

        public init(copies: Int = 1, start: Int = 1, offset: (x: Double, y: Double) = (0, 0), outlines: Bool = false) {
            self.copies = copies
            self.start = start
            self.offset = offset
            self.outlines = outlines
        }
    }

    /// A barcode symbol as drawn, in page points (top-left origin).
    public struct PlacedSymbol: Sendable {
        public let symbol: BarcodeSymbol
        /// From the first bar to the end of the last, over the bar height.
        public let bars: PDFRect
        public let moduleWidth: Double
        /// Bars run across the page (a tall label laid out sideways): quiet zones are above and below.
        public let rotated: Bool
    }

    /// One line of text as drawn: which field, what, at what size, where.
    public struct PlacedText: Sendable {
        public let field: String
        public let text: String
        public let size: Double
        public let rect: PDFRect
    }

    /// One label as placed: page index, frame in points (top-left origin), its symbols and text.
    public struct Placement: Sendable {
        public let page: Int
        public let frame: PDFRect
        public let symbols: [PlacedSymbol]
        public let texts: [PlacedText]

        /// The first (usually only) symbol.
        public var bars: PDFRect { symbols[0].bars }
        public var moduleWidth: Double { symbols[0].moduleWidth }
        public var symbol: BarcodeSymbol { symbols[0].symbol }
    }

    public let template: LabelTemplate
    public let kind: LabelKind

    public init(template: LabelTemplate, kind: LabelKind) {
        self.template = template
        self.kind = kind
    }

    /// Checks the options and every label (encoding, fit) and decides the layout shared by the
    /// job; throws before anything is drawn or written.
    func plan(_ contents: [LabelContent], options: Options) throws -> LabelLayout.Plan {
        guard options.copies >= 1 else { throw ScortaError.invalid("at least one copy of each label is printed") }
        guard (1...template.labelsPerPage).contains(options.start) else {
            throw ScortaError.invalid(
                "the first label's position must be between 1 and \(template.labelsPerPage) for '\(template.name)'")
        }
        guard !contents.isEmpty else { throw ScortaError.invalid("nothing to print: no labels were selected") }
        return try LabelLayout(template: template, kind: kind).plan(contents)
    }

    /// Lays out every label, handing each full page to `emit` as soon as it is done; `placed`
    /// (tests, geometry checks) sees each label's placement. Returns labels and pages.
    @discardableResult
    func layOut(
        _ contents: [LabelContent], plan: LabelLayout.Plan, options: Options, emit: (PDFPage) -> Void,
        placed: ((Placement) -> Void)? = nil
    ) throws -> (labels: Int, pages: Int) {
        let layout = LabelLayout(template: template, kind: kind)
        let pageWidth = PDFUnit.mm(template.page.width)
        let pageHeight = PDFUnit.mm(template.page.height)
        var page = PDFPage(width: pageWidth, height: pageHeight)
        var slot = options.start - 1
        var pageIndex = 0
        var labels = 0
        for content in contents {
            for _ in 0..<options.copies {
                if slot == template.labelsPerPage {
                    emit(finish(page, options))
                    page = PDFPage(width: pageWidth, height: pageHeight)
                    slot = 0
                    pageIndex += 1
                }
                let mm = template.frame(slot: slot, offset: options.offset)
                let frame = PDFRect(
                    x: PDFUnit.mm(mm.x), y: PDFUnit.mm(mm.y), width: PDFUnit.mm(mm.width), height: PDFUnit.mm(mm.height)
                )
                // Upright labels are drawn relative to their corner, so equal labels give equal bytes
                // wherever they sit and Flate finds them; sideways ones carry their own transform.
                let drawn =
                    plan.rotated
                    ? try layout.draw(content, plan: plan, in: frame, on: &page)
                    : try page.translated(x: frame.x, y: frame.y) {
                        try layout.draw(content, plan: plan, in: frame, on: &$0)
                    }
                placed?(Placement(page: pageIndex, frame: frame, symbols: drawn.symbols, texts: drawn.texts))
                slot += 1
                labels += 1
            }
        }
        emit(finish(page, options))
        return (labels, pageIndex + 1)
    }

    /// Streams the labels into `writer` page by page.
    @discardableResult
    public func write(_ contents: [LabelContent], options: Options = Options(), to writer: PDFWriter) throws -> (
        labels: Int, pages: Int
    ) {
        let plan = try plan(contents, options: options)
        return try layOut(contents, plan: plan, options: options, emit: writer.add)
    }

    /// A small job kept whole in memory with every placement (tests, previews).
    public func render(_ contents: [LabelContent], options: Options = Options(), title: String? = nil) throws
        -> (document: PDFDocument, placements: [Placement])
    {
        let plan = try plan(contents, options: options)
        var document = PDFDocument(title: title)
        var placements: [Placement] = []
        try layOut(
            contents, plan: plan, options: options, emit: { document.add($0) }, placed: { placements.append($0) })
        return (document, placements)
    }

    private func finish(_ page: PDFPage, _ options: Options) -> PDFPage {
        guard options.outlines else { return page }
        var page = page
        for slot in 0..<template.labelsPerPage {
            let mm = template.frame(slot: slot, offset: options.offset)
            page.stroke(
                PDFRect(
                    x: PDFUnit.mm(mm.x), y: PDFUnit.mm(mm.y), width: PDFUnit.mm(mm.width), height: PDFUnit.mm(mm.height)
                ),
                color: .gray(0.6), lineWidth: 0.25)
        }
        return page
    }
}
