/// Draws one label's content into its frame: text on top, the barcode rows at the bottom.
/// Every label of a job shares one `Plan` (bar height, rotation, GS1 split), so a sheet looks
/// even and a long name never shortens its barcode. Sizes scale with the label, so the same
/// code serves a 25 mm address label and a 4×6 in shipping label.
struct LabelLayout {
    let template: LabelTemplate
    let kind: LabelKind

    /// Light space kept between the end of a quiet zone and the die-cut edge, so a printer
    /// that prints a little off still leaves the 10 modules scanners need.
    static let edgeMargin = PDFUnit.mm(1)
    /// Shortest bars decoders read reliably from these labels.
    static let minimumBarHeight = PDFUnit.mm(6)

    /// Points per printer dot on thermal and QL stock, so bars are whole dots.
    var dot: Double? { template.printerDPI.map { 72.0 / Double($0) } }
    var padding: Double { PDFUnit.mm(template.paddingMillimetres) }
    var tall: Bool { template.label.height > template.label.width }

    /// What every label of one job shares.
    struct Plan: Sendable {
        /// The whole label is laid out sideways: a tall roll label whose symbol needs its length.
        var rotated = false
        /// GS1 lot labels carry (01)(17) and (10) in two stacked symbols, each with its own FNC1,
        /// as GS1 allows when one symbol does not fit (logistic labels do the same).
        var split = false
        /// The bar height of every symbol of the job.
        var barHeight = 0.0
        /// Symbol rows reserved at the bottom of every label.
        var rows: Int { split ? 2 : 1 }
    }

    /// What was drawn, in page coordinates, for geometry checks.
    struct Drawn {
        let symbols: [LabelSheet.PlacedSymbol]
        let texts: [LabelSheet.PlacedText]
    }

    /// The label as laid out: upright, or turned so that its long side is the width.
    func layoutSize(rotated: Bool) -> (width: Double, height: Double) {
        let width = PDFUnit.mm(template.label.width)
        let height = PDFUnit.mm(template.label.height)
        return rotated ? (height, width) : (width, height)
    }

    // MARK: - Plan

    /// Chooses rotation, GS1 split and bar height for all `contents` at once; any label that
    /// cannot be drawn is refused here, naming it, before anything is written.
    func plan(_ contents: [LabelContent]) throws -> Plan {
        // Copies and repeated labels look alike: each different label is checked once.
        var seen = Set<LabelContent>()
        let unique = contents.filter { seen.insert($0).inserted }
        let wholes = try unique.map { try symbols($0, split: false)[0] }
        let candidates = [
            Plan(rotated: false, split: false), Plan(rotated: true, split: false),
            Plan(rotated: false, split: true), Plan(rotated: true, split: true)
        ]
        .filter { (tall || !$0.rotated) && (kind == .lot || !$0.split) }
        // The widest part of each label's symbols when GS1 lots are split (computed only if needed).
        var parts: [BarcodeSymbol]?
        func widest(_ split: Bool) throws -> [BarcodeSymbol] {
            guard split else { return wholes }
            if parts == nil {
                parts = try unique.map { try symbols($0, split: true).max { $0.totalModules < $1.totalModules }! }
            }
            return parts!
        }
        var chosen: Plan?
        for candidate in candidates
        where try widest(candidate.split).allSatisfy({ fits($0, rotated: candidate.rotated) }) {
            chosen = candidate
            break
        }
        guard var plan = chosen else {
            let last = candidates.last!
            let needs = try widest(last.split)
            let index = needs.firstIndex { !fits($0, rotated: last.rotated) }!
            let symbol = needs[index]
            throw ScortaError.invalid(
                "\(unique[index].title) on '\(template.name)': \(symbol.symbology.rawValue) '\(symbol.text)' needs "
                    + "\(BarcodeSizing.format(PDFUnit.millimetres(Double(symbol.totalModules) * minimumModule))) mm at the minimum module width of "
                    + "\(BarcodeSizing.format(kind.moduleRange.minimum)) mm, the label has "
                    + "\(BarcodeSizing.format(PDFUnit.millimetres(layoutSize(rotated: last.rotated).width - 2 * LabelLayout.edgeMargin))) mm "
                    + "inside its 1 mm margins")
        }
        // The bar height, one for the job: what the text at its full size leaves (so big roll labels are
        // used, not left empty) but at least the preferred share of the label, and lowered only as far as
        // the longest text at 6 pt needs.
        let height = layoutSize(rotated: plan.rotated).height - 2 * padding
        let rows = Double(plan.rows)
        let fixed = textGap(height) + rows * hriSpace(height) + (rows - 1) * rowGap
        var leftAtFullSize = height
        var leftAtSmallest = height
        for content in unique {
            let smallest =
                (height - fixed - (try fitted(content, rotated: plan.rotated, scale: 0).stackedHeight)) / rows
            if smallest < LabelLayout.minimumBarHeight - 1e-9 {
                throw ScortaError.invalid(
                    "\(content.title) on '\(template.name)': its text at 6 pt leaves no room for a 6 mm barcode; "
                        + "choose a taller template")
            }
            leftAtSmallest = min(leftAtSmallest, smallest)
            leftAtFullSize = min(
                leftAtFullSize,
                (height - fixed - (try fitted(content, rotated: plan.rotated, scale: 1).stackedHeight)) / rows)
        }
        // Shares of the label's height for all rows together.
        let preferred = max(LabelLayout.minimumBarHeight, preferredBarHeight(height) / rows)
        let bars = min(
            max(preferred, min(leftAtFullSize, height * (kind == .location ? 0.6 : 0.55) / rows)), leftAtSmallest)
        plan.barHeight = bars
        return plan
    }

