/// One piece of text on a label and the rules for fitting it. Text shrinks to the label's
/// width (not only its height) down to 6 pt, the smallest size staff can read at arm's
/// length. Codes (SKU, lot, location, household) and the expiry date are never cut: when they
/// do not fit at 6 pt the job is refused. Only names and headings may be shortened, and then
/// they end in "…" so a reader sees that something is missing; the code next to them still
/// identifies the label.
struct LabelField {
    /// Name used in error messages and geometry checks: "SKU", "name", "lot", "expiry", "code", "contents".
    let field: String
    let text: String
    let font: PDFFont
    /// Size on a label whose text has room; the fitting may only make it smaller.
    let nominal: Double
    /// Lines the text may take: 1 for codes; names 1 or 2; kit contents as many as needed.
    let maxLines: Int
    /// Names and headings only: cut with "…" when `maxLines` lines at 6 pt do not hold them.
    let mayShorten: Bool
    var align: PDFTextAlignment = .left

    static let minimumSize = 6.0
    /// Baseline distance of wrapped lines, as a multiple of the size.
    static let leading = 1.2

    /// The field set at `scale` × its nominal size (never below 6 pt) and fitted to `width`.
    func fitted(width: Double, scale: Double) throws(LabelFitError) -> FittedField {
        let start = max(LabelField.minimumSize, nominal * scale)
        if maxLines == 1 {
            // One line: as large as the width allows, up to the nominal size.
            let unit = font.width(of: text, size: 1)
            var size = unit > 0 ? min(start, (width / unit * 20).rounded(.down) / 20) : start
            if size < LabelField.minimumSize {
                guard mayShorten else { throw .tooWide(field) }
                size = LabelField.minimumSize
                return FittedField(field: self, size: size, lines: [font.truncated(text, size: size, toWidth: width)])
            }
            return FittedField(field: self, size: size, lines: [text])
        }
        // Several lines: the largest size whose wrapping takes at most `maxLines`.
        var size = start
        while true {
            let lines = font.wrapped(text, size: size, toWidth: width)
            if lines.count <= maxLines { return FittedField(field: self, size: size, lines: lines) }
            if size <= LabelField.minimumSize {
                guard mayShorten else { throw .tooWide(field) }
                return FittedField(
                    field: self, size: size, lines: font.wrapped(text, size: size, toWidth: width, maxLines: maxLines))
            }
            size = max(LabelField.minimumSize, size - 0.5)
        }
    }
}

/// A field with its size and lines decided.
struct FittedField {
    let field: LabelField
    let size: Double
    let lines: [String]

    /// From the top of the first line's ascender to the bottom of the last line's descender.
    var height: Double {
        let font = field.font
        return font.ascender(size: size) + Double(max(lines.count, 1) - 1) * size * LabelField.leading
            + font.descender(size: size)
    }

    /// Space left under the field before the next one.
    var gap: Double { size * 0.25 }
}

/// Why a label's text does not fit (turned into a message naming the label by the layout).
enum LabelFitError: Error {
    /// A code or date wider than the label at 6 pt (or kit contents needing more lines than allowed).
    case tooWide(String)
}

extension Array where Element == FittedField {
    /// Height of the fields stacked with their gaps.
    var stackedHeight: Double {
        guard !isEmpty else { return 0 }
        return reduce(0) { $0 + $1.height + $1.gap } - last!.gap
    }
}
