/// A TrueType font file read far enough to measure text, map characters to glyphs and
/// embed a subset: the table directory, `head`, `hhea`, `maxp`, `hmtx`, `cmap` (formats 4
/// and 12), `loca`/`glyf`, `OS/2` and `post`. Written here because the project takes no
/// packages; the fonts are the bundled Liberation fonts, so a malformed file is a bug in
/// the bundle and reading it fails with a message naming the table.
///
///     let font = try TrueTypeFont(bytes: data, name: "LiberationSans-Regular.ttf")
///     font.glyph(for: "ș")                      // glyph id, 0 when the font lacks it
///     font.advance(of: glyph)                   // in font units (unitsPerEm per em)
struct TrueTypeFont: Sendable {
    let bytes: [UInt8]
    let tables: [String: Range<Int>]
    let unitsPerEm: Int
    let glyphCount: Int
    /// From `head`: whether `loca` holds 32-bit offsets.
    let longOffsets: Bool
    let boundingBox: (xMin: Int, yMin: Int, xMax: Int, yMax: Int)
    let ascent: Int
    let descent: Int
    let capHeight: Int
    let italicAngle: Double
    let isFixedPitch: Bool
    let weightClass: Int
    /// The PostScript name (name id 6), e.g. "LiberationSans-Bold".
    let postScriptName: String
    /// Advance width of every glyph, in font units.
    let advances: [UInt16]
    /// Glyph of each Basic Multilingual Plane character (0: none), and of the others.
    private let bmp: [UInt16]
    private let supplementary: [UInt32: UInt16]

    init(bytes: [UInt8], name: String) throws {
        self.bytes = bytes
        func fail(_ what: String) -> ScortaError { ScortaError.invalid("font '\(name)' is damaged: \(what)") }
        guard bytes.count > 12 else { throw fail("too short") }
        var tables: [String: Range<Int>] = [:]
        let count = Int(Self.u16(bytes, 4))
        for index in 0..<count {
            let record = 12 + 16 * index
            guard record + 16 <= bytes.count else { throw fail("table directory") }
            let tag = String(decoding: bytes[record..<record + 4], as: UTF8.self)
            let offset = Int(Self.u32(bytes, record + 8))
            let length = Int(Self.u32(bytes, record + 12))
            guard offset + length <= bytes.count else { throw fail("table '\(tag)' runs past the end") }
            tables[tag] = offset..<offset + length
        }
        for needed in ["head", "hhea", "maxp", "hmtx", "cmap", "loca", "glyf"] where tables[needed] == nil {
            throw fail("no '\(needed)' table")
        }
        self.tables = tables
        let head = tables["head"]!.lowerBound
        let hhea = tables["hhea"]!.lowerBound
        unitsPerEm = Int(Self.u16(bytes, head + 18))
        boundingBox = (
            Int(Self.i16(bytes, head + 36)), Int(Self.i16(bytes, head + 38)),
            Int(Self.i16(bytes, head + 40)), Int(Self.i16(bytes, head + 42))
        )
        longOffsets = Self.i16(bytes, head + 50) == 1
        glyphCount = Int(Self.u16(bytes, tables["maxp"]!.lowerBound + 4))
        // Text codes glyphs as 0x8000 + id (`PDFPage.appendCodes`).
        guard glyphCount <= 0x8000 else { throw fail("more than 32,768 glyphs") }
        ascent = Int(Self.i16(bytes, hhea + 4))
        descent = Int(Self.i16(bytes, hhea + 6))
        if let os2 = tables["OS/2"], Self.u16(bytes, os2.lowerBound) >= 2, os2.count >= 90 {
            capHeight = Int(Self.i16(bytes, os2.lowerBound + 88))
        } else {
            capHeight = ascent
        }
        weightClass = tables["OS/2"].map { Int(Self.u16(bytes, $0.lowerBound + 4)) } ?? 400
        if let post = tables["post"] {
            italicAngle = Double(Int32(bitPattern: Self.u32(bytes, post.lowerBound + 4))) / 65536
            isFixedPitch = Self.u32(bytes, post.lowerBound + 12) != 0
        } else {
            italicAngle = 0
            isFixedPitch = false
        }

        // hmtx: numberOfHMetrics pairs, the last advance repeats for the remaining glyphs.
        let metrics = Int(Self.u16(bytes, hhea + 34))
        let hmtx = tables["hmtx"]!
        guard metrics >= 1, metrics <= glyphCount, hmtx.count >= 4 * metrics else { throw fail("hmtx") }
        var advances = [UInt16](repeating: 0, count: glyphCount)
        for glyph in 0..<glyphCount {
            advances[glyph] = Self.u16(bytes, hmtx.lowerBound + 4 * min(glyph, metrics - 1))
        }
        self.advances = advances

        (bmp, supplementary) = try Self.readCmap(bytes, tables["cmap"]!, glyphCount: glyphCount, fail: fail)
        postScriptName =
            Self.readPostScriptName(bytes, tables["name"]) ?? String(name.split(separator: ".").first ?? "Font")
    }

