/// The one path that draws any barcode symbol into a PDF.
extension PDFPage {
    /// Draws `symbol` centred horizontally in `box` at `moduleWidth` points per module, bars
    /// from the top of the box down to `barHeight`, then its human-readable text below when
    /// `textSize` is given. The box must hold the symbol and both quiet zones, so nothing else
    /// drawn inside the label can come near the bars. With `dot` (thermal and QL printers) the
    /// bars are written in whole printer dots (see `fillBars`); the caller places the box so
    /// that the bars start on the printer's grid. Returns where the bars were drawn.
    @discardableResult
    public mutating func barcode(
        _ symbol: BarcodeSymbol, in box: PDFRect, moduleWidth: Double, barHeight: Double,
        textSize: Double? = nil, font: PDFFont = .helvetica, dot: Double? = nil
    ) -> PDFRect {
        precondition(Double(symbol.totalModules) * moduleWidth <= box.width + 0.001, "the quiet zones must fit the box")
        // Quiet zones may differ (EAN-13: 11 and 10): centre symbol plus zones, not the bars alone.
        let total = Double(symbol.totalModules) * moduleWidth
        let left = box.midX - total / 2 + Double(symbol.quietZone.left) * moduleWidth
        // EAN-13 is drawn the retail way: guard bars run down between the digit groups.
        let retail = symbol.symbology == .ean13 && textSize != nil
        let digitSize = min(textSize ?? 0, 11 * moduleWidth)
        let shortBar = retail ? barHeight - digitSize * 0.6 : barHeight
        var drawn: [PDFPage.Bar] = []
        drawn.reserveCapacity(symbol.runs.count / 2 + 1)
        for (index, bar) in symbol.bars.enumerated() {
            let guardBar = [0, 1, 14, 15, 28, 29].contains(index)
            drawn.append(
                PDFPage.Bar(start: bar.start, width: bar.width, height: retail && guardBar ? barHeight : shortBar))
        }
        fillBars(drawn, left: left, top: box.y, moduleWidth: moduleWidth, height: barHeight, dot: dot)
        let bars = PDFRect(x: left, y: box.y, width: Double(symbol.moduleCount) * moduleWidth, height: barHeight)
        if retail {
            // First digit in the left quiet zone, then six under each half (modules 3-45 and 50-92).
            let digits = Array(symbol.text)
            let baseline = box.y + shortBar + digitSize * 0.95
            text(
                String(digits[0]), x: left - 2 * moduleWidth, baseline: baseline, font: font, size: digitSize,
                align: .right)
            text(
                String(digits[1...6]), x: left + 24 * moduleWidth, baseline: baseline, font: font, size: digitSize,
                align: .center)
            text(
                String(digits[7...12]), x: left + 71 * moduleWidth, baseline: baseline, font: font, size: digitSize,
                align: .center)
        } else if let textSize {
            text(
                symbol.text, x: bars.midX, baseline: bars.maxY + textSize * 1.05, font: font, size: textSize,
                align: .center, maxWidth: box.width)
        }
        return bars
    }
}

/// Choosing how wide a module is for the space available.
public enum BarcodeSizing {
    /// The widest module between `minimum` and `maximum` (points) with which the symbol and
    /// its quiet zones fit `width`; with `step` (a printer dot) a whole number of steps.
    /// Throws when even the minimum does not fit.
    public static func moduleWidth(
        for symbol: BarcodeSymbol, fitting width: Double, minimum: Double, maximum: Double,
        step: Double? = nil
    ) throws -> Double {
        var module = min(maximum, width / Double(symbol.totalModules))
        if let step, step > 0 { module = (module / step + 0.0001).rounded(.down) * step }
        guard module >= minimum - 0.0001 else {
            let needed = Double(symbol.totalModules) * minimum
            throw ScortaError.invalid(
                "\(symbol.symbology.rawValue) '\(symbol.text)' does not fit: it needs \(format(PDFUnit.millimetres(needed))) mm "
                    + "at the minimum module width of \(format(PDFUnit.millimetres(minimum))) mm, the label has \(format(PDFUnit.millimetres(width))) mm"
            )
        }
        return module
    }

    /// Millimetres with up to two decimals ("30.25", "0.5", "10").
    static func format(_ millimetres: Double) -> String {
        let hundredths = Int((millimetres * 100).rounded())
        let fraction = hundredths % 100
        if fraction == 0 { return "\(hundredths / 100)" }
        return "\(hundredths / 100)." + (fraction % 10 == 0 ? "\(fraction / 10)" : fraction.zeroPadded(2))
    }
}
