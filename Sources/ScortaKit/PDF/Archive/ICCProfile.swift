import Foundation

/// An sRGB ICC profile (version 2.1, display class), built here rather than shipped: PDF/A
/// wants every device colour tied to an output intent with an embedded profile, and the
/// profile is nothing but the published sRGB numbers (IEC 61966-2-1) in ICC's layout.
///
/// Tags: description, copyright, media white point, the three primaries adapted to the D50
/// connection space (Bradford, as in the ICC's own sRGB profile), and one tone curve of
/// 1,024 samples of the sRGB transfer function shared by the three channels.
enum ICCProfile {
    static let description = "sRGB IEC61966-2.1"

    static let sRGB: [UInt8] = {
        var tags: [(signature: String, data: [UInt8])] = []
        tags.append(("desc", textDescription(description)))
        tags.append(("cprt", text("No copyright, use freely")))
        tags.append(("wtpt", xyz(0.9642, 1.0, 0.8249)))
        tags.append(("rXYZ", xyz(0.4361, 0.2225, 0.0139)))
        tags.append(("gXYZ", xyz(0.3851, 0.7169, 0.0971)))
        tags.append(("bXYZ", xyz(0.1431, 0.0606, 0.7141)))
        let curve = toneCurve()

        // Header, tag count and table, then each tag's data 4-byte aligned; the three
        // tone-curve tags point at the same data.
        let tableSize = 4 + 12 * (tags.count + 3)
        var data: [UInt8] = []
        var table: [UInt8] = []
        append32(UInt32(tags.count + 3), to: &table)
        var offset = 128 + tableSize
        for tag in tags {
            table += Array(tag.signature.utf8)
            append32(UInt32(offset), to: &table)
            append32(UInt32(tag.data.count), to: &table)
            data += tag.data
            while data.count % 4 != 0 { data.append(0) }
            offset = 128 + tableSize + data.count
        }
        for signature in ["rTRC", "gTRC", "bTRC"] {
            table += Array(signature.utf8)
            append32(UInt32(offset), to: &table)
            append32(UInt32(curve.count), to: &table)
        }
        data += curve
        let size = 128 + tableSize + data.count

        var header: [UInt8] = []
        append32(UInt32(size), to: &header)
        append32(0, to: &header)  // preferred CMM: none
        append32(0x0210_0000, to: &header)  // version 2.1
        header += Array("mntrRGB XYZ ".utf8)  // display device, RGB data, XYZ connection space
        for part: UInt16 in [2026, 1, 1, 0, 0, 0] { append16(part, to: &header) }  // fixed date: same bytes every time
        header += Array("acsp".utf8)
        append32(0, to: &header)  // platform
        append32(0, to: &header)  // flags
        append32(0, to: &header)
        append32(0, to: &header)  // device manufacturer and model
        append32(0, to: &header)
        append32(0, to: &header)  // device attributes
        append32(0, to: &header)  // perceptual rendering intent
        header += xyzNumbers(0.9642, 1.0, 0.8249)  // D50 illuminant of the connection space
        append32(0, to: &header)  // creator
        header += [UInt8](repeating: 0, count: 128 - header.count)
        return header + table + data
    }()

    /// The sRGB transfer function: linear near black, then a 2.4 power.
    private static func toneCurve() -> [UInt8] {
        var out = Array("curv".utf8) + [0, 0, 0, 0]
        let count = 1024
        append32(UInt32(count), to: &out)
        for index in 0..<count {
            let value = Double(index) / Double(count - 1)
            let linear = value <= 0.04045 ? value / 12.92 : pow((value + 0.055) / 1.055, 2.4)
            append16(UInt16((linear * 65535).rounded()), to: &out)
        }
        return out
    }

    private static func textDescription(_ text: String) -> [UInt8] {
        var out = Array("desc".utf8) + [0, 0, 0, 0]
        append32(UInt32(text.utf8.count + 1), to: &out)
        out += Array(text.utf8) + [0]
        append32(0, to: &out)
        append32(0, to: &out)  // no Unicode description
        append16(0, to: &out)
        out.append(0)  // no ScriptCode description
        out += [UInt8](repeating: 0, count: 67)
        return out
    }

    private static func text(_ text: String) -> [UInt8] { Array("text".utf8) + [0, 0, 0, 0] + Array(text.utf8) + [0] }

    private static func xyz(_ x: Double, _ y: Double, _ z: Double) -> [UInt8] {
        Array("XYZ ".utf8) + [0, 0, 0, 0] + xyzNumbers(x, y, z)
    }

    /// s15Fixed16Number triple.
    private static func xyzNumbers(_ values: Double...) -> [UInt8] {
        var out: [UInt8] = []
        for value in values { append32(UInt32(bitPattern: Int32((value * 65536).rounded())), to: &out) }
        return out
    }

    private static func append32(_ value: UInt32, to out: inout [UInt8]) {
        out += [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    private static func append16(_ value: UInt16, to out: inout [UInt8]) {
        out += [UInt8(value >> 8), UInt8(value & 0xFF)]
    }
}
