/// WinAnsiEncoding (PDF 32000-1 Annex D): the one-byte encoding the standard fonts are
/// declared with, so Italian accents (à è é ì ò ù) and € come out right without embedding a font.
enum WinAnsi {
    /// The bytes 0x80...0x9F that WinAnsi takes from Windows-1252 rather than Latin-1.
    private static let high: [Unicode.Scalar: UInt8] = [
        "\u{20AC}": 0x80, "\u{201A}": 0x82, "\u{0192}": 0x83, "\u{201E}": 0x84, "\u{2026}": 0x85, "\u{2020}": 0x86,
        "\u{2021}": 0x87, "\u{02C6}": 0x88, "\u{2030}": 0x89, "\u{0160}": 0x8A, "\u{2039}": 0x8B, "\u{0152}": 0x8C,
        "\u{017D}": 0x8E, "\u{2018}": 0x91, "\u{2019}": 0x92, "\u{201C}": 0x93, "\u{201D}": 0x94, "\u{2022}": 0x95,
        "\u{2013}": 0x96, "\u{2014}": 0x97, "\u{02DC}": 0x98, "\u{2122}": 0x99, "\u{0161}": 0x9A, "\u{203A}": 0x9B,
        "\u{0153}": 0x9C, "\u{017E}": 0x9E, "\u{0178}": 0x9F,
    ]

    static let ellipsis: UInt8 = 0x85

    /// Encodes text; a character WinAnsi cannot show becomes '?', and tabs and line breaks become spaces.
    static func encode(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            bytes.append(byte(scalar))
        }
        return bytes
    }

    @inline(__always) static func byte(_ scalar: Unicode.Scalar) -> UInt8 {
        switch scalar.value {
        case 0x20...0x7E, 0xA0...0xFF: return UInt8(scalar.value)
        case 0x09, 0x0A, 0x0D: return 0x20
        default: return high[scalar] ?? 0x3F
        }
    }

    /// Whether every character of `text` has a WinAnsi byte (nothing would become '?').
    static func canEncode(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == "?" || byte($0) != 0x3F }
    }

    /// Back to a Swift string (for results of truncating and wrapping).
    static func decode(_ bytes: some Sequence<UInt8>) -> String {
        var reverse: [UInt8: Unicode.Scalar] = [:]
        for (scalar, byte) in high { reverse[byte] = scalar }
        var text = String.UnicodeScalarView()
        for byte in bytes {
            text.append(byte >= 0x80 && byte < 0xA0 ? reverse[byte] ?? "?" : Unicode.Scalar(byte))
        }
        return String(text)
    }
}
