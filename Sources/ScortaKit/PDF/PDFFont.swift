import Foundation

/// The fonts Scorta draws with: Liberation Sans and Liberation Mono (SIL Open Font License,
/// bundled in `Fonts/Liberation`), drawn in the advance widths of Helvetica and Courier, and
/// embedded as subsets in every PDF, as PDF/A requires. Any character the font has can be
/// printed (Łódź, ș ț); text is normalised to NFC first, so a decomposed "è" is one glyph.
/// Widths come from the embedded font's own advance widths, the same numbers the PDF's
/// /W array declares, so centring, truncating and wrapping match what a viewer draws.
///
///     let width = PDFFont.helvetica.width(of: "Caffè 250 g", size: 9)      // points
///     let fitted = PDFFont.helveticaBold.truncated("Kit igiene donna", size: 12, toWidth: 60)
public enum PDFFont: Int, CaseIterable, Sendable {
    case helvetica, helveticaBold, courier, courierBold

    /// The bundled font file.
    var fileName: String {
        switch self {
        case .helvetica: "LiberationSans-Regular.ttf"
        case .helveticaBold: "LiberationSans-Bold.ttf"
        case .courier: "LiberationMono-Regular.ttf"
        case .courierBold: "LiberationMono-Bold.ttf"
        }
    }

    /// Resource name inside a page (`/F1`...).
    var resourceName: String { "F\(rawValue + 1)" }

    /// The font program and its widths, read once per process.
    var face: FontFace {
        switch self {
        case .helvetica: FontFace.helvetica
        case .helveticaBold: FontFace.helveticaBold
        case .courier: FontFace.courier
        case .courierBold: FontFace.courierBold
        }
    }

    /// The PostScript name of the embedded font ("LiberationSans-Bold").
    public var baseFont: String { face.program.postScriptName }

    // MARK: - Vertical metrics, in points at `size`

    /// Layout keeps Adobe's Helvetica and Courier values (AFM: cap height 718 and 562,
    /// ascender 718 and 629, descender 207 and 157), which Liberation is drawn to match, so
    /// baselines did not move when the fonts became embedded ones.
    private var layout: (capHeight: Double, ascender: Double, descender: Double) {
        switch self {
        case .helvetica, .helveticaBold: (718, 718, 207)
        case .courier, .courierBold: (562, 629, 157)
        }
    }

    public func capHeight(size: Double) -> Double { layout.capHeight * size / 1000 }
    public func ascender(size: Double) -> Double { layout.ascender * size / 1000 }
    /// Below the baseline, as a positive distance.
    public func descender(size: Double) -> Double { layout.descender * size / 1000 }

    // MARK: - Measuring

    /// Width of `text` in points.
    public func width(of text: String, size: Double) -> Double { width(shape(text), size: size) }

    func width(_ run: GlyphRun, size: Double) -> Double { Double(face.width(run.glyphs)) * size / 1000 }

    /// The glyphs `text` is drawn with (NFC; tabs and line breaks as spaces).
    func shape(_ text: String) -> GlyphRun { face.shape(text) }

    /// `text` if it fits in `width`, else as many leading characters as fit followed by "…".
    public func truncated(_ text: String, size: Double, toWidth width: Double) -> String {
        truncated(shape(text), size: size, toWidth: width).text
    }

    func truncated(_ run: GlyphRun, size: Double, toWidth width: Double) -> GlyphRun {
        let limit = Int((width * 1000 / size).rounded(.down))
        if face.width(run.glyphs) <= limit { return run }
        let ellipsis = face.shape("…")
        let room = limit - face.width(ellipsis.glyphs)
        var used = 0
        var count = 0
        while count < run.count, used + face.width(run.glyphs[count]) <= room {
            used += face.width(run.glyphs[count])
            count += 1
        }
        while count > 0, run.scalars[count - 1] == " " { count -= 1 }  // no space before the ellipsis
        return room < 0 ? GlyphRun() : run.prefix(count) + ellipsis
    }

    /// Lines of at most `width` points, broken at spaces; a word longer than a line is
    /// broken where it must. With `maxLines`, the last line kept ends in "…" if text was left out.
    public func wrapped(_ text: String, size: Double, toWidth width: Double, maxLines: Int = .max) -> [String] {
        wrapped(shape(text), size: size, toWidth: width, maxLines: maxLines).map(\.text)
    }

    func wrapped(_ run: GlyphRun, size: Double, toWidth width: Double, maxLines: Int) -> [GlyphRun] {
        let limit = Int((width * 1000 / size).rounded(.down))
        let space = face.shape(" ")
        let spaceWidth = face.width(space.glyphs)
        var lines: [GlyphRun] = []
        var line = GlyphRun()
        var lineWidth = 0
        for var word in run.words() {
            var wordWidth = face.width(word.glyphs)
            if !line.isEmpty, lineWidth + spaceWidth + wordWidth <= limit {
                line = line + space + word
                lineWidth += spaceWidth + wordWidth
                continue
            }
            if !line.isEmpty {
                lines.append(line)
                line = GlyphRun()
                lineWidth = 0
            }
            while wordWidth > limit, word.count > 1 {  // a word wider than the line: cut it
                var cut = 0
                var used = 0
                while cut < word.count - 1, used + face.width(word.glyphs[cut]) <= limit {
                    used += face.width(word.glyphs[cut])
                    cut += 1
                }
                lines.append(word.prefix(max(cut, 1)))
                word = word.dropFirst(max(cut, 1))
                wordWidth = face.width(word.glyphs)
            }
            line = word
            lineWidth = wordWidth
        }
        if !line.isEmpty { lines.append(line) }
        guard lines.count > maxLines, maxLines > 0 else { return maxLines <= 0 ? [] : lines }
        var kept = Array(lines[..<maxLines])
        // The next line did not fit after the last kept one, so joining them always truncates to "…".
        kept[maxLines - 1] = truncated(kept[maxLines - 1] + space + lines[maxLines], size: size, toWidth: width)
        return kept
    }
}

