/// Fast, locale-free number output for content streams: at most three decimals, no
/// exponent, no trailing zeros, so the same drawing always gives the same bytes.
enum PDFNumbers {
    @inline(__always) static func append(_ value: Double, to out: inout [UInt8]) {
        var thousandths = Int((value * 1000).rounded())
        if thousandths < 0 {
            out.append(0x2D)
            thousandths = -thousandths
        }
        appendInteger(thousandths / 1000, to: &out)
        var fraction = thousandths % 1000
        guard fraction != 0 else { return }
        out.append(0x2E)
        var divisor = 100
        while fraction != 0 {
            out.append(0x30 + UInt8(fraction / divisor))
            fraction %= divisor
            divisor /= 10
        }
    }

    @inline(__always) static func appendInteger(_ value: Int, to out: inout [UInt8]) {
        if value < 10 {
            out.append(0x30 + UInt8(value))
            return
        }
        var digits:
            (
                UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                UInt8, UInt8, UInt8, UInt8, UInt8
            ) =
                (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = 0x30 + UInt8(rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }
}

extension Array where Element == UInt8 {
    @inline(__always) mutating func append(ascii text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    @inline(__always) mutating func append(_ text: String) { append(contentsOf: text.utf8) }
}
