/// A print job: contents laid out on a template and written as one PDF, or nothing at all.
public struct LabelJob: Sendable {
    public let kind: LabelKind
    public let contents: [LabelContent]
    public let template: LabelTemplate
    public let options: LabelSheet.Options

    public init(kind: LabelKind, contents: [LabelContent], template: LabelTemplate, options: LabelSheet.Options = .init()) {
        self.kind = kind; self.contents = contents; self.template = template; self.options = options
    }

    public struct Summary: Sendable { public let labels: Int; public let pages: Int; public let path: String }

    /// Where the PDF goes when `-o` is not given.
    public static func defaultOutput(_ kind: LabelKind) -> String { "labels-\(kind.rawValue).pdf" }

    /// Renders everything first (so a bad SKU, character or size stops the job before any
    /// file exists), then writes the file through a temporary name.
    public func write(to path: String) throws -> Summary {
        try write(to: OutputFile(path))
    }

    /// The same through `OutputFile`'s rules; card sheets carry household codes (0600).
    public func write(to file: OutputFile) throws -> Summary {
        try file.check()
        let title = "Scorta: \(kind.rawValue) labels (\(template.name))"
        let (document, placements) = try LabelSheet(template: template, kind: kind).render(contents, options: options, title: title)
        try document.write(to: file.carrying(householdCodes: kind == .card))
        return Summary(labels: placements.count, pages: document.pageCount, path: file.path)
    }
}

/// `scorta labels bench`: how long laying out and serializing many item labels takes.
public enum LabelBench {
    public struct Result: Sendable { public let labels: Int; public let pages: Int; public let bytes: Int; public let seconds: Double }

    /// Item labels for made-up SKUs, half with a GTIN (EAN-13) and half without (Code 128).
    public static func run(labels count: Int, template: LabelTemplate) throws -> Result {
        var contents: [LabelContent] = []
        contents.reserveCapacity(count)
        for index in 0..<count {
            let number = String(100_000 + index)
            let twelve = "800" + String(100_000_000 + index).suffix(9)
            contents.append(.item(sku: "BENCH-\(number)", name: "Articolo di prova n. \(index) — confezione da 250 g",
                                  gtin: index % 2 == 0 ? twelve + String(GTIN.checkDigit(twelve)) : nil))
        }
        let clock = ContinuousClock()
        var result: Result?
        let elapsed = try clock.measure {
            let (document, placements) = try LabelSheet(template: template, kind: .item).render(contents)
            let bytes = try document.bytes()
            result = Result(labels: placements.count, pages: document.pageCount, bytes: bytes.count, seconds: 0)
        }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(labels: result!.labels, pages: result!.pages, bytes: result!.bytes, seconds: seconds)
    }
}