    // MARK: - Characters and glyphs

    /// The glyph drawing `scalar`, 0 (.notdef) when the font has none.
    @inline(__always) func glyph(for scalar: Unicode.Scalar) -> UInt16 {
        scalar.value < 0x10000 ? bmp[Int(scalar.value)] : supplementary[scalar.value] ?? 0
    }

    @inline(__always) func advance(of glyph: UInt16) -> Int { Int(advances[Int(glyph)]) }

    /// For each glyph in `glyphs`, the character it is read back as (text extraction): the
    /// lowest code point mapped to it, so a space is U+0020 and not the no-break space.
    func characters(of glyphs: Set<UInt16>) -> [UInt16: Unicode.Scalar] {
        var found: [UInt16: Unicode.Scalar] = [:]
        for (value, glyph) in bmp.enumerated() where glyph != 0 && found[glyph] == nil && glyphs.contains(glyph) {
            if let scalar = Unicode.Scalar(UInt32(value)) { found[glyph] = scalar }
        }
        for (value, glyph) in supplementary.sorted(by: { $0.key < $1.key })
        where found[glyph] == nil && glyphs.contains(glyph) {
            if let scalar = Unicode.Scalar(value) { found[glyph] = scalar }
        }
        return found
    }

    /// The outline bytes of `glyph` in `glyf` (empty for a space).
    func outline(of glyph: Int) -> Range<Int> {
        let loca = tables["loca"]!.lowerBound
        let glyf = tables["glyf"]!.lowerBound
        let start: Int
        let end: Int
        if longOffsets {
            start = Int(Self.u32(bytes, loca + 4 * glyph))
            end = Int(Self.u32(bytes, loca + 4 * glyph + 4))
        } else {
            start = 2 * Int(Self.u16(bytes, loca + 2 * glyph))
            end = 2 * Int(Self.u16(bytes, loca + 2 * glyph + 2))
        }
        return glyf + start..<glyf + max(start, end)
    }

    /// The glyphs a composite glyph is built from (none for a simple one).
    func components(of glyph: Int) -> [Int] {
        let outline = outline(of: glyph)
        guard outline.count >= 10, Self.i16(bytes, outline.lowerBound) < 0 else { return [] }
        var components: [Int] = []
        var at = outline.lowerBound + 10
        while at + 4 <= outline.upperBound {
            let flags = Self.u16(bytes, at)
            components.append(Int(Self.u16(bytes, at + 2)))
            at += 4 + (flags & 0x0001 != 0 ? 4 : 2)  // ARG_1_AND_2_ARE_WORDS
            if flags & 0x0008 != 0 {
                at += 2
            }  // WE_HAVE_A_SCALE
            else if flags & 0x0040 != 0 {
                at += 4
            }  // WE_HAVE_AN_X_AND_Y_SCALE
            else if flags & 0x0080 != 0 {
                at += 8
            }  // WE_HAVE_A_TWO_BY_TWO
            guard flags & 0x0020 != 0 else { break }  // MORE_COMPONENTS
        }
        return components
    }

    // MARK: - Reading

