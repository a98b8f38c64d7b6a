import Foundation

/// A small PDF file kept whole in memory, page by page (label sheets, tests), serialized
/// by the one `PDFWriter`. Long documents (reports) stream through `PDFWriter` instead.
/// The same pages always give the same bytes: there is no timestamp or random file
/// identifier unless one is given.
///
///     var document = PDFDocument(title: "Etichette")
///     document.add(page)
///     try document.write(to: "labels.pdf")        // temporary file, renamed on success
public struct PDFDocument: Sendable {
    public var title: String?
    /// PDF date string, e.g. "D:20260301120000Z"; left out unless given, for reproducible bytes.
    public var creationDate: String?
    public private(set) var pages: [PDFPage] = []

    public init(title: String? = nil, creationDate: String? = nil) {
        self.title = title
        self.creationDate = creationDate
    }

    public mutating func add(_ page: PDFPage) { pages.append(page) }

    public var pageCount: Int { pages.count }

    /// The complete file; throws when a text has a character the fonts cannot draw.
    public func bytes() throws -> [UInt8] {
        let writer = PDFWriter(title: title, creationDate: creationDate)
        for page in pages { writer.add(page) }
        try writer.finish()
        return writer.bytes
    }

    /// Writes the file through a temporary file renamed into place, so a failure never
    /// leaves a half-written PDF where the user expects one.
    public func write(to path: String) throws {
        try write(to: OutputFile(path))
    }

    /// The same, through `OutputFile`'s rules (no clobbering, 0600 for household codes).
    public func write(to file: OutputFile) throws {
        let writer = try PDFWriter(file: file, title: title, creationDate: creationDate)
        for page in pages { writer.add(page) }
        try writer.finish()
    }
}
