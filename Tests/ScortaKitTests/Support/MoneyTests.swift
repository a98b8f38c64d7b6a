import Testing

@testable import ScortaKit

@Suite struct MoneyTests {
    /// Found by the bad-input sweep: a huge value overflowed the cents and trapped.
    @Test func hugeOrMalformedValuesAreRefusedNotTrapped() {
        #expect(Money.parseCents("2.50") == 250)
        #expect(Money.parseCents("10000000") == 1_000_000_000)
        #expect(Money.parseCents("99999999999999999") == nil)
        #expect(Money.parseCents("10000001") == nil)
        #expect(Money.parseCents("1.999") == nil)
    }
}
