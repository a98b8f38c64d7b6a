/// GTIN check digits (GS1 modulo 10) shared by EAN-13 and GS1 (01).
public enum GTIN {
    /// The check digit for the digits before it: weights 3,1,3,... from the right.
    public static func checkDigit(_ digits: some StringProtocol) -> Int {
        var sum = 0
        for (index, character) in digits.reversed().enumerated() {
            sum += (character.wholeNumberValue ?? 0) * (index % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    /// Refuses anything but a GTIN-8/12/13/14 with a valid check digit: the
    /// one check for catalogue entries, imports and GS1 (01) elements.
    public static func validate(_ text: String) throws {
        guard [8, 12, 13, 14].contains(text.count), text.allSatisfy(\.isASCIIDigit) else {
            throw ScortaError.invalid("GTIN '\(text)' must be 8, 12, 13 or 14 digits")
        }
        guard checkDigit(text.dropLast()) == text.last!.wholeNumberValue! else {
            throw ScortaError.invalid(
                "GTIN '\(text)' has a wrong check digit (expected \(checkDigit(text.dropLast())))")
        }
    }

    /// A valid GTIN-8/12/13/14, padded with zeros to 14 digits.
    public static func normalized(_ text: String) throws -> String {
        try validate(text)
        return String(zeroPadding: text, to: 14)
    }
}
