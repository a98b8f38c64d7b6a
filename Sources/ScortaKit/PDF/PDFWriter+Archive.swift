import Foundation

/// The parts of a PDF/A-1b file besides pages: embedded font subsets, the XMP metadata and
/// the sRGB output intent.
extension PDFWriter {
    /// A font as Type0 over a CIDFontType2 whose character ids are the TrueType glyph ids
    /// (/CIDToGIDMap /Identity), so any glyph of the font can be drawn; the encoding
    /// (`encodingCMap`) gives ASCII one byte and every glyph two. Objects: `number` the Type0
    /// font, then the CID font, its descriptor, the font file, the CIDSet, the ToUnicode map
    /// and the encoding.
    func embed(_ font: PDFFont, glyphs drawn: Set<UInt16>, as number: Int) {
        let face = font.face
        let program = face.program
        let subset = TrueTypeSubset(font: program, drawn: drawn)
        let name = "\(subset.tag)+\(program.postScriptName)"
        let cidFont = nextObject
        let descriptor = nextObject + 1
        let file = nextObject + 2
        let cidSet = nextObject + 3
        let toUnicode = nextObject + 4
        let encoding = nextObject + 5
        nextObject += 6
        object(number) { out in
            out.append(
                "<< /Type /Font /Subtype /Type0 /BaseFont /\(name) /Encoding \(encoding) 0 R "
                    + "/DescendantFonts [\(cidFont) 0 R] /ToUnicode \(toUnicode) 0 R >>")
        }
        object(cidFont) { out in
            out.append(
                "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /\(name) "
                    + "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> "
                    + "/FontDescriptor \(descriptor) 0 R /CIDToGIDMap /Identity /DW \(face.width(0)) /W [")
            out += Self.widthArray(subset.glyphs, face)
            out.append(ascii: "] >>")
        }
        let scale = { (units: Int) in Int((Double(units) * 1000 / Double(program.unitsPerEm)).rounded()) }
        let box = program.boundingBox
        // Flags: 32 non-symbolic (Latin text), plus 1 for fixed pitch (Liberation Mono).
        let flags = 32 + (program.isFixedPitch ? 1 : 0)
        // StemV is not in a TrueType file; the usual estimate from the weight class (80 regular, 140 bold).
        let stem = 80 + (program.weightClass - 400) / 5
        object(descriptor) { out in
            out.append(
                "<< /Type /FontDescriptor /FontName /\(name) /Flags \(flags) "
                    + "/FontBBox [\(scale(box.xMin)) \(scale(box.yMin)) \(scale(box.xMax)) \(scale(box.yMax))] "
                    + "/ItalicAngle \(Int(program.italicAngle)) /Ascent \(scale(program.ascent)) /Descent \(scale(program.descent)) "
                    + "/CapHeight \(scale(program.capHeight)) /StemV \(stem) /FontFile2 \(file) 0 R /CIDSet \(cidSet) 0 R >>"
            )
        }
        let fontFile = subset.bytes
        stream(file, fontFile, dictionary: "/Length1 \(fontFile.count)")
        // CIDSet: one bit per character id present in the subset, high bit first (PDF/A-1 wants it for subsets).
        var bits = [UInt8](repeating: 0, count: Int(subset.glyphs.max()!) / 8 + 1)
        for glyph in subset.glyphs { bits[Int(glyph) / 8] |= 0x80 >> UInt8(glyph % 8) }
        stream(cidSet, bits)
        stream(toUnicode, Self.toUnicodeMap(program.characters(of: drawn), program))
        let cmapName = "Scorta-\(program.postScriptName)-ASCII-1B"
        stream(
            encoding, Self.encodingCMap(cmapName, program),
            dictionary: "/Type /CMap /CMapName /\(cmapName) \(Self.identity) /WMode 0")
    }

    static let identity = "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >>"

    /// The byte codes of text (`PDFPage.appendCodes`): 0x20-0x7E one byte each, the glyph of
    /// that ASCII character; 0x8000 + glyph id for any glyph.
    static let codeSpace = "2 begincodespacerange\n<20> <7E>\n<8000> <FFFF>\nendcodespacerange\n"

