import ScortaKit
import Testing

@testable import ScortaHarness

@Suite struct DatasetGeneratorTests {
    /// The region's history posts up to 197 receipts a month in ten cities: its longest lot code must still be
    /// one a GS1-128 label can carry, or the build stops at its first such receipt.
    @Test func theRegionsLongestLotCodeFitsAGS1Lot() {
        let size = DatasetSize.region
        let receiptsAMonth = (size.historyLinesPerCityYear / 2 / 12 + 24) / 25
        let longest = DatasetGenerator.lotCode(
            market: "EMP-\(size.cities)", year: 2026, month: 11, document: receiptsAMonth - 1, line: 24)
        #expect(longest == "LEMP10-26-11-196-24")
        #expect(GS1.lotProblem(longest) == nil)
    }

    @Test func lotCodesOfDifferentReceiptsOrYearsDiffer() {
        let codes = [
            DatasetGenerator.lotCode(market: "EMP", year: 2025, month: 1, document: 12, line: 3),
            DatasetGenerator.lotCode(market: "EMP", year: 2026, month: 1, document: 12, line: 3),
            DatasetGenerator.lotCode(market: "EMP", year: 2026, month: 11, document: 2, line: 3),
            DatasetGenerator.lotCode(market: "EMP", year: 2026, month: 1, document: 122, line: 3),
            DatasetGenerator.lotCode(market: "EMP-02", year: 2026, month: 1, document: 12, line: 3)
        ]
        #expect(Set(codes).count == codes.count)
    }
}
