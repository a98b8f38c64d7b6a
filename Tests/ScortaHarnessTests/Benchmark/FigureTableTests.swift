import ScortaKit
import Testing

@testable import ScortaHarness

@Suite struct FigureTableTests {
    @Test func rowsLineUpAndALongValueIsNeverCut() {
        let short = FigureTable.row("stock query", "15.1 ms (median of 9)", "24.1", "< 30 ms: met")
        #expect(short.hasPrefix("stock query" + String(repeating: " ", count: 29) + " 15.1 ms (median of 9)"))
        #expect(short.hasSuffix("24.1      < 30 ms: met"))
        let value = "10620133 lines, 1245879 documents in 3760 s = 2824 lines/s"
        #expect(value.count > 55)
        let long = FigureTable.row("dataset posting (in process)", value, "100", "")
        #expect(long.contains(value + " 100"))
        #expect(!long.hasSuffix(" "))
    }

    @Test func numbersKeepThreeFiguresWithoutExponents() {
        #expect(FigureTable.number(0.0151) == "0.0151")
        #expect(FigureTable.number(15.12) == "15.1")
        #expect(FigureTable.number(947.4) == "947")
        #expect(FigureTable.number(3760.4) == "3760")
        #expect(FigureTable.number(1_245_879) == "1245879")
    }
}
