/// A linear barcode as widths of bars and spaces in modules, independent of any output:
/// the PDF layer (or anything else) draws it at a chosen module width.
public struct BarcodeSymbol: Sendable, Equatable {
    public enum Symbology: String, Sendable {
        case code128 = "Code 128"
        case gs1128 = "GS1-128"
        case ean13 = "EAN-13"
    }

    public let symbology: Symbology
    /// Alternating bar and space widths in modules, starting with a bar.
    public let runs: [Int]
    /// The data a scanner reports (GS1: element strings with FNC1 as GS, no leading FNC1).
    public let data: String
    /// Human-readable interpretation printed under the bars, e.g. "(01)08001234567895(17)280630".
    public let text: String
    /// Code words (Code 128 family), for checking against published vectors.
    public let codewords: [Int]
    /// Light modules required before and after the bars (ISO/IEC 15417 asks 10; EAN-13 11 and 7).
    public let quietZone: (left: Int, right: Int)

    public var moduleCount: Int { runs.reduce(0, +) }
    /// Width including both quiet zones, in modules.
    public var totalModules: Int { moduleCount + quietZone.left + quietZone.right }

    /// Bars as (start, width) in modules from the first bar.
    public var bars: [(start: Int, width: Int)] {
        var position = 0
        var result: [(Int, Int)] = []
        result.reserveCapacity(runs.count / 2 + 1)
        for (index, width) in runs.enumerated() {
            if index % 2 == 0 { result.append((position, width)) }
            position += width
        }
        return result
    }

    public static func == (a: BarcodeSymbol, b: BarcodeSymbol) -> Bool {
        a.symbology == b.symbology && a.runs == b.runs && a.data == b.data && a.text == b.text
            && a.codewords == b.codewords
            && a.quietZone == b.quietZone
    }
}
