/// A recipient snapshot packed in 16 bits (age band, sex, four yes/no/unknown
/// attributes), so a year of recipients is counted without Strings.
enum PersonCode {
    static let bands = ["0-15", "16-17", "18-29", "30-64", "65+"]
    static let sexes = ["female", "male", "nonbinary", "unknown"]

    static func band(_ bytes: (UInt8, UInt8)) -> Int {
        switch bytes {
        case (UInt8(ascii: "0"), _): return 0
        case (UInt8(ascii: "1"), UInt8(ascii: "6")): return 1
        case (UInt8(ascii: "1"), _): return 2
        case (UInt8(ascii: "3"), _): return 3
        default: return 4
        }
    }

    static func sex(_ bytes: (UInt8, UInt8)) -> Int {
        switch bytes.0 {
        case UInt8(ascii: "f"): return 0
        case UInt8(ascii: "m"): return 1
        case UInt8(ascii: "n"): return 2
        default: return 3
        }
    }

    /// 0 no, 1 yes, 2 unknown.
    static func answer(_ value: Int?) -> Int { value.map { $0 != 0 ? 1 : 0 } ?? 2 }

    static func encode(band: Int, sex: Int, homeless: Int, disability: Int, thirdCountry: Int, foreignMinority: Int)
        -> Int
    {
        band | sex << 3 | homeless << 5 | disability << 7 | thirdCountry << 9 | foreignMinority << 11
    }

    static func decode(_ code: Int) -> ReportedPerson {
        func answer(_ shift: Int) -> Bool? {
            switch code >> shift & 3 {
            case 0: return false
            case 1: return true
            default: return nil
            }
        }
        return ReportedPerson(
            ageBand: bands[min(code & 7, bands.count - 1)], sex: sexes[code >> 3 & 3], homeless: answer(5),
            disability: answer(7),
            thirdCountry: answer(9), foreignMinority: answer(11))
    }

    /// The code of a recipient snapshot row whose columns, from `band`, are
    /// age band, sex, homeless, disability, third country, foreign minority.
    static func encode(_ row: Row, band column: Int) -> Int {
        encode(
            band: band(row.leadingBytes(column)), sex: sex(row.leadingBytes(column + 1)),
            homeless: answer(row.optionalInt(column + 2)), disability: answer(row.optionalInt(column + 3)),
            thirdCountry: answer(row.optionalInt(column + 4)), foreignMinority: answer(row.optionalInt(column + 5)))
    }

    static let count = 1 << 13
}