    var minimumModule: Double {
        let minimum = PDFUnit.mm(kind.moduleRange.minimum)
        guard let dot else { return minimum }
        return (minimum / dot - 0.01).rounded(.up) * dot
    }

    /// Length available to a symbol and its quiet zones: the label less 1 mm at each end (and a
    /// dot, so the symbol can be moved onto the printer's grid).
    func barLength(rotated: Bool) -> Double {
        layoutSize(rotated: rotated).width - 2 * LabelLayout.edgeMargin - (dot ?? 0)
    }

    func fits(_ symbol: BarcodeSymbol, rotated: Bool) -> Bool {
        Double(symbol.totalModules) * minimumModule <= barLength(rotated: rotated) + 1e-9
    }

    /// The symbols a label carries under a plan: one, or a GS1 lot split in two.
    func symbols(_ content: LabelContent, split: Bool) throws -> [BarcodeSymbol] {
        do {
            if split, case .lot(_, _, let lot, let expiry, let gtin?) = content, !lot.isEmpty {
                var first = [try GS1.Element.gtin(gtin)]
                if let expiry { first.append(.expiry(expiry)) }
                return [try GS1.encode(first), try GS1.encode([.lot(lot)])]
            }
            return [try content.symbol()]
        } catch let error as ScortaError {
            guard case .invalid(let message) = error else { throw error }
            throw ScortaError.invalid("\(content.title): \(message)")
        }
    }

    // MARK: - Proportions

    func preferredBarHeight(_ height: Double) -> Double {
        max(LabelLayout.minimumBarHeight, height * (kind == .location ? 0.45 : 0.4))
    }

    /// Size of the human-readable line under the bars (codes printed above carry it for locations and cards).
    func hriSize(_ height: Double) -> Double? {
        kind == .location || kind == .card ? nil : min(max(height * 0.06, 6), 10)
    }

    func hriSpace(_ height: Double) -> Double { hriSize(height).map { $0 * 1.3 } ?? 0 }
    func textGap(_ height: Double) -> Double { max(height * 0.03, PDFUnit.mm(0.8)) }
    let rowGap = PDFUnit.mm(0.5)

