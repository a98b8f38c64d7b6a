/// SQLite's parameter spelling (`?`, `?1`) turned into PostgreSQL's (`$1`),
/// so the ledger's SQL is written once for both engines.
///
///     Placeholders.numbered("SELECT id FROM item WHERE sku = ? AND ? < 3")
///     // "SELECT id FROM item WHERE sku = $1 AND $2 < 3"
///
/// A bare `?` takes the number after the largest one used before it, as in
/// SQLite, so `?1 … ? … ?1` is `$1 … $2 … $1`. Question marks inside
/// string literals, quoted names and comments are text, not parameters.
enum Placeholders {
    static func numbered(_ sql: String) -> String {
        var output = String.UnicodeScalarView()
        var largest = 0
        var rest = Array(sql.unicodeScalars)[...]
        /// Copies everything up to and including `last` preceded by `before` (or to the end of the text).
        func copy(through last: Unicode.Scalar, after before: Unicode.Scalar? = nil) {
            var previous: Unicode.Scalar?
            while let scalar = rest.popFirst() {
                output.append(scalar)
                if scalar == last, before == nil || previous == before { return }
                previous = scalar
            }
        }
        while let scalar = rest.popFirst() {
            switch scalar {
            case "'", "\"":
                // A doubled quote inside closes and at once reopens: the same text results.
                output.append(scalar)
                copy(through: scalar)
            case "-" where rest.first == "-":
                output.append(scalar)
                copy(through: "\n")
            case "/" where rest.first == "*":
                output.append(scalar)
                output.append(rest.removeFirst())
                copy(through: "/", after: "*")
            case "?":
                var digits = ""
                while let digit = rest.first, ("0"..."9").contains(digit) {
                    digits.unicodeScalars.append(rest.removeFirst())
                }
                let number = Int(digits) ?? largest + 1
                largest = max(largest, number)
                output.append(contentsOf: "$\(number)".unicodeScalars)
            default:
                output.append(scalar)
            }
        }
        return String(output)
    }
}
