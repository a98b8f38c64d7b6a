/// Code 128 (ISO/IEC 15417) for internal codes: SKU, lot, location, card, document number.
/// Code sets A, B and C are chosen by dynamic programming so the symbol has the fewest
/// code words; ties prefer C, then B, then staying in the current set.
///
///     let symbol = try Code128.encode("AIM1234")   // 104 33 41 45 99 12 34 87 106
public enum Code128 {
    /// One thing to encode: a character or the GS1 function character FNC1.
    enum Unit: Equatable {
        case char(UInt8)
        case fnc1
    }

    enum CodeSet: Int, CaseIterable { case a, b, c }

    static let startCodes: [CodeSet: Int] = [.a: 103, .b: 104, .c: 105]
    static let switchCodes: [CodeSet: Int] = [.a: 101, .b: 100, .c: 99]
    static let shift = 98, fnc1 = 102, stop = 106

    /// Encodes printable ASCII (and control characters, through set A).
    public static func encode(_ text: String) throws -> BarcodeSymbol {
        guard !text.isEmpty else { throw ScortaError.invalid("Code 128: nothing to encode") }
        var units: [Unit] = []
        for scalar in text.unicodeScalars {
            guard scalar.value < 128 else {
                throw ScortaError.invalid("Code 128 cannot encode '\(scalar)' in '\(text)' (only ASCII characters)")
            }
            units.append(.char(UInt8(scalar.value)))
        }
        let codewords = try codewords(for: units)
        return symbol(.code128, codewords: codewords, data: text, text: text)
    }

    static func symbol(_ symbology: BarcodeSymbol.Symbology, codewords: [Int], data: String, text: String)
        -> BarcodeSymbol
    {
        var runs: [Int] = []
        runs.reserveCapacity(codewords.count * 6 + 1)
        for codeword in codewords { runs += patterns[codeword] }
        return BarcodeSymbol(
            symbology: symbology, runs: runs, data: data, text: text, codewords: codewords, quietZone: (10, 10))
    }

    // MARK: - Choosing code sets

    /// Start code, data code words, check character and stop.
    static func codewords(for units: [Unit]) throws -> [Int] {
        let n = units.count
        let infinity = Int.max / 4
        // cost[i][s]: fewest code words for units[i...] when set s is active at i.
        var cost = Array(repeating: [infinity, infinity, infinity], count: n + 1)
        cost[n] = [0, 0, 0]
        for i in stride(from: n - 1, through: 0, by: -1) {
            for set in CodeSet.allCases {
                var best = infinity
                if let (length, words) = step(units, i, in: set) {
                    best = min(best, words + cost[i + length][set.rawValue])
                }
                if set != .c, let (length, words) = shiftStep(units, i, from: set) {
                    best = min(best, words + cost[i + length][set.rawValue])
                }
                for other in CodeSet.allCases where other != set {
                    if let (length, words) = step(units, i, in: other) {
                        best = min(best, 1 + words + cost[i + length][other.rawValue])
                    }
                }
                cost[i][set.rawValue] = best
            }
        }
        let preference: [CodeSet] = [.c, .b, .a]
        guard var set = preference.min(by: { cost[0][$0.rawValue] < cost[0][$1.rawValue] }),
            cost[0][set.rawValue] < infinity
        else {
            throw ScortaError.invalid("Code 128 cannot encode this text")
        }
        var words = [startCodes[set]!]
        var i = 0
        while i < n {
            // Stay if that is optimal, else shift (A/B) or switch, preferring C then B then A.
            if let (length, _) = step(units, i, in: set), 1 + cost[i + length][set.rawValue] == cost[i][set.rawValue] {
                words += values(units, i, length, in: set)
                i += length
                continue
            }
            if set != .c, let (length, count) = shiftStep(units, i, from: set),
                count + cost[i + length][set.rawValue] == cost[i][set.rawValue]
            {
                words.append(shift)
                words += values(units, i, length, in: set == .a ? .b : .a)
                i += length
                continue
            }
            let target = preference.first { other in
                other != set
                    && step(units, i, in: other).map {
                        1 + $0.1 + cost[i + $0.0][other.rawValue] == cost[i][set.rawValue]
                    } == true
            }!
            words.append(switchCodes[target]!)
            set = target
        }
        var sum = words[0]
        for (position, word) in words.enumerated().dropFirst() { sum += position * word }
        return words + [sum % 103, stop]
    }

    /// Encoding the next unit in `set`: how many units it takes and code words it costs.
    static func step(_ units: [Unit], _ i: Int, in set: CodeSet) -> (Int, Int)? {
        switch (units[i], set) {
        case (.fnc1, _): return (1, 1)
        case (.char(let c), .c):
            guard isDigit(c), i + 1 < units.count, case .char(let d) = units[i + 1], isDigit(d) else { return nil }
            return (2, 1)
        case (.char(let c), .a): return c < 96 ? (1, 1) : nil
        case (.char(let c), .b): return c >= 32 ? (1, 1) : nil
        }
    }

    /// A single character from the other of A/B through SHIFT: one unit, two code words.
    static func shiftStep(_ units: [Unit], _ i: Int, from set: CodeSet) -> (Int, Int)? {
        guard case .char = units[i], step(units, i, in: set) == nil, step(units, i, in: set == .a ? .b : .a) != nil
        else { return nil }
        return (1, 2)
    }

    static func values(_ units: [Unit], _ i: Int, _ length: Int, in set: CodeSet) -> [Int] {
        switch (units[i], set) {
        case (.fnc1, _): return [fnc1]
        case (.char(let c), .c):
            guard case .char(let d) = units[i + 1] else { return [] }
            return [Int(c - 48) * 10 + Int(d - 48)]
        case (.char(let c), .a): return [c < 32 ? Int(c) + 64 : Int(c) - 32]
        case (.char(let c), .b): return [Int(c) - 32]
        }
    }

    @inline(__always) static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    // MARK: - Patterns

    /// Bar/space widths of code words 0...106 (106 = stop, with its final 2-module bar).
    static let patterns: [[Int]] = [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112"
    ].map { $0.map { Int(String($0))! } }
}