    /// The text of a label, top to bottom, with nominal sizes from the label's height.
    func fields(_ content: LabelContent, height h: Double) -> [LabelField] {
        func size(_ share: Double, _ cap: Double) -> Double { max(LabelField.minimumSize, min(h * share, cap)) }
        switch content {
        case .item(let sku, let name, _):
            return [
                LabelField(
                    field: "SKU", text: sku, font: .helveticaBold, nominal: size(0.14, 60), maxLines: 1,
                    mayShorten: false),
                LabelField(
                    field: "name", text: name, font: .helvetica, nominal: size(0.095, 36), maxLines: 2, mayShorten: true
                )
            ]
        case .lot(let sku, let name, let lot, let expiry, _):
            var fields = [
                LabelField(
                    field: "name", text: name, font: .helveticaBold, nominal: size(0.1, 30),
                    maxLines: h > PDFUnit.mm(45) ? 2 : 1, mayShorten: true),
                LabelField(
                    field: "lot", text: lot.isEmpty ? sku : "\(sku) · Lotto \(lot)", font: .helvetica,
                    nominal: size(0.085, 26), maxLines: 1, mayShorten: false)
            ]
            if let expiry {
                fields.append(
                    LabelField(
                        field: "expiry", text: "Scad. " + LabelLayout.italian(expiry), font: .helveticaBold,
                        nominal: size(0.16, 56), maxLines: 1, mayShorten: false))
            }
            return fields
        case .kit(let sku, let name, let contents):
            return [
                LabelField(
                    field: "name", text: name, font: .helveticaBold, nominal: size(0.1, 32), maxLines: 2,
                    mayShorten: true),
                LabelField(
                    field: "SKU", text: sku, font: .helvetica, nominal: size(0.085, 24), maxLines: 1, mayShorten: false),
                LabelField(
                    field: "contents", text: contents.joined(separator: " · "), font: .helvetica,
                    nominal: size(0.075, 22),
                    maxLines: .max, mayShorten: false)
            ]
        case .location(let code, let name):
            return [
                LabelField(
                    field: "code", text: code, font: .helveticaBold, nominal: size(0.24, 110), maxLines: 1,
                    mayShorten: false,
                    align: .center),
                LabelField(
                    field: "name", text: name, font: .helvetica, nominal: size(0.09, 32), maxLines: 1, mayShorten: true,
                    align: .center)
            ]
        case .card(let code, let heading):
            return [
                LabelField(
                    field: "heading", text: heading, font: .helveticaBold, nominal: size(0.1, 16), maxLines: 1,
                    mayShorten: true,
                    align: .center),
                LabelField(
                    field: "code", text: HouseholdCode.display(code), font: .courierBold, nominal: size(0.16, 28),
                    maxLines: 1,
                    mayShorten: false, align: .center)
            ]
        }
    }

    /// The label's fields fitted to its width at `scale` of their nominal sizes (0: all at 6 pt).
    func fitted(_ content: LabelContent, rotated: Bool, scale: Double) throws -> [FittedField] {
        let size = layoutSize(rotated: rotated)
        let width = size.width - 2 * padding
        return try fields(content, height: size.height - 2 * padding).map { field in
            do {
                return try field.fitted(width: width, scale: scale)
            } catch {
                throw ScortaError.invalid(
                    "\(content.title) on '\(template.name)': the \(field.field) does not fit the label's width even at 6 pt; "
                        + "use a wider template or a shorter code")
            }
        }
    }

    // MARK: - Drawing

    func draw(_ content: LabelContent, plan: Plan, in frame: PDFRect, on page: inout PDFPage) throws -> Drawn {
        guard plan.rotated else { return try drawUpright(content, plan: plan, in: frame, dotOrigin: 0, on: &page) }
        let drawn = try page.rotatedClockwise(into: frame) { page in
            try drawUpright(
                content, plan: plan, in: PDFRect(x: 0, y: 0, width: frame.height, height: frame.width),
                dotOrigin: frame.y, on: &page)
        }
        // Back to page coordinates: the layout's x runs down the page, its y leftwards from the right edge.
        func upright(_ r: PDFRect) -> PDFRect {
            PDFRect(x: frame.maxX - r.maxY, y: frame.y + r.x, width: r.height, height: r.width)
        }
        return Drawn(
            symbols: drawn.symbols.map {
                .init(symbol: $0.symbol, bars: upright($0.bars), moduleWidth: $0.moduleWidth, rotated: true)
            },
            texts: drawn.texts.map { .init(field: $0.field, text: $0.text, size: $0.size, rect: upright($0.rect)) })
    }

