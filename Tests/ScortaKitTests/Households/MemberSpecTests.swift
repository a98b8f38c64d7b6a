import Testing

@testable import ScortaKit

@Suite struct MemberSpecTests {
    let day = CivilDate(year: 2026, month: 3, day: 15)!

    @Test func ageFromFullYearMonthAndYearOnlyBirthDates() throws {
        #expect(try BirthDate(parsing: "2010-03-16").age(on: day) == 15)
        #expect(try BirthDate(parsing: "2010-03-15").age(on: day) == 16)
        #expect(try BirthDate(parsing: "2010-04").age(on: day) == 15)
        #expect(try BirthDate(parsing: "2010-03").age(on: day) == 16)
        #expect(try BirthDate(parsing: "2010").age(on: day) == 16)  // distribution year - birth year
        #expect(AgeBand(age: 15) == .upTo15)
        #expect(AgeBand(age: 17) == .from16To17)
        #expect(AgeBand(age: 29) == .from18To29)
        #expect(AgeBand(age: 64) == .from30To64)
        #expect(AgeBand(age: 65) == .from65)
    }

    @Test func parsesKeysAndRefusesNonsense() throws {
        let spec = try MemberSpec(
            parsing: "born=1984-05,sex=f,homeless=yes,disability=no,third-country=?,foreign=sì,name=Ada")
        #expect(
            spec
                == MemberSpec(
                    birth: try BirthDate(parsing: "1984-05"), sex: .female, homeless: true, disability: false,
                    thirdCountry: nil, foreignMinority: true, name: "Ada"))
        #expect(try MemberSpec(parsing: "band=65+,sex=m").band(on: day) == .from65)
        #expect(
            throws: ScortaError.invalid(
                "a member needs a birth date (born=YYYY[-MM[-DD]]) or an assumed age band (band=30-64)")
        ) {
            try MemberSpec(parsing: "sex=f")
        }
        #expect(throws: ScortaError.invalid("birth date '1984-13' must be YYYY, YYYY-MM or YYYY-MM-DD")) {
            try MemberSpec(parsing: "born=1984-13")
        }
        #expect(throws: ScortaError.invalid("homeless 'maybe' must be yes, no or unknown")) {
            try MemberSpec(parsing: "born=1984,homeless=maybe")
        }
        #expect(throws: (any Error).self) { try MemberSpec(parsing: "born=1984,eyes=blue") }
    }
}

@Suite struct BirthDateTests {
    /// Found by the bad-input sweep (household import accepted 2999-01-01).
    @Test func aBirthDateInTheFutureIsRefused() {
        #expect(throws: ScortaError.invalid("birth date '2999-01-01' is in the future")) {
            try BirthDate(parsing: "2999-01-01")
        }
        #expect(throws: ScortaError.self) { try MemberSpec(parsing: "born=2999,sex=f") }
        #expect((try? BirthDate(parsing: "1980-03")) != nil)
    }

    /// A year before 1900 is well formed and named as too early, not as a malformed date.
    @Test func aBirthYearBefore1900IsNamedAsTooEarly() {
        #expect(throws: ScortaError.invalid("birth date '1880' is before 1900")) { try BirthDate(parsing: "1880") }
        #expect(throws: ScortaError.invalid("birth date '188' must be YYYY, YYYY-MM or YYYY-MM-DD")) {
            try BirthDate(parsing: "188")
        }
        #expect((try? BirthDate(parsing: "1900")) != nil)
    }
}

@Suite struct StoredBirthDateTests {
    /// The three stored forms read back as the typed-input parser reads them,
    /// and a value not in a stored form gets that parser's error.
    @Test func storedFormsReadAsParsedAndAnythingElseIsNamed() throws {
        for text in ["1984", "1984-05", "1984-05-31", "2000-02-29"] {
            #expect(try BirthDate(stored: text) == BirthDate(parsing: text))
            #expect(try BirthDate(stored: text).description == text)
        }
        #expect(try BirthDate(stored: " 1984-05 ") == BirthDate(year: 1984, month: 5, day: nil))
        for bad in ["1984-13", "1984-02-30", "84", "1984-5", "19x4", ""] {
            #expect(throws: ScortaError.invalid("birth date '\(bad)' must be YYYY, YYYY-MM or YYYY-MM-DD")) {
                try BirthDate(stored: bad)
            }
        }
        #expect(throws: ScortaError.invalid("birth date '1899' is before 1900")) { try BirthDate(stored: "1899") }
    }
}
