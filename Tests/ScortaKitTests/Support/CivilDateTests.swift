import Testing

@testable import ScortaKit

@Suite struct CivilDateTests {
    @Test func parsesOnlyRealISODates() throws {
        #expect(try CivilDate(parsing: "2024-02-29").description == "2024-02-29")
        for bad in [
            "2023-02-29", "2026-13-01", "2026-1-01", "26-01-01", "2026/01/01", "2026-01-01T00", "", "abcd-ef-gh"
        ] {
            #expect(throws: ScortaError.self) { try CivilDate(parsing: bad) }
        }
    }

    @Test func dayArithmeticRoundTrips() throws {
        let date = try CivilDate(parsing: "2026-02-28")
        #expect(date.adding(days: 1).description == "2026-03-01")
        #expect(CivilDate(dayNumber: 0).description == "1970-01-01")
        for offset in stride(from: -40_000, to: 40_000, by: 997) {
            let day = CivilDate(dayNumber: offset)
            #expect(day.dayNumber == offset)
        }
        #expect(try CivilDate(parsing: "2026-01-31").adding(months: 1).description == "2026-02-28")
    }

    /// The description is written digit by digit (posting binds tens of thousands of dates):
    /// it must stay the padded `YYYY-MM-DD`, round-trip through parsing, and fall back outside 1...9999.
    @Test func descriptionIsPaddedISO() throws {
        #expect(CivilDate(year: 7, month: 3, day: 9)!.description == "0007-03-09")
        #expect(CivilDate(year: 9999, month: 12, day: 31)!.description == "9999-12-31")
        for offset in stride(from: -700_000, to: 2_900_000, by: 9_973) {
            let day = CivilDate(dayNumber: offset)
            guard (1...9999).contains(day.year) else { continue }
            #expect(try CivilDate(parsing: day.description) == day)
            #expect(
                day.description == day.year.zeroPadded(4) + "-" + day.month.zeroPadded(2) + "-" + day.day.zeroPadded(2))
        }
        #expect(CivilDate(dayNumber: 3_000_000).description == "10183-09-21")
    }

    /// `recorded_at`: UTC, `YYYY-MM-DDTHH:MM:SSZ`, written digit by digit.
    @Test func timestampIsUTCInISOForm() throws {
        let stamp = Clock.timestamp()
        let bytes = Array(stamp.utf8)
        #expect(bytes.count == 20)
        _ = try CivilDate(parsing: stamp.prefix(10))
        #expect([bytes[10], bytes[13], bytes[16], bytes[19]] == Array("T::Z".utf8))
        let time = [11, 14, 17].map { Int(String(decoding: bytes[$0..<$0 + 2], as: UTF8.self)) }
        #expect(time[0].map { (0..<24).contains($0) } == true)
        #expect(time[1].map { (0..<60).contains($0) } == true)
        #expect(time[2].map { (0..<61).contains($0) } == true)
    }

    @Test func moneyFormatsAndParsesCents() {
        #expect(Money.format(cents: 123456, decimalComma: true, grouping: true) == "1.234,56")
        #expect(Money.format(cents: 5) == "0.05")
        #expect(Money.parseCents("2,5") == 250)
        #expect(Money.parseCents("12.34") == 1234)
        #expect(Money.parseCents("1.234") == nil)
        #expect(Money.parseCents("-1") == nil)
    }
}
