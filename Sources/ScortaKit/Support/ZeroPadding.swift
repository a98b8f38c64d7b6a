extension BinaryInteger {
    /// The number with zeros before its digits up to `width` digits (the sign
    /// comes first): `7.zeroPadded(2)` is "07", `0x1F.zeroPadded(4, radix: 16)` is "001F".
    /// The one way Scorta writes dates, document numbers, PDF offsets and hex codes.
    public func zeroPadded(_ width: Int, radix: Int = 10, uppercase: Bool = true) -> String {
        let digits = String(magnitude, radix: radix, uppercase: uppercase)
        return (self < 0 ? "-" : "") + String(zeroPadding: digits, to: width)
    }
}

extension String {
    /// `digits` with zeros before them up to `width` characters (a GTIN-13 as GTIN-14).
    public init(zeroPadding digits: some StringProtocol, to width: Int) {
        self = String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
    }
}
