import ScortaKit

/// How big a benchmark dataset is. `city` and `region` are the sizes of the
/// benchmark issue; `smoke` is small enough for CI; `town`, a quarter of a
/// city, is big enough to show how posting slows (or not) as a ledger grows
/// in minutes instead of half an hour.
public struct DatasetSize: Sendable {
    public let name: String
    public let cities: Int
    public let items: Int
    public let kits: Int
    public let householdsPerCity: Int
    /// Per city and year, for the last (reported) year.
    public let receiptLinesPerCity: Int
    public let distributionLinesPerCity: Int
    public let assembliesPerCity: Int
    /// Earlier years of lighter history, per city and year, in ledger lines.
    public let historyYears: Int
    public let historyLinesPerCityYear: Int
    /// Lines of the bulk receipt CSV timed against raw SQLite.
    public let bulkLines: Int
    /// Repetitions of each single-command timing (the median is reported).
    public let repeats: Int
    public let labels: Int

    public static let smoke = DatasetSize(
        name: "smoke", cities: 1, items: 60, kits: 6, householdsPerCity: 150,
        receiptLinesPerCity: 1_000, distributionLinesPerCity: 4_000, assembliesPerCity: 40,
        historyYears: 1, historyLinesPerCityYear: 1_000, bulkLines: 2_000, repeats: 3, labels: 500)
    public static let town = DatasetSize(
        name: "town", cities: 1, items: 300, kits: 12, householdsPerCity: 1_250,
        receiptLinesPerCity: 5_000, distributionLinesPerCity: 50_000, assembliesPerCity: 500,
        historyYears: 0, historyLinesPerCityYear: 0, bulkLines: 5_000, repeats: 5, labels: 2_500)
    public static let city = DatasetSize(
        name: "city", cities: 1, items: 300, kits: 12, householdsPerCity: 5_000,
        receiptLinesPerCity: 20_000, distributionLinesPerCity: 200_000, assembliesPerCity: 2_000,
        historyYears: 0, historyLinesPerCityYear: 0, bulkLines: 20_000, repeats: 9, labels: 10_000)
    /// Ten cities in one database: ~2,000,000 distribution lines in the
    /// reported year, on top of nine lighter earlier years, for more than
    /// 10,000,000 ledger lines in all.
    public static let region = DatasetSize(
        name: "region", cities: 10, items: 300, kits: 12, householdsPerCity: 5_000,
        receiptLinesPerCity: 20_000, distributionLinesPerCity: 200_000, assembliesPerCity: 2_000,
        historyYears: 9, historyLinesPerCityYear: 118_000, bulkLines: 100_000, repeats: 9, labels: 10_000)

    public static func named(_ name: String) -> DatasetSize? {
        [smoke, town, city, region].first { $0.name == name }
    }
}
