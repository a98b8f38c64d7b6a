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
        // Plain ASCII (every code typed or scanned) is read byte by byte: the
        // Character walk with Unicode uppercasing below cost about 27,000
        // instructions a code, and every checkout reads one.
        guard text.utf8.allSatisfy({ $0 < 0x80 }) else { return normaliseUnicode(text) }
        var symbols: [UInt8] = []
        symbols.reserveCapacity(dataLength + 1)
        for byte in text.utf8 where byte != UInt8(ascii: "-") && byte != UInt8(ascii: " ") {
            var symbol = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
            switch symbol {
            case UInt8(ascii: "O"): symbol = UInt8(ascii: "0")
            case UInt8(ascii: "I"), UInt8(ascii: "L"): symbol = UInt8(ascii: "1")
            default: guard asciiAlphabet.contains(symbol) else { return nil }
            }
            symbols.append(symbol)
            guard symbols.count <= dataLength + 1 else { return nil }
        }
        guard symbols.count == dataLength + 1 else { return nil }
        let code = String(decoding: symbols, as: UTF8.self)
        return check(String(code.dropLast())) == code.last ? code : nil
    }

    static let asciiAlphabet = Array("0123456789ABCDEFGHJKMNPQRSTVWXYZ".utf8)

    /// `normalise` for text with letters outside ASCII (uppercasing may turn them into ASCII ones).
    static func normaliseUnicode(_ text: String) -> String? {
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
