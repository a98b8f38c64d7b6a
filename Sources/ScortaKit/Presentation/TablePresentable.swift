/// A typed row that knows how it is shown: its columns (key, title in the
/// report's language, format) and its cells in that order. The one table
/// engine (`TableSource`: text, CSV, JSON; `PDFReportWriter`) writes any of
/// them, so a query returns data and the presentation is decided here.
///
///     struct StockRow: TablePresentable { ... }
///     let table = TableSource(try ledger.stock())           // columns from StockRow
public protocol TablePresentable {
    /// The columns, titled in `language` (list commands are titled in English).
    static func columns(_ language: ReportLanguage) -> [Listing.Column]
    /// The row's cells, in the order of `columns`.
    func cells(_ language: ReportLanguage) -> [JSONValue]
}

extension TableSource {
    /// Typed rows as a table, titled in `language`; walked (and their query
    /// run) each time the table is written.
    public init<Row: TablePresentable>(_ rows: QueryRows<Row>, language: ReportLanguage = .english) {
        self.init(columns: Row.columns(language)) { body in try rows.forEach { try body($0.cells(language)) } }
    }

    /// Typed rows held in memory, as a table.
    public init<Row: TablePresentable>(_ rows: [Row], language: ReportLanguage = .english) {
        self.init(QueryRows(rows), language: language)
    }
}

extension Listing {
    /// Typed rows as an in-memory table, titled in `language`.
    public init<Row: TablePresentable>(_ rows: [Row], language: ReportLanguage = .english) {
        self.init(columns: Row.columns(language), rows: rows.map { $0.cells(language) })
    }
}
