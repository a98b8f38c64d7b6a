/// How output is written: a text table (default), CSV (`italian`: `;`,
/// decimal comma, byte-order mark), JSON, or a PDF file. List commands and
/// reports take the same formats; a list has no PDF form.
public enum OutputFormat: Sendable, Equatable {
    case text
    case csv(italian: Bool)
    case json
    case pdf(OutputFile)

    /// How the audit log names the format: nil on screen, else the file type.
    public var auditName: String? {
        switch self {
        case .text: return nil
        case .csv: return "csv"
        case .json: return "json"
        case .pdf: return "pdf"
        }
    }
}

/// Something a command prints (a list, a report, one document), able to
/// write itself in each format. `Presentation.write` is the one place that
/// picks the writer for a format.
public protocol Presentable {
    func writeText(to out: TextOutput) throws
    func writeCSV(to out: TextOutput, italian: Bool) throws
    func writeJSON(to out: TextOutput) throws
    /// Writes the PDF file; returns the line that tells where it went.
    func writePDF(to file: OutputFile, organisation: Organisation) throws -> String
}

extension Presentable {
    public func writeCSV(to out: TextOutput, italian: Bool) throws {
        throw ScortaError.invalid("this output has no CSV form; use text or --json")
    }

    public func writePDF(to file: OutputFile, organisation: Organisation) throws -> String {
        throw ScortaError.invalid("this output has no PDF form; use text, --csv or --json")
    }
}

/// The one output dispatcher of list commands and reports.
///
///     try Presentation.write(ListOutput(try ledger.stock(), empty: "(no stock)"), as: .csv(italian: true), to: out, in: db)
public enum Presentation {
    /// Writes `value` in `format`: a PDF to its file (and a line saying so to
    /// `out`), the rest to `out`, flushed at the end. With `db`, in one read
    /// transaction, so the walks of a streamed table (widths, then rows) see
    /// the same rows however many there are.
    public static func write(
        _ value: some Presentable, as format: OutputFormat, to out: TextOutput,
        organisation: Organisation = Organisation(settings: [:]), in db: Database? = nil
    ) throws {
        func write() throws {
            switch format {
            case .text: try value.writeText(to: out)
            case .csv(let italian): try value.writeCSV(to: out, italian: italian)
            case .json: try value.writeJSON(to: out)
            case .pdf(let file): try out.write(try value.writePDF(to: file, organisation: organisation) + "\n")
            }
            try out.finish()
        }
        if let db { try db.inTransaction(.deferred, write) } else { try write() }
    }

    /// Typed rows as a list.
    public static func write<Row: TablePresentable>(
        _ rows: QueryRows<Row>, empty: String, as format: OutputFormat,
        to out: TextOutput, in db: Database? = nil
    ) throws {
        try write(ListOutput(TableSource(rows), empty: empty), as: format, to: out, in: db)
    }

    /// Typed rows held in memory, as a list.
    public static func write<Row: TablePresentable>(
        _ rows: [Row], empty: String, as format: OutputFormat, to out: TextOutput
    ) throws {
        try write(ListOutput(TableSource(rows), empty: empty), as: format, to: out)
    }
}

/// A list command's output: a table, or one line saying it is empty (text only:
/// an empty CSV keeps its header, an empty JSON list is `[]`).
public struct ListOutput: Presentable {
    public let table: TableSource
    public let empty: String

    public init(_ table: TableSource, empty: String = "(nothing)") {
        self.table = table
        self.empty = empty
    }

    public init(_ listing: Listing, empty: String = "(nothing)") {
        self.init(TableSource(listing), empty: empty)
    }

    public func writeText(to out: TextOutput) throws {
        if try table.writeText(to: out) == 0 { try out.write(empty + "\n") }
    }

    public func writeCSV(to out: TextOutput, italian: Bool) throws {
        try table.writeCSV(to: out, italian: italian, byteOrderMark: italian)
    }

    public func writeJSON(to out: TextOutput) throws {
        try table.writeJSON(to: out)
    }
}

extension ReportDocument: Presentable {
    public func writePDF(to file: OutputFile, organisation: Organisation) throws -> String {
        let pages = try PDFReportWriter.render(self, organisation: organisation.name, to: file)
        return language.pick("Scritto", "Wrote") + " \(file.path) (\(language.pages(pages)))"
    }
}
