/// Places labels on the pages of a template: copies, a start position on a partly used
/// sheet, a per-printer offset and optional outlines for alignment checks.
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
            self.copies = copies; self.start = start; self.offset = offset; self.outlines = outlines
        }
    }

    /// One label as placed: page index, frame in points (top-left origin) and its bars.
    public struct Placement: Sendable {
        public let page: Int
        public let frame: PDFRect
        public let bars: PDFRect
        public let moduleWidth: Double
        public let symbol: BarcodeSymbol
    }

    public let template: LabelTemplate
    public let kind: LabelKind

    public init(template: LabelTemplate, kind: LabelKind) {
        self.template = template
        self.kind = kind
    }

    /// Lays out every label; any encoding or fitting error is thrown before anything is written.
    public func render(_ contents: [LabelContent], options: Options = Options(), title: String? = nil) throws
        -> (document: PDFDocument, placements: [Placement]) {
        guard options.copies >= 1 else { throw ScortaError.invalid("at least one copy of each label is printed") }
        guard (1...template.labelsPerPage).contains(options.start) else {
            throw ScortaError.invalid("the first label's position must be between 1 and \(template.labelsPerPage) for '\(template.name)'")
        }
        guard !contents.isEmpty else { throw ScortaError.invalid("nothing to print: no labels were selected") }
        let layout = LabelLayout(template: template, kind: kind)
        var document = PDFDocument(title: title)
        var placements: [Placement] = []
        placements.reserveCapacity(contents.count * options.copies)
        let pageWidth = PDFUnit.mm(template.page.width), pageHeight = PDFUnit.mm(template.page.height)
        var page = PDFPage(width: pageWidth, height: pageHeight)
        var slot = options.start - 1
        var pageIndex = 0
        var used = false
        for content in contents {
            let symbol = try content.symbol()
            for _ in 0..<options.copies {
                if slot == template.labelsPerPage {
                    document.add(finish(page, options))
                    page = PDFPage(width: pageWidth, height: pageHeight)
                    slot = 0
                    pageIndex += 1
                }
                let mm = template.frame(slot: slot, offset: options.offset)
                let frame = PDFRect(x: PDFUnit.mm(mm.x), y: PDFUnit.mm(mm.y), width: PDFUnit.mm(mm.width), height: PDFUnit.mm(mm.height))
                let drawn = try page.translated(x: frame.x, y: frame.y) { try layout.draw(content, symbol: symbol, in: frame, on: &$0) }
                placements.append(Placement(page: pageIndex, frame: frame, bars: drawn.bars, moduleWidth: drawn.moduleWidth, symbol: symbol))
                slot += 1
                used = true
            }
        }
        if used { document.add(finish(page, options)) }
        return (document, placements)
    }

    private func finish(_ page: PDFPage, _ options: Options) -> PDFPage {
        guard options.outlines else { return page }
        var page = page
        for slot in 0..<template.labelsPerPage {
            let mm = template.frame(slot: slot, offset: options.offset)
            page.stroke(PDFRect(x: PDFUnit.mm(mm.x), y: PDFUnit.mm(mm.y), width: PDFUnit.mm(mm.width), height: PDFUnit.mm(mm.height)),
                        color: .gray(0.6), lineWidth: 0.25)
        }
        return page
    }
}
