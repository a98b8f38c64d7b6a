/// Draws one label's content into its frame: text on top, the barcode (with its quiet zones
/// inside the label) filling the space below. Sizes scale with the label so the same code
/// serves a 25 mm address label and a 4×6 in shipping label.
struct LabelLayout {
    let template: LabelTemplate
    let kind: LabelKind

    /// Where a label's bars ended up (for geometry checks).
    struct Drawn { let bars: PDFRect; let moduleWidth: Double; let symbol: BarcodeSymbol }

    /// Points per printer dot on thermal stock, so modules are whole dots.
    var dot: Double? { template.printerDPI.map { 72.0 / Double($0) } }

    func draw(_ content: LabelContent, symbol: BarcodeSymbol, in frame: PDFRect, on page: inout PDFPage) throws -> Drawn {
        let padding = PDFUnit.mm(template.paddingMillimetres)
        let inner = frame.insetBy(dx: padding, dy: padding)
        let h = inner.height
        var top = inner.y  // next free y, moving down
        func line(_ text: String, _ font: PDFFont, _ size: Double, align: PDFTextAlignment = .left) {
            let x = align == .center ? inner.midX : inner.x
            page.text(text, x: x, baseline: top + font.ascender(size: size), font: font, size: size, align: align, maxWidth: inner.width)
            top += (font.ascender(size: size) + font.descender(size: size)) * 1.18
        }
        func clamp(_ value: Double, _ low: Double, _ high: Double) -> Double { min(max(value, low), high) }
        let small = clamp(h * 0.09, 5.5, 11)

        switch content {
        case .item(let sku, let name, _):
            line(sku, .helveticaBold, clamp(h * 0.14, 7, 28))
            top += page.wrappedText(name, in: PDFRect(x: inner.x, y: top, width: inner.width, height: h * 0.3),
                                    font: .helvetica, size: clamp(h * 0.1, 6, 16), maxLines: 2) + h * 0.03
        case .lot(let sku, let name, let lot, let expiry, _):
            line(name, .helveticaBold, clamp(h * 0.11, 6.5, 14))
            line(lot.isEmpty ? sku : "\(sku) · Lotto \(lot)", .helvetica, small)
            if let expiry {
                line("Scad. " + LabelLayout.italian(expiry), .helveticaBold, clamp(h * 0.17, 9, 36))
            }
        case .kit(let sku, let name, let contents):
            top += page.wrappedText(name, in: PDFRect(x: inner.x, y: top, width: inner.width, height: h * 0.3),
                                    font: .helveticaBold, size: clamp(h * 0.1, 7, 16), maxLines: 2) + h * 0.01
            line(sku, .helvetica, small)
            let size = clamp(h * 0.075, 5.5, 10)
            let listHeight = max(0, inner.maxY - top - h * 0.42)
            top += page.wrappedText(contents.joined(separator: " · "), in: PDFRect(x: inner.x, y: top, width: inner.width, height: listHeight),
                                    font: .helvetica, size: size, leading: size * 1.15) + h * 0.03
        case .location(let code, let name):
            line(code, .helveticaBold, clamp(h * 0.22, 10, 72), align: .center)
            line(name, .helvetica, clamp(h * 0.09, 6, 20), align: .center)
        case .card(let code, let heading):
            line(heading, .helveticaBold, clamp(h * 0.1, 6, 12), align: .center)
            line(HouseholdCode.display(code), .courierBold, clamp(h * 0.16, 8, 20), align: .center)
        }

        // The barcode: bars from `top` down (after a small gap), its text below; at least 6 mm of bars.
        top += h * 0.04
        let textSize = content.kind == .location || content.kind == .card ? nil : Optional(small)
        let textSpace = textSize.map { $0 * 1.25 } ?? 0
        let room = inner.maxY - top - textSpace
        let range = kind.moduleRange
        let module = try BarcodeSizing.moduleWidth(for: symbol, fitting: frame.width, minimum: PDFUnit.mm(range.minimum),
                                                   maximum: PDFUnit.mm(range.maximum), step: dot)
        // On big labels bars no taller than 60% of their width (at least 15 mm), sitting at the bottom edge.
        let barHeight = min(room, max(PDFUnit.mm(15), Double(symbol.moduleCount) * module * 0.6))
        top += room - barHeight
        guard barHeight >= PDFUnit.mm(6) else {
            throw ScortaError.invalid("the \(kind.rawValue) label's text leaves no room for the barcode on '\(template.name)' (\(BarcodeSizing.format(template.label.height)) mm high): choose a taller template")
        }
        // The box spans the whole label width: the quiet zones, not the padding, keep the bars clear of the edges.
        let box = PDFRect(x: frame.x, y: top, width: frame.width, height: barHeight + textSpace)
        let bars = page.barcode(symbol, in: box, moduleWidth: module, barHeight: barHeight, textSize: textSize)
        return Drawn(bars: bars, moduleWidth: module, symbol: symbol)
    }

    /// 30/06/2028, the way Italian staff read a date.
    static func italian(_ date: CivilDate) -> String {
        "\(date.day.zeroPadded(2))/\(date.month.zeroPadded(2))/\(date.year)"
    }
}
