/// How a report is written: as a text table (default), CSV, JSON or a PDF file.
public enum ReportFormat: Sendable, Equatable {
    case text
    case csv(italian: Bool)
    case json
    case pdf(OutputFile)
}

extension ReportDocument {
    /// Writes the report in `format`; a PDF goes to its file, the rest to `out`.
    public func write(_ format: ReportFormat, to out: TextOutput, organisation: Organisation) throws {
        switch format {
        case .text: try writeText(to: out)
        case .csv(let italian): try writeCSV(to: out, italian: italian)
        case .json: try writeJSON(to: out)
        case .pdf(let file):
            let pages = try PDFReportWriter.render(self, organisation: organisation.name, to: file)
            try out.write(language.pick("Scritto", "Wrote") + " \(file.path) (\(language.pages(pages)))\n")
        }
        try out.finish()
    }
}