    /// Lays the label out in `frame`; `dotOrigin` is how far the printer's dot grid starts
    /// before this frame's x = 0 (0 upright; the label's top edge when rotated).
    private func drawUpright(
        _ content: LabelContent, plan: Plan, in frame: PDFRect, dotOrigin: Double, on page: inout PDFPage
    ) throws -> Drawn {
        let inner = frame.insetBy(dx: padding, dy: padding)
        let h = inner.height
        let rows = Double(plan.rows)
        let barBlock = rows * (plan.barHeight + hriSpace(h)) + (rows - 1) * rowGap
        let budget = inner.height - barBlock - textGap(h)
        // Text as large as the room above the bars allows, shrinking everything together.
        var scale = 1.0
        var fields = try fitted(content, rotated: plan.rotated, scale: scale)
        let smallest = 6.0 / (fields.map(\.field.nominal).max() ?? 6)
        while fields.stackedHeight > budget + 1e-9, scale > smallest {
            scale = max(smallest, scale * 0.92)
            fields = try fitted(content, rotated: plan.rotated, scale: scale)
        }
        var texts: [LabelSheet.PlacedText] = []
        var top = inner.y
        for fitted in fields {
            let font = fitted.field.font
            let size = fitted.size
            var baseline = top + font.ascender(size: size)
            for line in fitted.lines {
                let x = fitted.field.align == .center ? inner.midX : inner.x
                let width = page.text(line, x: x, baseline: baseline, font: font, size: size, align: fitted.field.align)
                let left = fitted.field.align == .center ? x - width / 2 : x
                texts.append(
                    .init(
                        field: fitted.field.field, text: line, size: size,
                        rect: PDFRect(
                            x: left, y: baseline - font.ascender(size: size), width: width,
                            height: font.ascender(size: size) + font.descender(size: size))))
                baseline += size * LabelField.leading
            }
            top += fitted.height + fitted.gap
        }
        // The bars: rows at the bottom of the label, each centred with its quiet zones.
        var symbolsDrawn: [LabelSheet.PlacedSymbol] = []
        var rowTop = inner.maxY - barBlock
        for symbol in try symbols(content, split: plan.split) {
            let module = moduleWidth(symbol, rotated: plan.rotated)
            let left = barsLeft(symbol, module: module, in: frame, dotOrigin: dotOrigin)
            var textSize = hriSize(h)
            if let size = textSize, symbol.symbology != .ean13 {
                // The human-readable line is a code too: smaller to fit, never cut.
                let box = Double(symbol.totalModules) * module
                let fitting = min(
                    size, (box / PDFFont.helvetica.width(of: symbol.text, size: 1) * 20).rounded(.down) / 20)
                guard fitting >= LabelField.minimumSize else {
                    throw ScortaError.invalid(
                        "\(content.title) on '\(template.name)': the text under the barcode does not fit at 6 pt")
                }
                textSize = fitting
            }
            let box = PDFRect(
                x: left - Double(symbol.quietZone.left) * module, y: rowTop,
                width: Double(symbol.totalModules) * module, height: plan.barHeight + hriSpace(h))
            let bars = page.barcode(
                symbol, in: box, moduleWidth: module, barHeight: plan.barHeight, textSize: textSize,
                dot: dot)
            symbolsDrawn.append(.init(symbol: symbol, bars: bars, moduleWidth: module, rotated: false))
            rowTop += plan.barHeight + hriSpace(h) + rowGap
        }
        return Drawn(symbols: symbolsDrawn, texts: texts)
    }

    /// The widest module in the kind's range (whole printer dots) with which the symbol, its
    /// quiet zones and 1 mm at each end fit the label.
    func moduleWidth(_ symbol: BarcodeSymbol, rotated: Bool) -> Double {
        let range = kind.moduleRange
        var module = min(PDFUnit.mm(range.maximum), barLength(rotated: rotated) / Double(symbol.totalModules))
        if let dot { module = (module / dot + 1e-6).rounded(.down) * dot }
        return max(module, minimumModule)  // the plan made sure the minimum fits
    }

    /// Where the first bar goes: the symbol centred on the label, then moved onto the printer's
    /// dot grid, never closer than 1 mm + quiet zone to either edge.
    func barsLeft(_ symbol: BarcodeSymbol, module: Double, in frame: PDFRect, dotOrigin: Double) -> Double {
        let total = Double(symbol.totalModules) * module
        let quiet = Double(symbol.quietZone.left) * module
        let lowest = frame.x + LabelLayout.edgeMargin + quiet
        let highest = frame.maxX - LabelLayout.edgeMargin - total + quiet
        let centred = frame.midX - total / 2 + quiet
        guard let dot else { return centred }
        // Grid positions are counted from the page edge the printer starts at.
        func onGrid(_ x: Double, _ rule: FloatingPointRoundingRule) -> Double {
            ((x + dotOrigin) / dot).rounded(rule) * dot - dotOrigin
        }
        var left = onGrid(centred, .toNearestOrAwayFromZero)
        if left < lowest - 1e-9 { left = onGrid(lowest - 1e-9, .up) }
        if left > highest + 1e-9 { left = onGrid(highest + 1e-9, .down) }
        return left
    }

    /// 30/06/2028, the way Italian staff read a date.
    static func italian(_ date: CivilDate) -> String {
        "\(date.day.zeroPadded(2))/\(date.month.zeroPadded(2))/\(date.year)"
    }
}
