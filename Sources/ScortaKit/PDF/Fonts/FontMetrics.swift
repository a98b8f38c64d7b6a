/// Horizontal and vertical metrics of one standard font, in 1/1000 of the font size.
/// The tables come from Adobe's AFM files (see `generate-widths.py`), indexed by
/// WinAnsiEncoding byte, so measuring text never needs the font program itself.
struct FontMetrics: Sendable {
    let capHeight: Int
    let xHeight: Int
    let ascender: Int
    let descender: Int
    /// Widths of bytes 0x20...0xFF.
    let widths: [UInt16]

    init(capHeight: Int, xHeight: Int, ascender: Int, descender: Int, widths: [UInt16]) {
        precondition(widths.count == 224, "a width table covers bytes 0x20...0xFF")
        self.capHeight = capHeight
        self.xHeight = xHeight
        self.ascender = ascender
        self.descender = descender
        self.widths = widths
    }

    /// Width in 1/1000 of the font size; control bytes never reach here (WinAnsi maps them to '?').
    @inline(__always) func width(_ byte: UInt8) -> Int { byte < 0x20 ? 0 : Int(widths[Int(byte) - 0x20]) }

    func width(_ bytes: some Sequence<UInt8>) -> Int { bytes.reduce(0) { $0 + width($1) } }
}
