/// "Did you mean …?" for a mistyped code: the known codes closest to it by
/// edit distance (Levenshtein), compared without regard to case.
///
///     Suggestions.closest(to: "IG-SAPP", among: ["IG-SAP", "IG-SHA"])   // ["IG-SAP"]
public enum Suggestions {
    /// At most `limit` codes at the smallest distance found, within a distance
    /// that grows with the code's length (1 for short codes, up to 3).
    public static func closest(to typed: String, among known: [String], limit: Int = 3) -> [String] {
        let target = Array(typed.uppercased().unicodeScalars)
        let allowed = max(1, min(3, target.count / 3))
        var scored: [(distance: Int, code: String)] = []
        for code in known {
            let candidate = Array(code.uppercased().unicodeScalars)
            guard abs(candidate.count - target.count) <= allowed else { continue }
            let distance = levenshtein(target, candidate, cap: allowed)
            if distance <= allowed { scored.append((distance, code)) }
        }
        // Only the nearest: "IG-SAPP" suggests IG-SAP, not also IG-SPZ two edits away.
        guard let best = scored.map(\.distance).min() else { return [] }
        return scored.filter { $0.distance == best }.map(\.code).sorted().prefix(limit).map { $0 }
    }

    /// "; did you mean IG-SAP?" or "; did you mean IG-SAP or IG-SPZ?", empty when nothing is close.
    public static func didYouMean(_ typed: String, among known: [String]) -> String {
        let close = closest(to: typed, among: known)
        guard let last = close.last else { return "" }
        return "; did you mean " + (close.count == 1 ? last : close.dropLast().joined(separator: ", ") + " or " + last)
            + "?"
    }

    /// Edit distance with insertions, deletions and substitutions; stops
    /// early once every path is beyond `cap` (codes are short, lists small).
    static func levenshtein(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], cap: Int) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            var best = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                best = min(best, current[j])
            }
            if best > cap { return best }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
