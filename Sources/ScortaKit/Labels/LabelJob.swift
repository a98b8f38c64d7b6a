import Foundation

/// A print job: contents laid out on a template and written as one PDF, or nothing at all.
public struct LabelJob: Sendable {
    public let kind: LabelKind
    public let contents: [LabelContent]
    public let template: LabelTemplate
    public let options: LabelSheet.Options

    public init(
        kind: LabelKind, contents: [LabelContent], template: LabelTemplate, options: LabelSheet.Options = .init()
    ) {
        self.kind = kind
        self.contents = contents
        self.template = template
        self.options = options
    }

    public struct Summary: Sendable {
        public let labels: Int
        public let pages: Int
        public let path: String
    }

    /// Where the PDF goes when `-o` is not given.
    public static func defaultOutput(_ kind: LabelKind) -> String { "labels-\(kind.rawValue).pdf" }

    /// Checks every label first (so a bad SKU, character or size stops the job before any
    /// file exists), then streams the pages into the file through a temporary name, so memory
    /// stays flat with the number of labels.
    public func write(to path: String) throws -> Summary {
        try write(to: OutputFile(path))
    }

    /// The same through `OutputFile`'s rules; card sheets carry household codes (0600).
    public func write(to file: OutputFile) throws -> Summary {
        try file.check()
        let title = "Scorta: \(kind.rawValue) labels (\(template.name))"
        let sheet = LabelSheet(template: template, kind: kind)
        let plan = try sheet.plan(contents, options: options)
        let writer = try PDFWriter(file: file.carrying(householdCodes: kind == .card), title: title)
        let labels = contents.count * options.copies
        let perPage = template.labelsPerPage
        writer.expectedPages = (options.start - 1 + labels + perPage - 1) / perPage
        let counts = try sheet.layOut(contents, plan: plan, options: options, emit: writer.add)
        try writer.finish()
        return Summary(labels: counts.labels, pages: counts.pages, path: file.path)
    }
}

/// `scorta labels bench`: how long laying out and serializing many item labels takes.
public enum LabelBench {
    public struct Result: Sendable {
        public let labels: Int
        public let pages: Int
        public let bytes: Int
        public let seconds: Double
    }

    /// Item labels for made-up SKUs, half with a GTIN (EAN-13) and half without (Code 128).
    public static func run(labels count: Int, template: LabelTemplate) throws -> Result {
        var contents: [LabelContent] = []
        contents.reserveCapacity(count)
        for index in 0..<count {
            let number = String(100_000 + index)
            let twelve = "800" + String(100_000_000 + index).suffix(9)
            contents.append(
                .item(
                    sku: "BENCH-\(number)", name: "Articolo di prova n. \(index) — confezione da 250 g",
                    gtin: index % 2 == 0 ? twelve + String(GTIN.checkDigit(twelve)) : nil))
        }
        // Written to a file as a user's job is, so the figure includes the streaming.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("scorta-label-bench-\(getpid()).pdf")
            .path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let clock = ContinuousClock()
        var result: Result?
        let elapsed = try clock.measure {
            let summary = try LabelJob(kind: .item, contents: contents, template: template).write(to: path)
            result = Result(labels: summary.labels, pages: summary.pages, bytes: 0, seconds: 0)
        }
        let bytes = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Result(labels: result!.labels, pages: result!.pages, bytes: bytes, seconds: seconds)
    }
}
