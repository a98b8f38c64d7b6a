/// A TrueType font cut down to the glyphs a document draws, for embedding (FontFile2).
///
/// Glyph ids are kept: a glyph drawn as id 1234 is still 1234 in the subset, so content
/// streams can be written page by page before the document knows which glyphs it uses,
/// and the PDF maps character ids to glyph ids by /Identity. Glyphs not used keep an empty
/// outline and zero metrics, and the font ends at the highest glyph used, so the tables of
/// a one-page receipt shrink from 400 KB to a few KB. Composite glyphs (accented letters
/// built from a base and an accent) bring their components along. The hinting programs
/// (`cvt `, `fpgm`, `prep`) are kept whole, since glyph instructions call into them.
struct TrueTypeSubset {
    let font: TrueTypeFont
    /// The glyphs drawn, .notdef and composite components included.
    let glyphs: Set<UInt16>

    init(font: TrueTypeFont, drawn: Set<UInt16>) {
        self.font = font
        var all: Set<UInt16> = [0]
        var pending = Array(drawn)
        while let glyph = pending.popLast() {
            guard Int(glyph) < font.glyphCount, all.insert(glyph).inserted || glyph == 0 else { continue }
            pending += font.components(of: Int(glyph)).filter { $0 < font.glyphCount }.map { UInt16($0) }
        }
        glyphs = all
    }

    /// Six capital letters derived from the glyphs kept, prefixed to the font name ("ABCDEF+"),
    /// as PDF asks of subsets; derived, not random, so the same document gives the same bytes.
    var tag: String {
        var hasher = SHA256()
        hasher.update(Array(font.postScriptName.utf8))
        for glyph in glyphs.sorted() { hasher.update([UInt8(glyph >> 8), UInt8(glyph & 0xFF)]) }
        return String(decoding: hasher.finalize().prefix(6).map { 0x41 + $0 % 26 }, as: UTF8.self)
    }

    /// The subset font file.
    var bytes: [UInt8] {
        let bytes = font.bytes
        let count = Int(glyphs.max()!) + 1

        var glyf: [UInt8] = []
        var loca: [UInt8] = []
        var hmtx: [UInt8] = []
        for glyph in 0..<count {
            append32(UInt32(glyf.count), to: &loca)
            if glyphs.contains(UInt16(glyph)) {
                glyf += bytes[font.outline(of: glyph)]
                while glyf.count % 4 != 0 { glyf.append(0) }
                let hmtxStart = font.tables["hmtx"]!.lowerBound
                let metrics = Int(TrueTypeFont.u16(bytes, font.tables["hhea"]!.lowerBound + 34))
                let leftBearing =
                    glyph < metrics
                    ? TrueTypeFont.u16(bytes, hmtxStart + 4 * glyph + 2)
                    : TrueTypeFont.u16(bytes, hmtxStart + 4 * metrics + 2 * (glyph - metrics))
                append16(UInt16(font.advance(of: UInt16(glyph))), to: &hmtx)
                append16(leftBearing, to: &hmtx)
            } else {
                append32(0, to: &hmtx)
            }
        }
        append32(UInt32(glyf.count), to: &loca)

        var head = Array(bytes[font.tables["head"]!])
        head[8...11] = [0, 0, 0, 0]  // checkSumAdjustment, set below
        head[50] = 0
        head[51] = 1  // indexToLocFormat: 32-bit offsets
        var hhea = Array(bytes[font.tables["hhea"]!])
        hhea[34] = UInt8(count >> 8)
        hhea[35] = UInt8(count & 0xFF)  // numberOfHMetrics
        var maxp = Array(bytes[font.tables["maxp"]!])
        maxp[4] = UInt8(count >> 8)
        maxp[5] = UInt8(count & 0xFF)  // numGlyphs
        var tables: [(String, [UInt8])] = [
            ("head", head), ("hhea", hhea), ("maxp", maxp), ("hmtx", hmtx),
            ("loca", loca), ("glyf", glyf)
        ]
        for kept in ["cvt ", "fpgm", "prep", "OS/2"] {
            if let range = font.tables[kept] { tables.append((kept, Array(bytes[range]))) }
        }
        if let post = font.tables["post"] {
            // Format 3: no glyph names (a PDF finds glyphs by id).
            var header = Array(bytes[post.lowerBound..<post.lowerBound + 32])
            header[0...3] = [0, 3, 0, 0]
            tables.append(("post", header))
        }
        return Self.assemble(tables)
    }

    /// The sfnt wrapper: directory sorted by tag, tables 4-byte aligned, checksums, and the
    /// whole-file checksum adjustment in `head`.
    static func assemble(_ tables: [(String, [UInt8])]) -> [UInt8] {
        let sorted = tables.sorted { $0.0 < $1.0 }
        var out: [UInt8] = [0, 1, 0, 0]
        let count = sorted.count
        var power = 1
        var log = 0
        while power * 2 <= count {
            power *= 2
            log += 1
        }
        append16(UInt16(count), to: &out)
        append16(UInt16(16 * power), to: &out)
        append16(UInt16(log), to: &out)
        append16(UInt16(16 * count - 16 * power), to: &out)
        var offset = 12 + 16 * count
        var headOffset = 0
        for (tag, data) in sorted {
            out += Array(tag.utf8)
            append32(checksum(data), to: &out)
            append32(UInt32(offset), to: &out)
            append32(UInt32(data.count), to: &out)
            if tag == "head" { headOffset = offset }
            offset += (data.count + 3) / 4 * 4
        }
        for (_, data) in sorted {
            out += data
            while out.count % 4 != 0 { out.append(0) }
        }
        let adjustment = 0xB1B0_AFBA &- checksum(out)
        out[headOffset + 8] = UInt8(adjustment >> 24)
        out[headOffset + 9] = UInt8(adjustment >> 16 & 0xFF)
        out[headOffset + 10] = UInt8(adjustment >> 8 & 0xFF)
        out[headOffset + 11] = UInt8(adjustment & 0xFF)
        return out
    }

    static func checksum(_ data: [UInt8]) -> UInt32 {
        var sum: UInt32 = 0
        var index = 0
        while index < data.count {
            var word: UInt32 = 0
            for byte in 0..<4 { word = word << 8 | UInt32(index + byte < data.count ? data[index + byte] : 0) }
            sum &+= word
            index += 4
        }
        return sum
    }
}

private func append16(_ value: UInt16, to out: inout [UInt8]) { out += [UInt8(value >> 8), UInt8(value & 0xFF)] }

private func append32(_ value: UInt32, to out: inout [UInt8]) {
    out += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}
