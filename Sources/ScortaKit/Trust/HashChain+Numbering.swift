extension HashChain {
    /// Truncation shows in the numbering: per document type and year the
    /// numbers run 1, 2, 3 … without a gap, and the last number the sequence
    /// gave out (`document_sequence`) is present. A deleted document, even
    /// the last one with its chain entry, is named here unless the sequence
    /// was also wound back by hand; only an anchor kept outside the database
    /// (`verify --expect`) catches that.
    static func numbering(_ db: Database, into problems: inout [String]) throws {
        var series: [String: (count: Int, last: Int)] = [:]
        try db.prepare("SELECT number FROM document").forEach { row in
            let number = row.text(0)
            guard let (name, ordinal) = split(number) else {
                problems.append("document \(number) does not have a number of the form TYPE-YEAR-NNNNN")
                return
            }
            let seen = series[name] ?? (0, 0)
            series[name] = (seen.count + 1, max(seen.last, ordinal))
        }
        var given: [String: Int] = [:]
        try db.prepare("SELECT prefix, year, last FROM document_sequence").forEach {
            given["\($0.text(0))-\($0.int(1))"] = $0.int(2)
        }
        for name in Set(series.keys).union(given.keys).sorted() {
            let present = series[name] ?? (0, 0)
            let last = given[name] ?? 0
            if present.count < present.last {
                let numbers = Set(
                    try db.query(
                        "SELECT number FROM document WHERE number LIKE ? ESCAPE '\\'",
                        [name.replacingOccurrences(of: "_", with: "\\_") + "-%"]
                    ) { split($0.text(0))?.ordinal ?? 0 })
                let missing = (1...present.last).filter { !numbers.contains($0) }
                problems.append(
                    "numbering: \(missing.prefix(5).map { format(name, $0) }.joined(separator: ", "))\(missing.count > 5 ? " and \(missing.count - 5) more" : "") missing before \(format(name, present.last)): deleted outside Scorta"
                )
            }
            if last > present.last {
                problems.append(
                    "numbering: \(format(name, last)), the last number given out, is missing: deleted outside Scorta")
            } else if last < present.last {
                problems.append(
                    "numbering: \(format(name, present.last)) exists but the sequence of \(name) stops at \(last): changed outside Scorta"
                )
            }
        }
    }

    /// "RIC-2026-00042" → ("RIC-2026", 42).
    static func split(_ number: String) -> (name: String, ordinal: Int)? {
        guard let dash = number.lastIndex(of: "-"), let ordinal = Int(number[number.index(after: dash)...]), ordinal > 0
        else { return nil }
        let name = String(number[..<dash])
        guard let yearDash = name.lastIndex(of: "-"), Int(name[name.index(after: yearDash)...]) != nil else {
            return nil
        }
        return (name, ordinal)
    }

    /// The number `Ledger.nextNumber` gives: at least five digits.
    static func format(_ name: String, _ ordinal: Int) -> String {
        let digits = String(ordinal)
        return name + "-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