/// Text shaped for one font: its characters (NFC) and the glyph drawing each, in step.
struct GlyphRun: Sendable, Equatable {
    var scalars: [Unicode.Scalar] = []
    var glyphs: [UInt16] = []

    var count: Int { glyphs.count }
    var isEmpty: Bool { glyphs.isEmpty }
    var text: String { String(String.UnicodeScalarView(scalars)) }

    func prefix(_ count: Int) -> GlyphRun {
        GlyphRun(scalars: Array(scalars.prefix(count)), glyphs: Array(glyphs.prefix(count)))
    }
    func dropFirst(_ count: Int) -> GlyphRun {
        GlyphRun(scalars: Array(scalars.dropFirst(count)), glyphs: Array(glyphs.dropFirst(count)))
    }

    static func + (left: GlyphRun, right: GlyphRun) -> GlyphRun {
        GlyphRun(scalars: left.scalars + right.scalars, glyphs: left.glyphs + right.glyphs)
    }

    /// The runs between spaces, empty ones left out.
    func words() -> [GlyphRun] {
        var words: [GlyphRun] = []
        var start = 0
        for index in 0...scalars.count where index == scalars.count || scalars[index] == " " {
            if index > start {
                words.append(GlyphRun(scalars: Array(scalars[start..<index]), glyphs: Array(glyphs[start..<index])))
            }
            start = index + 1
        }
        return words
    }

    /// The first character the font has no glyph for.
    var missing: Unicode.Scalar? { zip(scalars, glyphs).first { $0.1 == 0 }?.0 }
}

/// One bundled font program with its widths in 1/1000 of the font size.
final class FontFace: Sendable {
    let program: TrueTypeFont
    /// Advance width of each glyph in 1/1000 em, rounded: what /W declares and layout measures.
    let widths: [UInt16]

    static let helvetica = FontFace(PDFFont.helvetica.fileName)
    static let helveticaBold = FontFace(PDFFont.helveticaBold.fileName)
    static let courier = FontFace(PDFFont.courier.fileName)
    static let courierBold = FontFace(PDFFont.courierBold.fileName)

    private init(_ fileName: String) {
        // The fonts are part of the program (share/scorta/fonts, or SwiftPM's resources in a
        // build): without them Scorta was installed incompletely, and no PDF can be written.
        guard let folder = Installation.fontFolder(),
            let data = FileManager.default.contents(atPath: folder + "/" + fileName)
        else {
            fatalError(
                "Scorta's font file \(fileName) is missing (looked in ../share/scorta/fonts beside \(Installation.executable)): reinstall Scorta with 'make install'"
            )
        }
        do {
            program = try TrueTypeFont(bytes: [UInt8](data), name: fileName)
        } catch {
            fatalError("\(error)")
        }
        let unitsPerEm = Double(program.unitsPerEm)
        widths = program.advances.map { UInt16((Double($0) * 1000 / unitsPerEm).rounded()) }
    }

    @inline(__always) func width(_ glyph: UInt16) -> Int { Int(widths[Int(glyph)]) }

    func width(_ glyphs: [UInt16]) -> Int {
        var total = 0
        for glyph in glyphs { total += Int(widths[Int(glyph)]) }
        return total
    }

    func shape(_ text: String) -> GlyphRun {
        var run = GlyphRun()
        run.scalars.reserveCapacity(text.utf8.count)
        run.glyphs.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            // Characters below U+0300, dashes, quotes, "…" and currency signs (€) are in NFC
            // whatever follows them; anything else (combining marks, singletons such as
            // U+212B) sends the text through Foundation's normalisation, rare and off the hot path.
            if scalar.value >= 0x300, !(0x2010...0x2027).contains(scalar.value),
                !(0x2030...0x205E).contains(scalar.value),
                !(0x20A0...0x20CF).contains(scalar.value)
            {
                return shapeNormalised(text.precomposedStringWithCanonicalMapping)
            }
            append(scalar, to: &run)
        }
        return run
    }

    private func shapeNormalised(_ text: String) -> GlyphRun {
        var run = GlyphRun()
        for scalar in text.unicodeScalars { append(scalar, to: &run) }
        return run
    }

    @inline(__always) private func append(_ scalar: Unicode.Scalar, to run: inout GlyphRun) {
        let drawn: Unicode.Scalar = scalar == "\t" || scalar == "\n" || scalar == "\r" ? " " : scalar
        run.scalars.append(drawn)
        run.glyphs.append(program.glyph(for: drawn))
    }
}
