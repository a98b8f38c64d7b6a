import Glibc

/// A calendar date with no time zone (business dates are ISO 8601 `YYYY-MM-DD`).
///
///     let date = try CivilDate(parsing: "2026-02-28")
///     date.adding(days: 1).description   // "2026-03-01"
public struct CivilDate: Comparable, Hashable, Sendable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDate.daysIn(month: month, year: year)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses exactly `YYYY-MM-DD`; anything else (or an impossible date) throws.
    public init(parsing text: some StringProtocol) throws {
        let bytes = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard bytes.count == 10, bytes[4] == 45, bytes[7] == 45,
            let year = digits(0..<4), let month = digits(5..<7), let day = digits(8..<10),
            let date = CivilDate(year: year, month: month, day: day)
        else {
            throw ScortaError.invalid("date '\(text)' is not a valid YYYY-MM-DD date")
        }
        self = date
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Written digit by digit into one 10-byte string: every date bound to a
    /// statement goes through here (tens of thousands per posted dataset
    /// year), and the three padded numbers joined cost 4,000 instructions.
    public var description: String {
        // Day arithmetic can leave 1...9999 (a date far outside any ledger): the general form.
        guard (1...9999).contains(year) else {
            return year.zeroPadded(4) + "-" + month.zeroPadded(2) + "-" + day.zeroPadded(2)
        }
        return String(unsafeUninitializedCapacity: 10) { bytes in
            func put(_ value: Int, at end: Int, width: Int) {
                putDigits(value, into: bytes, endingAt: end, width: width)
            }
            put(year, at: 3, width: 4)
            bytes[4] = UInt8(ascii: "-")
            put(month, at: 6, width: 2)
            bytes[7] = UInt8(ascii: "-")
            put(day, at: 9, width: 2)
            return 10
        }
    }

    public static func < (lhs: CivilDate, rhs: CivilDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    // MARK: - Day arithmetic (days since 1970-01-01, proleptic Gregorian)

    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    public func days(until other: CivilDate) -> Int { other.dayNumber - dayNumber }

    /// The same day `months` later, clamped to the month's end (Jan 31 + 1 month = Feb 28/29).
    public func adding(months: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + months
        let newYear = total / 12
        let newMonth = total % 12 + 1
        return CivilDate(
            year: newYear, month: newMonth, day: min(day, CivilDate.daysIn(month: newMonth, year: newYear)))!
    }

    public var firstOfMonth: CivilDate { CivilDate(year: year, month: month, day: 1)! }
    public var lastOfMonth: CivilDate {
        CivilDate(year: year, month: month, day: CivilDate.daysIn(month: month, year: year))!
    }

    /// Today in the machine's local time zone (the office's).
    public static func today() -> CivilDate {
        if let fixed = Environment.value("SCORTA_TODAY"), let date = try? CivilDate(parsing: fixed) { return date }
        var now = time(nil)
        var parts = tm()
        localtime_r(&now, &parts)
        return CivilDate(year: Int(parts.tm_year) + 1900, month: Int(parts.tm_mon) + 1, day: Int(parts.tm_mday))!
    }
}

/// Wall-clock timestamps for `recorded_at` columns (UTC, ISO 8601).
public enum Clock {
    public static func timestamp() -> String {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        var seconds = spec.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let year = Int(parts.tm_year) + 1900
        guard (0...9999).contains(year) else {
            func pad(_ value: Int32, _ width: Int = 2) -> String { value.zeroPadded(width) }
            return
                "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1))-\(pad(parts.tm_mday))T\(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec))Z"
        }
        // Written digit by digit into one string: every document and record
        // carries one, and six padded numbers interpolated cost about 10,000 instructions.
        return String(unsafeUninitializedCapacity: 20) { bytes in
            func put(_ value: Int, at end: Int, width: Int) {
                putDigits(value, into: bytes, endingAt: end, width: width)
            }
            put(year, at: 3, width: 4)
            bytes[4] = UInt8(ascii: "-")
            put(Int(parts.tm_mon) + 1, at: 6, width: 2)
            bytes[7] = UInt8(ascii: "-")
            put(Int(parts.tm_mday), at: 9, width: 2)
            bytes[10] = UInt8(ascii: "T")
            put(Int(parts.tm_hour), at: 12, width: 2)
            bytes[13] = UInt8(ascii: ":")
            put(Int(parts.tm_min), at: 15, width: 2)
            bytes[16] = UInt8(ascii: ":")
            put(Int(parts.tm_sec), at: 18, width: 2)
            bytes[19] = UInt8(ascii: "Z")
            return 20
        }
    }
}

/// Process environment without Foundation.
public enum Environment {
    public static func value(_ name: String) -> String? {
        guard let pointer = getenv(name) else { return nil }
        let value = String(cString: pointer)
        return value.isEmpty ? nil : value
    }
}

/// Writes `value`'s last `width` decimal digits into `bytes`, the last at
/// `end`, zero-padded: dates and timestamps are written byte by byte (see
/// `CivilDate.description`).
func putDigits(_ value: Int, into bytes: UnsafeMutableBufferPointer<UInt8>, endingAt end: Int, width: Int) {
    var value = value
    for index in stride(from: end, to: end - width, by: -1) {
        bytes[index] = UInt8(48 + value % 10)
        value /= 10
    }
}