    private static func readCmap(
        _ bytes: [UInt8], _ cmap: Range<Int>, glyphCount: Int,
        fail: (String) -> ScortaError
    ) throws -> ([UInt16], [UInt32: UInt16]) {
        // Windows Unicode subtables: full repertoire (3,10) format 12 first, else BMP (3,1) format 4.
        var full: Int?
        var basic: Int?
        let count = Int(u16(bytes, cmap.lowerBound + 2))
        for index in 0..<count {
            let record = cmap.lowerBound + 4 + 8 * index
            let platform = u16(bytes, record)
            let encoding = u16(bytes, record + 2)
            let offset = cmap.lowerBound + Int(u32(bytes, record + 4))
            let format = u16(bytes, offset)
            if platform == 3, encoding == 10, format == 12 { full = offset }
            if (platform == 3 && encoding == 1) || platform == 0, format == 4, basic == nil { basic = offset }
        }
        var bmp = [UInt16](repeating: 0, count: 0x10000)
        var supplementary: [UInt32: UInt16] = [:]
        if let table = full {
            let groups = Int(u32(bytes, table + 12))
            for group in 0..<groups {
                let record = table + 16 + 12 * group
                let first = u32(bytes, record)
                let last = u32(bytes, record + 4)
                let start = u32(bytes, record + 8)
                guard first <= last, last <= 0x10FFFF else { throw fail("cmap group \(group)") }
                for code in first...last {
                    let glyph = start + (code - first)
                    guard glyph < glyphCount else { continue }
                    if code < 0x10000 { bmp[Int(code)] = UInt16(glyph) } else { supplementary[code] = UInt16(glyph) }
                }
            }
        } else if let table = basic {
            let segments = Int(u16(bytes, table + 6)) / 2
            let ends = table + 14
            let starts = ends + 2 * segments + 2
            let deltas = starts + 2 * segments
            let rangeOffsets = deltas + 2 * segments
            for segment in 0..<segments {
                let end = Int(u16(bytes, ends + 2 * segment))
                let start = Int(u16(bytes, starts + 2 * segment))
                let delta = Int(u16(bytes, deltas + 2 * segment))
                let rangeOffset = Int(u16(bytes, rangeOffsets + 2 * segment))
                guard start <= end else { continue }
                for code in start...end where code != 0xFFFF {
                    var glyph: Int
                    if rangeOffset == 0 {
                        glyph = (code + delta) & 0xFFFF
                    } else {
                        let at = rangeOffsets + 2 * segment + rangeOffset + 2 * (code - start)
                        guard at + 2 <= bytes.count else { throw fail("cmap format 4 segment \(segment)") }
                        glyph = Int(u16(bytes, at))
                        if glyph != 0 { glyph = (glyph + delta) & 0xFFFF }
                    }
                    if glyph < glyphCount { bmp[code] = UInt16(glyph) }
                }
            }
        } else {
            throw fail("no Unicode cmap (format 4 or 12)")
        }
        return (bmp, supplementary)
    }

    /// Name id 6 from a Windows (UTF-16) or Macintosh (ASCII) record.
    private static func readPostScriptName(_ bytes: [UInt8], _ name: Range<Int>?) -> String? {
        guard let name else { return nil }
        let count = Int(u16(bytes, name.lowerBound + 2))
        let strings = name.lowerBound + Int(u16(bytes, name.lowerBound + 4))
        for index in 0..<count {
            let record = name.lowerBound + 6 + 12 * index
            guard u16(bytes, record + 6) == 6 else { continue }
            let platform = u16(bytes, record)
            let length = Int(u16(bytes, record + 8))
            let offset = strings + Int(u16(bytes, record + 10))
            guard offset + length <= bytes.count else { return nil }
            if platform == 3 {
                let units = stride(from: offset, to: offset + length, by: 2).map { u16(bytes, $0) }
                return String(decoding: units, as: UTF16.self)
            }
            return String(decoding: bytes[offset..<offset + length], as: UTF8.self)
        }
        return nil
    }

    // MARK: - Big-endian numbers

    @inline(__always) static func u16(_ bytes: [UInt8], _ at: Int) -> UInt16 {
        UInt16(bytes[at]) << 8 | UInt16(bytes[at + 1])
    }
    @inline(__always) static func i16(_ bytes: [UInt8], _ at: Int) -> Int16 { Int16(bitPattern: u16(bytes, at)) }
    @inline(__always) static func u32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}
