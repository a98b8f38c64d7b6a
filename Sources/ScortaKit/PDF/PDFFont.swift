/// The standard PDF fonts Scorta draws with. Viewers supply them, so no font is
/// embedded; widths come from Adobe's metrics for exact centring, truncating and wrapping.
///
///     let width = PDFFont.helvetica.width(of: "Caffè 250 g", size: 9)      // points
///     let fitted = PDFFont.helveticaBold.truncated("Kit igiene donna", size: 12, toWidth: 60)
public enum PDFFont: Int, CaseIterable, Sendable {
    case helvetica, helveticaBold, courier, courierBold

    /// The PostScript name written into the PDF.
    public var baseFont: String {
        switch self {
        case .helvetica: "Helvetica"
        case .helveticaBold: "Helvetica-Bold"
        case .courier: "Courier"
        case .courierBold: "Courier-Bold"
        }
    }

    var metrics: FontMetrics {
        switch self {
        case .helvetica: FontMetrics.helvetica
        case .helveticaBold: FontMetrics.helveticaBold
        case .courier: FontMetrics.courier
        case .courierBold: FontMetrics.courierBold
        }
    }

    /// Resource name inside a page (`/F1`...).
    var resourceName: String { "F\(rawValue + 1)" }

    // MARK: - Vertical metrics, in points at `size`

    public func capHeight(size: Double) -> Double { Double(metrics.capHeight) * size / 1000 }
    public func ascender(size: Double) -> Double { Double(metrics.ascender) * size / 1000 }
    /// Below the baseline, as a positive distance.
    public func descender(size: Double) -> Double { Double(-metrics.descender) * size / 1000 }

    // MARK: - Measuring

    /// Width of `text` in points.
    public func width(of text: String, size: Double) -> Double { width(bytes: WinAnsi.encode(text), size: size) }

    func width(bytes: some Sequence<UInt8>, size: Double) -> Double { Double(metrics.width(bytes)) * size / 1000 }

    /// `text` if it fits in `width`, else as many leading characters as fit followed by "…".
    public func truncated(_ text: String, size: Double, toWidth width: Double) -> String {
        WinAnsi.decode(truncated(bytes: WinAnsi.encode(text), size: size, toWidth: width))
    }

    func truncated(bytes: [UInt8], size: Double, toWidth width: Double) -> [UInt8] {
        let limit = Int((width * 1000 / size).rounded(.down))
        if metrics.width(bytes) <= limit { return bytes }
        let room = limit - metrics.width(WinAnsi.ellipsis)
        var used = 0, count = 0
        while count < bytes.count, used + metrics.width(bytes[count]) <= room {
            used += metrics.width(bytes[count])
            count += 1
        }
        while count > 0, bytes[count - 1] == 0x20 { count -= 1 }  // no space before the ellipsis
        return room < 0 ? [] : Array(bytes[..<count]) + [WinAnsi.ellipsis]
    }

    /// Lines of at most `width` points, broken at spaces; a word longer than a line is
    /// broken where it must. With `maxLines`, the last line kept ends in "…" if text was left out.
    public func wrapped(_ text: String, size: Double, toWidth width: Double, maxLines: Int = .max) -> [String] {
        wrapped(bytes: WinAnsi.encode(text), size: size, toWidth: width, maxLines: maxLines).map { WinAnsi.decode($0) }
    }

    func wrapped(bytes: [UInt8], size: Double, toWidth width: Double, maxLines: Int) -> [[UInt8]] {
        let limit = Int((width * 1000 / size).rounded(.down))
        let space = metrics.width(0x20)
        var lines: [[UInt8]] = []
        var line: [UInt8] = []
        var lineWidth = 0
        for word in bytes.split(separator: 0x20, omittingEmptySubsequences: true) {
            var word = Array(word)
            var wordWidth = metrics.width(word)
            if !line.isEmpty, lineWidth + space + wordWidth <= limit {
                line.append(0x20); line += word; lineWidth += space + wordWidth
                continue
            }
            if !line.isEmpty { lines.append(line); line = []; lineWidth = 0 }
            while wordWidth > limit, word.count > 1 {  // a word wider than the line: cut it
                var cut = 0, used = 0
                while cut < word.count - 1, used + metrics.width(word[cut]) <= limit { used += metrics.width(word[cut]); cut += 1 }
                lines.append(Array(word[..<max(cut, 1)]))
                word = Array(word[max(cut, 1)...])
                wordWidth = metrics.width(word)
            }
            line = word; lineWidth = wordWidth
        }
        if !line.isEmpty { lines.append(line) }
        guard lines.count > maxLines, maxLines > 0 else { return maxLines <= 0 ? [] : lines }
        var kept = Array(lines[..<maxLines])
        // The next line did not fit after the last kept one, so joining them always truncates to "…".
        kept[maxLines - 1] = truncated(bytes: kept[maxLines - 1] + [0x20] + lines[maxLines], size: size, toWidth: width)
        return kept
    }
}
