/// The household's card code (codice tessera): 8 random Crockford base32
/// symbols (40 bits from the system's secure generator, so codes cannot be
/// guessed or enumerated) and a Luhn mod 32 check symbol that catches a
/// mistyped or swapped symbol at the till. Printed as `K7Q2-9XM4-P`.
public enum HouseholdCode {
    static let alphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    static let dataLength = 8

    /// A new random code, normalised (no dashes).
    public static func random() -> String {
        var generator = SystemRandomNumberGenerator()
        let symbols = (0..<dataLength).map { _ in alphabet[Int(generator.next(upperBound: UInt32(alphabet.count)))] }
        return String(symbols) + String(check(String(symbols)))
    }

    /// The check symbol of `data` (Luhn mod N over the base32 values).
    static func check(_ data: String) -> Character {
        let n = alphabet.count
        var factor = 2
        var sum = 0
        for symbol in data.reversed() {
            let value = alphabet.firstIndex(of: symbol)!
            var addend = factor * value
            factor = factor == 2 ? 1 : 2
            addend = addend / n + addend % n
            sum += addend
        }
        return alphabet[(n - sum % n) % n]
    }

    /// Reads a code as typed or scanned: case, dashes and spaces do not matter,
    /// and O/I/L read as 0/1/1 (Crockford). Nil when it is not a valid code.
    public static func normalise(_ text: String) -> String? {
        var symbols: [Character] = []
        for character in text.uppercased() where character != "-" && character != " " {
            switch character {
            case "O": symbols.append("0")
            case "I", "L": symbols.append("1")
            default:
                guard alphabet.contains(character) else { return nil }
                symbols.append(character)
            }
        }
        guard symbols.count == dataLength + 1 else { return nil }
        let data = String(symbols.dropLast())
        return check(data) == symbols.last ? data + String(symbols.last!) : nil
    }

    /// `K7Q29XM4P` → `K7Q2-9XM4-P` for people to read.
    public static func display(_ code: String) -> String {
        let chars = Array(code)
        guard chars.count == dataLength + 1 else { return code }
        return String(chars[0..<4]) + "-" + String(chars[4..<8]) + "-" + String(chars[8])
    }
}