    /// The encoding CMap: ASCII codes to their glyphs' ids, two-byte codes to glyph ids in
    /// ranges of 256 (a range changes only its last byte, as the CMap format asks).
    static func encodingCMap(_ name: String, _ program: TrueTypeFont) -> [UInt8] {
        var out =
            "%!PS-Adobe-3.0 Resource-CMap\n/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
            + "\(identity) def\n/CMapName /\(name) def\n/CMapType 1 def\n/WMode 0 def\n" + codeSpace
        let ascii = (0x20...0x7E).compactMap { value -> (Int, UInt16)? in
            let glyph = program.glyph(for: Unicode.Scalar(UInt8(value)))
            return glyph == 0 ? nil : (value, glyph)
        }
        out += "\(ascii.count) begincidchar\n"
        for (code, glyph) in ascii { out += "<" + String(format: "%02X", code) + "> \(glyph)\n" }
        out += "endcidchar\n"
        let blocks = (program.glyphCount + 255) / 256
        out += "\(blocks) begincidrange\n"
        for block in 0..<blocks {
            out +=
                "<" + String(format: "%02X00", 0x80 + block) + "> <" + String(format: "%02XFF", 0x80 + block)
                + "> \(block * 256)\n"
        }
        out += "endcidrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        return Array(out.utf8)
    }

    /// /W entries: runs of consecutive glyph ids with their widths, "3 [278 278] 17 [556]".
    static func widthArray(_ glyphs: Set<UInt16>, _ face: FontFace) -> [UInt8] {
        var out: [UInt8] = []
        var previous = -2
        for glyph in glyphs.sorted() {
            if Int(glyph) != previous + 1 {
                if previous >= 0 { out.append(ascii: "] ") }
                out.append("\(glyph) [")
            } else {
                out.append(0x20)
            }
            out.append(String(face.width(glyph)))
            previous = Int(glyph)
        }
        if previous >= 0 { out.append(ascii: "]") }
        return out
    }

    /// The CMap that turns codes back into text (copying, searching, `pdftotext`): the ASCII
    /// codes, then the two-byte code of every glyph drawn.
    static func toUnicodeMap(_ characters: [UInt16: Unicode.Scalar], _ program: TrueTypeFont) -> [UInt8] {
        var out = """
            /CIDInit /ProcSet findresource begin
            12 dict begin
            begincmap
            /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
            /CMapName /Adobe-Identity-UCS def
            /CMapType 2 def

            """ + codeSpace
        var entries = (0x20...0x7E).filter { program.glyph(for: Unicode.Scalar(UInt8($0))) != 0 }
            .map { (String(format: "%02X", $0), Unicode.Scalar(UInt8($0))) }
        entries += characters.sorted { $0.key < $1.key }.map { (hex(0x8000 | $0.key), $0.value) }
        // At most 100 entries per block, as the CMap syntax requires.
        for start in stride(from: 0, to: entries.count, by: 100) {
            let block = entries[start..<min(start + 100, entries.count)]
            out += "\(block.count) beginbfchar\n"
            for (code, scalar) in block {
                out += "<" + code + "> <" + String(scalar).utf16.map(hex).joined() + ">\n"
            }
            out += "endbfchar\n"
        }
        out += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
        return Array(out.utf8)
    }

    private static func hex(_ value: UInt16) -> String {
        value.zeroPadded(4, radix: 16)
    }

    /// The XMP packet, not compressed: PDF/A wants metadata readable without a PDF parser.
    func writeMetadata(_ number: Int) {
        let xmp = XMPMetadata(title: title, producer: PDFWriter.producer, creationDate: creationDate).bytes
        stream(number, xmp, dictionary: "/Type /Metadata /Subtype /XML", compress: false)
    }

    /// Every colour Scorta draws is DeviceGray or DeviceRGB: the sRGB output intent says
    /// what those numbers mean, as PDF/A requires of device colours.
    func writeOutputIntent(_ number: Int) {
        let profile = nextObject
        nextObject += 1
        let name = PDFWriter.textString(ICCProfile.description)
        object(number) { out in
            out.append(ascii: "<< /Type /OutputIntent /S /GTS_PDFA1 /OutputConditionIdentifier ")
            out += name
            out.append(ascii: " /Info ")
            out += name
            out.append(" /DestOutputProfile \(profile) 0 R >>")
        }
        stream(profile, ICCProfile.sRGB, dictionary: "/N 3")
    }
}

/// A 128-bit digest of the file's bytes for the document ID (two 64-bit FNV-1a lanes with
/// different offsets). The ID only has to be the same for the same document and different
/// for different ones; it is no seal, so it need not cost what SHA-256 costs on a report of
/// tens of megabytes.
struct ContentDigest {
    private var first: UInt64 = 0xcbf2_9ce4_8422_2325
    private var second: UInt64 = 0x6c62_272e_07bb_0142

    mutating func update(_ bytes: [UInt8]) {
        var a = first
        var b = second
        for byte in bytes {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 ^ (b >> 29)
        }
        first = a
        second = b
    }

    var hex: String {
        first.zeroPadded(16, radix: 16) + second.zeroPadded(16, radix: 16)
    }
}
