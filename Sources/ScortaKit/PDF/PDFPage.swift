/// One page being drawn. Coordinates are points from the TOP-LEFT corner, y downwards;
/// text is placed by its baseline.
///
///     var page = PDFPage(width: PDFPageSize.a4.width, height: PDFPageSize.a4.height)
///     page.fill(PDFRect(x: 40, y: 40, width: 200, height: 1), color: .gray(0.6))
///     page.text("Caffè macinato", x: 40, baseline: 60, font: .helveticaBold, size: 12, maxWidth: 200)
///     document.add(page)
public struct PDFPage: Sendable {
    public let width: Double
    public let height: Double
    /// The content stream, in PDF operators.
    private(set) var content: [UInt8] = []
    private(set) var fontsUsed: Set<PDFFont> = []
    /// The font of the page total drawn with `pageTotal`, if any.
    private(set) var totalFont: PDFFont?
    private var fillColor = PDFColor.black
    private var strokeColor = PDFColor.black
    private var lineWidth = 1.0

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
        content.reserveCapacity(4096)
    }

    // MARK: - Shapes

    /// A filled rectangle.
    public mutating func fill(_ rect: PDFRect, color: PDFColor = .black) {
        setFill(color)
        appendRect(rect)
        content.append(ascii: " f\n")
    }

    /// Many filled rectangles of one colour as a single path (barcode bars).
    public mutating func fill(_ rects: [PDFRect], color: PDFColor = .black) {
        guard !rects.isEmpty else { return }
        setFill(color)
        for (index, rect) in rects.enumerated() {
            if index > 0 { content.append(0x20) }
            appendRect(rect)
        }
        content.append(ascii: " f\n")
    }

    /// A rectangle outline; the stroke is centred on the rectangle's edge.
    public mutating func stroke(_ rect: PDFRect, color: PDFColor = .black, lineWidth: Double = 0.5) {
        setStroke(color, lineWidth)
        appendRect(rect)
        content.append(ascii: " S\n")
    }

    /// A straight line.
    public mutating func line(fromX x1: Double, y y1: Double, toX x2: Double, y y2: Double,
                              color: PDFColor = .black, lineWidth: Double = 0.5) {
        setStroke(color, lineWidth)
        number(x1); number(height - y1); content.append(ascii: "m ")
        number(x2); number(height - y2); content.append(ascii: "l S\n")
    }

    // MARK: - Text

    /// One line of text with its baseline at `baseline`. With `maxWidth`, text too long is
    /// cut and ends in "…". Returns the width drawn.
    @discardableResult
    public mutating func text(_ text: String, x: Double, baseline: Double, font: PDFFont, size: Double,
                              align: PDFTextAlignment = .left, maxWidth: Double? = nil, color: PDFColor = .black) -> Double {
        var bytes = WinAnsi.encode(text)
        if let maxWidth { bytes = font.truncated(bytes: bytes, size: size, toWidth: maxWidth) }
        return draw(bytes: bytes, x: x, baseline: baseline, font: font, size: size, align: align, color: color)
    }

    /// Text wrapped into `rect`, top line first, as many lines as fit (the last one ends in
    /// "…" if text is left out). `leading` is the baseline distance (default 1.2 × size).
    /// Returns the height used.
    @discardableResult
    public mutating func wrappedText(_ text: String, in rect: PDFRect, font: PDFFont, size: Double, leading: Double? = nil,
                                     align: PDFTextAlignment = .left, maxLines: Int = .max, color: PDFColor = .black) -> Double {
        let leading = leading ?? size * 1.2
        let fitting = Int(((rect.height - font.ascender(size: size) - font.descender(size: size)) / leading).rounded(.down)) + 1
        let lines = font.wrapped(bytes: WinAnsi.encode(text), size: size, toWidth: rect.width, maxLines: min(maxLines, max(fitting, 0)))
        let x = align == .left ? rect.x : align == .center ? rect.midX : rect.maxX
        var baseline = rect.y + font.ascender(size: size)
        for line in lines {
            draw(bytes: line, x: x, baseline: baseline, font: font, size: size, align: align, color: color)
            baseline += leading
        }
        return lines.isEmpty ? 0 : font.ascender(size: size) + Double(lines.count - 1) * leading + font.descender(size: size)
    }

    /// The document's page count ("7" of "pagina 3 di 7"), left-aligned at `x`: a form the
    /// `PDFWriter` fills in once the last page is written, so pages can go to the file before
    /// the count is known. Every page of a document must use the same font for it.
    public mutating func pageTotal(x: Double, baseline: Double, font: PDFFont, size: Double, color: PDFColor = .black) {
        precondition(totalFont == nil || totalFont == font, "one font for the page total")
        totalFont = font
        setFill(color)
        content.append(ascii: "q ")
        number(size); content.append(ascii: "0 0 "); number(size)
        number(x); number(height - baseline); content.append(ascii: "cm /Tot Do Q\n")
    }

    @discardableResult
    private mutating func draw(bytes: [UInt8], x: Double, baseline: Double, font: PDFFont, size: Double,
                               align: PDFTextAlignment, color: PDFColor) -> Double {
        let width = font.width(bytes: bytes, size: size)
        guard !bytes.isEmpty else { return 0 }
        let left = align == .left ? x : align == .center ? x - width / 2 : x - width
        fontsUsed.insert(font)
        setFill(color)
        content.append(ascii: "BT /")
        content.append(font.resourceName)
        content.append(0x20); number(size); content.append(ascii: "Tf ")
        number(left); number(height - baseline); content.append(ascii: "Td (")
        for byte in bytes {
            if byte == 0x28 || byte == 0x29 || byte == 0x5C { content.append(0x5C) }  // ( ) \ are escaped
            content.append(byte)
        }
        content.append(ascii: ") Tj ET\n")
        return width
    }

    // MARK: - Graphics state and numbers

    private mutating func setFill(_ color: PDFColor) {
        guard color != fillColor else { return }
        fillColor = color
        appendColor(color, gray: "g\n", rgb: "rg\n")
    }

    private mutating func setStroke(_ color: PDFColor, _ width: Double) {
        if color != strokeColor {
            strokeColor = color
            appendColor(color, gray: "G\n", rgb: "RG\n")
        }
        if width != lineWidth {
            lineWidth = width
            number(width); content.append(ascii: "w\n")
        }
    }

    private mutating func appendColor(_ color: PDFColor, gray: StaticString, rgb: StaticString) {
        switch color {
        case .gray(let level): number(level); content.append(ascii: gray)
        case .rgb(let r, let g, let b): number(r); number(g); number(b); content.append(ascii: rgb)
        }
    }

    @inline(__always) private mutating func appendRect(_ rect: PDFRect) {
        number(rect.x); number(height - rect.maxY); number(rect.width)
        PDFNumbers.append(rect.height, to: &content)
        content.append(ascii: " re")
    }

    /// A number followed by a space.
    @inline(__always) private mutating func number(_ value: Double) {
        PDFNumbers.append(value, to: &content)
        content.append(0x20)
    }
}
