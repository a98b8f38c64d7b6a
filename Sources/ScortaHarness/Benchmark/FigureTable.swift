import Foundation
import ScortaKit

/// The benchmark's figure sheet: one row a figure, in columns, read by a
/// person and pasted into the README. A value wider than its column pushes
/// the rest of the row right instead of being cut (a region build's
/// "10620133 lines, 1245879 documents in 3760 s = 2824 lines/s" lost its
/// unit when it was cut to the column).
public enum FigureTable {
    static let widths = (name: 40, value: 55, peak: 9)

    public static let header = row("FIGURE", "VALUE", "PEAK MiB", "TARGET")

    public static func row(_ name: String, _ value: String, _ peak: String, _ target: String) -> String {
        let line = pad(name, widths.name) + " " + pad(value, widths.value) + " " + pad(peak, widths.peak) + " " + target
        return String(line.reversed().drop { $0 == " " }.reversed())
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// Three significant figures for small numbers, whole numbers from 1,000
    /// up (never "3.76e+03").
    public static func number(_ value: Double) -> String {
        abs(value) >= 1_000 ? String(Int(value.rounded())) : String(format: "%.3g", value)
    }
}
