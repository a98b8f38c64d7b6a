/// A printable report: a title, header lines, tables and closing notes. Every
/// report (indicators, registers) builds one, and the same value is written
/// as text, CSV, JSON or PDF, so the formats never disagree.
public struct ReportDocument {
    public struct Section {
        public let key: String
        public let title: String
        public var source: TableSource
        /// Relative column widths for the PDF (nil: equal widths).
        public var widths: [Double]?
    }

    public struct Note: Sendable {
        public let title: String
        public let lines: [String]
    }

    public var title: String
    public var header: [String]
    public var sections: [Section] = []
    public var notes: [Note] = []
    /// The co-funding statement, printed beside the EU emblem under the header of the PDF.
    public var fundingStatement: String?
    /// Wide tables print on landscape pages.
    public var landscape = false
    /// Rows name households by code (registers): a PDF of it is readable by its owner only.
    public var householdCodes = false
    public var language: ReportLanguage

    /// Closes undone by an admin that had covered part of the period: this
    /// report may differ from one printed while the period was closed.
    public var reopened: [Ledger.PeriodReopen] = []

    public init(title: String, header: [String], language: ReportLanguage) {
        self.title = title
        self.header = header
        self.language = language
    }

    /// Says, in a header line each (and a JSON field), that the period was reopened after being closed.
    public mutating func markReopened(_ reopens: [Ledger.PeriodReopen]) {
        reopened += reopens
        for reopen in reopens {
            let day = String(reopen.reopenedAt.prefix(10))
            let start = reopen.from == CivilDate(year: 1, month: 1, day: 1)! ? nil : reopen.from
            header.append(
                language.pick(
                    "Attenzione: le date \(start.map { "dal \($0) " } ?? "")al \(reopen.until) erano chiuse e sono state riaperte il \(day) da \(reopen.operatorName) "
                        + "(motivo: \(reopen.reason)); questo documento può differire da uno stampato prima.",
                    "Note: the dates \(start.map { "from \($0) " } ?? "")up to \(reopen.until) had been closed and were reopened on \(day) by \(reopen.operatorName) "
                        + "(reason: \(reopen.reason)); this report may differ from one printed before."))
        }
    }

    public mutating func add(_ key: String, _ title: String, _ table: Listing, widths: [Double]? = nil) {
        sections.append(Section(key: key, title: title, source: TableSource(table), widths: widths))
    }

    public mutating func add(_ key: String, _ title: String, _ source: TableSource, widths: [Double]? = nil) {
        sections.append(Section(key: key, title: title, source: source, widths: widths))
    }

    public mutating func note(_ title: String, _ lines: [String]) {
        guard !lines.isEmpty else { return }
        notes.append(Note(title: title, lines: lines))
    }

    public func section(_ key: String) -> Section? { sections.first { $0.key == key } }

    // MARK: - Text, CSV, JSON (streamed)

    /// Aligned text tables; each table is walked twice (widths, then rows).
    public func writeText(to out: TextOutput) throws {
        try out.write(
            title + "\n" + header.flatMap { TableSource.wrap($0, width: 100) }.map { $0 + "\n" }.joined() + "\n")
        for section in sections {
            try out.write(section.title + "\n\n")
            // Text reports fit 100 columns (long indicator wording wraps) and print 13,50 in Italian, as the PDF does.
            if try section.source.writeText(to: out, decimalComma: language == .italian, maxWidth: 100) == 0 {
                try out.write(language.pick("(nessun dato)", "(no data)") + "\n")
            }
            try out.write("\n")
        }
        for note in notes {
            let lines = note.lines.flatMap { TableSource.wrap($0, width: 98) }
            try out.write(note.title + "\n" + lines.map { "  " + $0 + "\n" }.joined() + "\n")
        }
    }

    /// A single-table report is a plain CSV file; otherwise each table comes
    /// after a line holding its title, with a blank line between tables.
    /// For Italian spreadsheets (`italian`): a byte-order mark, `;`, decimal
    /// comma and the column titles in the report's language.
    public func writeCSV(to out: TextOutput, italian: Bool) throws {
        let separator: Character = italian ? ";" : ","
        if italian { try out.write("\u{FEFF}") }
        for (index, section) in sections.enumerated() {
            if sections.count > 1 {
                try out.write((index > 0 ? "\r\n" : "") + CSV.line([section.title], separator: separator))
            }
            try section.source.writeCSV(to: out, italian: italian, titles: italian)
        }
    }

    /// JSON with money in integer cents and weights in grams.
    public func writeJSON(to out: TextOutput) throws {
        func string(_ text: String) -> String { JSONValue.string(text).serialized(pretty: false) }
        try out.write(
            "{\n  \"title\": \(string(title)),\n  \"header\": \(JSONValue.array(header.map { .string($0) }).serialized(pretty: false)),\n"
        )
        if !reopened.isEmpty {
            let records = JSONValue.array(
                reopened.map {
                    .object([
                        ("from", .string($0.from.description)), ("until", .string($0.until.description)),
                        ("reopened_at", .string($0.reopenedAt)),
                        ("operator", .string($0.operatorName)), ("reason", .string($0.reason))
                    ])
                })
            try out.write("  \"reopened\": \(records.serialized(pretty: false)),\n")
        }
        try out.write("  \"sections\": [")
        for (index, section) in sections.enumerated() {
            try out.write(
                (index > 0 ? "," : "")
                    + "\n    {\"key\": \(string(section.key)), \"title\": \(string(section.title)), \"rows\": [")
            var first = true
            try section.source.walk { row in
                let object = JSONValue.object(zip(section.source.columns, row).map { ($0.key, $1) })
                try out.write((first ? "\n      " : ",\n      ") + object.serialized(pretty: false))
                first = false
            }
            try out.write(first ? "]}" : "\n    ]}")
        }
        let notesJSON = JSONValue.array(
            notes.map { .object([("title", .string($0.title)), ("lines", .array($0.lines.map { .string($0) }))]) })
        try out.write("\n  ],\n  \"notes\": \(notesJSON.serialized(pretty: false))\n}\n")
    }
}
