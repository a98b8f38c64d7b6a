/// The result of a query, printable as an aligned text table, CSV or JSON.
/// Every list command returns one, so `--json` and `--csv` behave the same everywhere.
public struct Listing: Sendable {
    /// `cents` holds integer euro cents shown as euro; `kilograms` holds integer
    /// grams shown as kilograms to the gram (240 g is 0.240, never a rounded 0.000 t).
    public enum Format: Sendable { case plain, cents, kilograms }

    public struct Column: Sendable {
        public let key: String
        public let title: String
        public let format: Format
        public let alignRight: Bool

        public init(_ key: String, _ title: String, format: Format = .plain, alignRight: Bool = false) {
            self.key = key
            self.title = title
            self.format = format
            self.alignRight = alignRight || format != .plain
        }
    }

    public var columns: [Column]
    public var rows: [[JSONValue]]

    public init(columns: [Column], rows: [[JSONValue]] = []) {
        self.columns = columns
        self.rows = rows
    }

    public mutating func append(_ row: [JSONValue]) {
        precondition(row.count == columns.count, "row width must match the columns")
        rows.append(row)
    }

    func cell(_ value: JSONValue, _ column: Column, decimalComma: Bool = false) -> String {
        Listing.cell(value, format: column.format, decimalComma: decimalComma)
    }

    /// `cell` by the column's format alone (the streamed writers keep the formats, not the columns).
    static func cell(_ value: JSONValue, format: Format, decimalComma: Bool = false) -> String {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag ? "yes" : "no"
        case .int(let number):
            if format == .cents { return Money.format(cents: number, decimalComma: decimalComma) }
            if format == .kilograms { return Money.kilograms(grams: number, decimalComma: decimalComma) }
            return String(number)
        case .string(let text): return text
        default: return value.serialized(pretty: false)
        }
    }

    /// Columns padded to their widest cell; numbers right-aligned (the
    /// table engine of `TableSource`, on rows held in memory).
    public func text() -> String {
        let (out, collected) = TextOutput.collecting()
        _ = try? TableSource(self).writeText(to: out, titlesWhenEmpty: true)
        return collected()
    }

    /// CSV with the column keys as header; `italian` uses `;`, a decimal comma and a byte-order mark.
    public func csv(italian: Bool = false) -> String {
        let (out, collected) = TextOutput.collecting()
        try? TableSource(self).writeCSV(to: out, italian: italian, byteOrderMark: italian)
        return collected()
    }

    /// An array of objects keyed by column key; money stays in integer cents.
    public func json() -> JSONValue {
        .array(rows.map { row in .object(zip(columns, row).map { ($0.key, $1) }) })
    }
}

/// Euro amounts are integer cents everywhere; these only format them.
public enum Money {
    public static func format(cents: Int, decimalComma: Bool = false, grouping: Bool = false) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        var euros = String(magnitude / 100)
        if grouping, euros.count > 3 {
            var grouped = ""
            for (offset, character) in euros.reversed().enumerated() {
                if offset > 0, offset % 3 == 0 { grouped.append(decimalComma ? "." : ",") }
                grouped.append(character)
            }
            euros = String(grouped.reversed())
        }
        let rest = magnitude % 100
        return sign + euros + (decimalComma ? "," : ".") + rest.zeroPadded(2)
    }

    /// Grams as kilograms with three decimals: exact, so rows add up to their total.
    public static func kilograms(grams: Int, decimalComma: Bool = false) -> String {
        let rest = grams.magnitude % 1000
        return (grams < 0 ? "-" : "") + "\(grams.magnitude / 1000)" + (decimalComma ? "," : ".") + rest.zeroPadded(3)
    }

    /// Parses "12.50", "12,50" or "12" euros into cents; refuses more than two decimals.
    /// Larger unit values are typing mistakes (and would overflow the cents).
    static let maximumEuros = 10_000_000

    public static func parseCents(_ text: String) -> Int? {
        let normalized = text.trimmingSpaces.replacing(",", with: ".")
        let parts = normalized.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let euros = Int(parts[0]), euros >= 0, !parts[0].hasPrefix("+"),
            euros <= maximumEuros
        else { return nil }
        var cents = euros * 100
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.allSatisfy(\.isASCII), let value = Int(fraction) else {
                return nil
            }
            cents += fraction.count == 1 ? value * 10 : value
        }
        return cents
    }
}

extension Listing.Column {
    /// The key a CSV header shows: named for what its cells hold. CSV cells
    /// print euro and kilograms where JSON keeps integer cents and grams.
    public var csvKey: String {
        switch format {
        case .plain: return key
        case .cents:
            return key == "cents" ? "euro" : key.replacing("_cents", with: "_euro").replacing("cents_", with: "euro_")
        case .kilograms:
            return key == "grams" ? "kg" : key.replacing("_grams", with: "_kg").replacing("grams_", with: "kg_")
        }
    }
}
