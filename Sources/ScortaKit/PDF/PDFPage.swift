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
    /// The content stream, in PDF operators; `stream` closes an open text object.
    private(set) var content: [UInt8] = []
    /// While a text object is open: where its last line started, in thousandths of a point
    /// (PDF space), and the font and size set. Lines drawn one after another share one text
    /// object and move relative to the previous line, so the same label drawn many times
    /// gives the same bytes each time and Flate packs them: a sixth off 10,000 labels.
    private var textLine: (x: Int, y: Int)?
    private var textFont: (font: PDFFont, size: Double)?
    /// Where PDF's origin is, in page coordinates (x from the left, y from the top): the
    /// bottom-left corner, or the corner given to `translated`.
    private var origin: (x: Double, y: Double)
    private(set) var fontsUsed: Set<PDFFont> = []
    /// The glyphs drawn in each font (indexed by `PDFFont.rawValue`), for the embedded subsets.
    private(set) var glyphsUsed = [GlyphSet](repeating: GlyphSet(), count: PDFFont.allCases.count)
    /// The first text the fonts cannot draw; drawing does not throw, `PDFWriter.finish` does.
    private(set) var failure: ScortaError?
    /// The font of the page total drawn with `pageTotal`, if any.
    private(set) var totalFont: PDFFont?
    private var fillColor = PDFColor.black
    private var strokeColor = PDFColor.black
    private var lineWidth = 1.0

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
        origin = (0, height)
        content.reserveCapacity(4096)
    }

    /// The finished content stream.
    var stream: [UInt8] { textLine == nil ? content : content + Array("ET\n".utf8) }

    /// Draws `body` with coordinates written relative to (`x`, `y`) under one translation.
    /// Labels on a sheet differ in place, not in content: drawn this way, two labels of the
    /// same item give the same bytes wherever they sit, and Flate finds them (10,000 item
    /// labels: a fifth smaller). Not nested.
    public mutating func translated<Result>(x: Double, y: Double, _ body: (inout PDFPage) throws -> Result) rethrows
        -> Result
    {
        precondition(origin == (0, height), "translated drawing does not nest")
        endText()
        let saved = (fillColor, strokeColor, lineWidth)
        content.append(ascii: "q 1 0 0 1 ")
        number(x)
        number(height - y)
        content.append(ascii: "cm\n")
        origin = (x, y)
        defer {
            endText()
            content.append(ascii: "Q\n")
            origin = (0, height)
            (fillColor, strokeColor, lineWidth) = saved  // Q restores them
        }
        return try body(&self)
    }

    // MARK: - Shapes

    /// A filled rectangle.
    public mutating func fill(_ rect: PDFRect, color: PDFColor = .black) {
        endText()
        setFill(color)
        appendRect(rect)
        content.append(ascii: " f\n")
    }

    /// Many filled rectangles of one colour as a single path (barcode bars).
    public mutating func fill(_ rects: [PDFRect], color: PDFColor = .black) {
        guard !rects.isEmpty else { return }
        endText()
        setFill(color)
        for (index, rect) in rects.enumerated() {
            if index > 0 { content.append(0x20) }
            appendRect(rect)
        }
        content.append(ascii: " f\n")
    }

    /// One bar of a barcode: where it starts and how wide it is in modules, and how far
    /// down it reaches from the top of the symbol, in points.
    public struct Bar: Sendable {
        public var start: Int
        public var width: Int
        public var height: Double
        public init(start: Int, width: Int, height: Double) {
            self.start = start
            self.width = width
            self.height = height
        }
    }

    /// The bars of one symbol, hanging from `top`, the first module at `left`. One transform
    /// scales a module to `moduleWidth` and the tallest bar to `height`, so each bar is
    /// written in small whole numbers ("12 0 2 1 re") that Flate packs tightly: 10,000 item
    /// labels take a third of the bytes they took with every bar edge in points.
    ///
    /// With `dot` (thermal and QL heads; `moduleWidth` a whole number of dots and `left` on the
    /// printer's dot grid, which the caller works out) the transform's unit is one dot,
    /// written with ten decimals, and each bar starts and ends 1/100 dot inside its grid lines:
    /// a rasteriser that fills every pixel a shape touches (poppler without anti-aliasing, like
    /// many printer drivers) would otherwise add a dot to every bar, half a module at 0.25 mm on
    /// 203 dpi; three decimals of a module width would drift a third of a dot over a symbol.
    public mutating func fillBars(
        _ bars: [Bar], left: Double, top: Double, moduleWidth: Double, height: Double, dot: Double? = nil
    ) {
        guard !bars.isEmpty, height > 0 else { return }
        endText()
        setFill(.black)
        content.append(ascii: "q ")
        let dots = dot.map { (moduleWidth / $0).rounded() }
        if let dot {
            content.append(PDFPage.exact(dot))
            content.append(0x20)
        } else {
            number(moduleWidth)
        }
        content.append(ascii: "0 0 ")
        number(height)
        number(left - origin.x)
        number(origin.y - top - height)
        content.append(ascii: "cm\n")
        for (index, bar) in bars.enumerated() {
            if index > 0 { content.append(0x20) }
            if let dots {
                number(Double(bar.start) * dots + 0.01)
            } else {
                PDFNumbers.appendInteger(bar.start, to: &content)
                content.append(0x20)
            }
            if bar.height >= height { content.append(ascii: "0 ") } else { number(1 - bar.height / height) }
            if let dots {
                number(Double(bar.width) * dots - 0.02)
            } else {
                PDFNumbers.appendInteger(bar.width, to: &content)
                content.append(0x20)
            }
            if bar.height >= height {
                content.append(ascii: "1")
            } else {
                PDFNumbers.append(bar.height / height, to: &content)
            }
            content.append(ascii: " re")
        }
        content.append(ascii: " f Q\n")
    }

    /// Closed polygons of `corners` corners each, filled in one path (the emblem's stars).
    public mutating func fillPolygons(_ points: [(x: Double, y: Double)], corners: Int, color: PDFColor) {
        precondition(corners > 2 && points.count % corners == 0, "whole polygons")
        endText()
        setFill(color)
        for (index, point) in points.enumerated() {
            number(point.x - origin.x)
            number(origin.y - point.y)
            content.append(ascii: index % corners == 0 ? "m " : index % corners == corners - 1 ? "l h\n" : "l ")
        }
        content.append(ascii: "f\n")
    }

    /// A rectangle outline; the stroke is centred on the rectangle's edge.
    public mutating func stroke(_ rect: PDFRect, color: PDFColor = .black, lineWidth: Double = 0.5) {
        endText()
        setStroke(color, lineWidth)
        appendRect(rect)
        content.append(ascii: " S\n")
    }

    /// A straight line.
    public mutating func line(
        fromX x1: Double, y y1: Double, toX x2: Double, y y2: Double,
        color: PDFColor = .black, lineWidth: Double = 0.5
    ) {
        endText()
        setStroke(color, lineWidth)
        number(x1 - origin.x)
        number(origin.y - y1)
        content.append(ascii: "m ")
        number(x2 - origin.x)
        number(origin.y - y2)
        content.append(ascii: "l S\n")
    }

    // MARK: - Rotation

    /// Draws `body` on a label turned a quarter turn clockwise: inside, the label occupies
    /// (0, 0, frame.height, frame.width) in the usual top-left coordinates, so a tall roll
    /// label is laid out as a wide one and its barcode runs along the label's length.
    public mutating func rotatedClockwise<T>(into frame: PDFRect, _ body: (inout PDFPage) throws -> T) rethrows -> T {
        precondition(origin == (0, height), "rotated drawing does not nest")
        endText()
        let saved = (fillColor, strokeColor, lineWidth)
        // Inside, PDF x is the label's x and PDF y is minus its y (origin at its top-left corner).
        content.append(ascii: "q 0 -1 1 0 ")
        number(frame.maxX)
        number(height - frame.y)
        content.append(ascii: "cm\n")
        origin = (0, 0)
        defer {
            endText()
            content.append(ascii: "Q\n")
            origin = (0, height)
            (fillColor, strokeColor, lineWidth) = saved  // Q restores them
        }
        return try body(&self)
    }

    /// A scale written with enough digits that a thousand dots still land within 1e-7 pt.
    private static func exact(_ value: Double) -> String {
        var text = String(Int((value * 1e10).rounded()))
        while text.count < 11 { text = "0" + text }
        let whole = text.dropLast(10)
        let fraction = text.suffix(10)
        return "\(whole).\(fraction)"
    }

    // MARK: - Text

    /// One line of text with its baseline at `baseline`. With `maxWidth`, text too long is
    /// cut and ends in "…". Returns the width drawn.
    @discardableResult
    public mutating func text(
        _ text: String, x: Double, baseline: Double, font: PDFFont, size: Double,
        align: PDFTextAlignment = .left, maxWidth: Double? = nil, color: PDFColor = .black
    ) -> Double {
        var run = font.shape(text)
        check(run, text, font)
        if let maxWidth { run = font.truncated(run, size: size, toWidth: maxWidth) }
        return draw(run, x: x, baseline: baseline, font: font, size: size, align: align, color: color)
    }

    /// Text wrapped into `rect`, top line first, as many lines as fit (the last one ends in
    /// "…" if text is left out). `leading` is the baseline distance (default 1.2 × size).
    /// Returns the height used.
    @discardableResult
    public mutating func wrappedText(
        _ text: String, in rect: PDFRect, font: PDFFont, size: Double, leading: Double? = nil,
        align: PDFTextAlignment = .left, maxLines: Int = .max, color: PDFColor = .black
    ) -> Double {
        let leading = leading ?? size * 1.2
        let fitting =
            Int(((rect.height - font.ascender(size: size) - font.descender(size: size)) / leading).rounded(.down)) + 1
        let run = font.shape(text)
        check(run, text, font)
        let lines = font.wrapped(run, size: size, toWidth: rect.width, maxLines: min(maxLines, max(fitting, 0)))
        let x = align == .left ? rect.x : align == .center ? rect.midX : rect.maxX
        var baseline = rect.y + font.ascender(size: size)
        for line in lines {
            draw(line, x: x, baseline: baseline, font: font, size: size, align: align, color: color)
            baseline += leading
        }
        return lines.isEmpty
            ? 0 : font.ascender(size: size) + Double(lines.count - 1) * leading + font.descender(size: size)
    }

    /// The document's page count ("7" of "pagina 3 di 7"), left-aligned at `x`: a form the
    /// `PDFWriter` fills in once the last page is written, so pages can go to the file before
    /// the count is known. Every page of a document must use the same font for it.
    public mutating func pageTotal(x: Double, baseline: Double, font: PDFFont, size: Double, color: PDFColor = .black) {
        precondition(totalFont == nil || totalFont == font, "one font for the page total")
        totalFont = font
        endText()
        setFill(color)
        content.append(ascii: "q ")
        number(size)
        content.append(ascii: "0 0 ")
        number(size)
        number(x - origin.x)
        number(origin.y - baseline)
        content.append(ascii: "cm /Tot Do Q\n")
    }

    @discardableResult
    private mutating func draw(
        _ run: GlyphRun, x: Double, baseline: Double, font: PDFFont, size: Double,
        align: PDFTextAlignment, color: PDFColor
    ) -> Double {
        let width = font.width(run, size: size)
        guard !run.isEmpty else { return 0 }
        let left = align == .left ? x : align == .center ? x - width / 2 : x - width
        fontsUsed.insert(font)
        setFill(color)
        let x = Int(((left - origin.x) * 1000).rounded())
        let y = Int(((origin.y - baseline) * 1000).rounded())
        if textLine == nil {
            content.append(ascii: "BT ")
            textFont = nil
        }
        if textFont == nil || textFont! != (font, size) {
            content.append(0x2F)
            content.append(font.resourceName)
            content.append(0x20)
            number(size)
            content.append(ascii: "Tf ")
            textFont = (font, size)
        }
        let origin = textLine ?? (0, 0)
        PDFNumbers.append(Double(x - origin.x) / 1000, to: &content)
        content.append(0x20)
        PDFNumbers.append(Double(y - origin.y) / 1000, to: &content)
        textLine = (x, y)
        content.append(ascii: " Td ")
        PDFPage.appendCodes(run, to: &content)
        glyphsUsed[font.rawValue].insert(run.glyphs)
        content.append(ascii: " Tj\n")
        return width
    }

    /// Closes the open text object before a path or a transform, which PDF allows only outside one.
    private mutating func endText() {
        guard textLine != nil else { return }
        content.append(ascii: "ET\n")
        textLine = nil
        textFont = nil
    }

    /// `run` as a string in the fonts' encoding (`PDFWriter.encodingCMap`): printable ASCII
    /// as its own byte, any other glyph as two bytes, 0x8000 + glyph id. Italian text is nearly
    /// all ASCII, and one byte a letter instead of two makes 10,000 labels 9 % smaller.
    static func appendCodes(_ run: GlyphRun, to out: inout [UInt8]) {
        out.append(0x28)
        for (scalar, glyph) in zip(run.scalars, run.glyphs) {
            if scalar.value >= 0x20, scalar.value <= 0x7E {
                appendEscaped(UInt8(scalar.value), to: &out)
            } else {
                appendEscaped(0x80 | UInt8(glyph >> 8), to: &out)
                appendEscaped(UInt8(glyph & 0xFF), to: &out)
            }
        }
        out.append(0x29)
    }

    /// ( ) \ escaped; CR and LF as \r and \n, which a literal string would otherwise turn into line ends.
    @inline(__always) private static func appendEscaped(_ byte: UInt8, to out: inout [UInt8]) {
        switch byte {
        case 0x28, 0x29, 0x5C:
            out.append(0x5C)
            out.append(byte)
        case 0x0A:
            out.append(0x5C)
            out.append(0x6E)
        case 0x0D:
            out.append(0x5C)
            out.append(0x72)
        default: out.append(byte)
        }
    }

    /// Records the first character the font lacks: printing "?" or a blank box in its place
    /// would silently change a name on an archived document.
    private mutating func check(_ run: GlyphRun, _ text: String, _ font: PDFFont) {
        guard failure == nil, let missing = run.missing else { return }
        failure = ScortaError.invalid(
            "the PDF font \(font.baseFont) has no glyph for '\(missing)' (U+"
                + missing.value.zeroPadded(4, radix: 16) + ") in '\(text)'")
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
            number(width)
            content.append(ascii: "w\n")
        }
    }

    private mutating func appendColor(_ color: PDFColor, gray: StaticString, rgb: StaticString) {
        switch color {
        case .gray(let level):
            number(level)
            content.append(ascii: gray)
        case .rgb(let r, let g, let b):
            number(r)
            number(g)
            number(b)
            content.append(ascii: rgb)
        }
    }

    @inline(__always) private mutating func appendRect(_ rect: PDFRect) {
        number(rect.x - origin.x)
        number(origin.y - rect.maxY)
        number(rect.width)
        PDFNumbers.append(rect.height, to: &content)
        content.append(ascii: " re")
    }

    /// A number followed by a space.
    @inline(__always) private mutating func number(_ value: Double) {
        PDFNumbers.append(value, to: &content)
        content.append(0x20)
    }
}

/// Glyph ids drawn in one font, as a bit set: inserting stays cheap at tens of thousands of
/// labels, where a `Set<UInt16>` would hash every glyph of every line.
struct GlyphSet: Sendable, Equatable {
    private var words: [UInt64] = []

    mutating func insert(_ glyphs: [UInt16]) {
        for glyph in glyphs {
            let word = Int(glyph >> 6)
            if word >= words.count { words += [UInt64](repeating: 0, count: word + 1 - words.count) }
            words[word] |= 1 << UInt64(glyph & 63)
        }
    }

    mutating func formUnion(_ other: GlyphSet) {
        if other.words.count > words.count { words += [UInt64](repeating: 0, count: other.words.count - words.count) }
        for (index, word) in other.words.enumerated() { words[index] |= word }
    }

    var isEmpty: Bool { words.allSatisfy { $0 == 0 } }

    var glyphs: Set<UInt16> {
        var all: Set<UInt16> = []
        for (index, word) in words.enumerated() where word != 0 {
            for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { all.insert(UInt16(index * 64 + bit)) }
        }
        return all
    }
}
