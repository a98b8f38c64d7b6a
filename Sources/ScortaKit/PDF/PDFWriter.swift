import Foundation

/// The one PDF serializer, writing PDF/A-1b (ISO 19005-1, level B): fonts embedded as
/// subsets (`PDFWriter+Fonts`), content and fonts Flate-compressed, XMP metadata equal to
/// the document information, an sRGB output intent and a document ID. Pages are written
/// as they are added and dropped from memory, so a report of 5,000 pages needs no more
/// memory than one of 5: only object offsets and page object numbers are kept for the
/// cross-reference table at the end. The output is a file (through a temporary file renamed
/// into place by `finish`, so an error never leaves a half-written PDF) or, for small
/// documents and tests, bytes in memory. Same pages in, same bytes out.
///
///     let writer = try PDFWriter(path: "registro.pdf", title: "Registro")
///     writer.add(page)                 // written now
///     try writer.finish()              // fonts, page tree, xref; then renamed
///
/// Object numbers: 1 catalogue, 2 page tree, 3 information, 4 shared resources; then a
/// (page, content) pair per page as it comes; at the end the page-total form, the fonts,
/// the metadata and the output intent. Fonts go at the end because which glyphs are used
/// is only known then; every page points to the one resource dictionary, written last.
public final class PDFWriter {
    public let title: String?
    public let creationDate: String?
    public private(set) var pageCount = 0
    private var buffer: [UInt8] = []
    /// Bytes already handed to the file.
    private var flushed = 0
    private var offsets: [Int: Int] = [:]
    var nextObject = 5
    private var pageObjects: [Int] = []
    private var fontsUsed: Set<PDFFont> = []
    /// The size of the first page, which the page tree passes on to every page.
    private var pageSize: (width: Double, height: Double)?
    /// Glyphs drawn per font (`PDFFont.rawValue`) across all pages.
    private var glyphsUsed = [GlyphSet](repeating: GlyphSet(), count: PDFFont.allCases.count)
    /// Of every byte written, for the document ID.
    private var digest = ContentDigest()
    /// The font of the page total (`PDFPage.pageTotal`), from the first page that draws it.
    private var totalFont: PDFFont?
    private let file: (handle: FileHandle, temporary: String, output: OutputFile)?
    /// The first write error; drawing code does not throw, `finish` reports it.
    private var failure: Error?
    /// The first text a font could not draw (`PDFPage.failure`), reported by `finish`.
    private var textFailure: ScortaError?
    private var finished = false
    /// Pages written so far, a sign of life for a register of thousands of pages.
    private let meter: ProgressMeter?

    /// A document kept in memory (`finishedBytes`).
    public init(title: String? = nil, creationDate: String? = nil) {
        self.title = title
        self.creationDate = creationDate
        file = nil
        meter = nil
        start()
    }

    /// A document written to `path` through a temporary file in the same folder; an
    /// existing file is never replaced (see `OutputFile`).
    public convenience init(path: String, title: String? = nil, creationDate: String? = nil) throws {
        try self.init(file: OutputFile(path), title: title, creationDate: creationDate)
    }

    /// A document written to `file` through its temporary file (`OutputFile`: no
    /// clobbering, mode 0600 for household codes, removed if anything fails).
    public init(file output: OutputFile, title: String? = nil, creationDate: String? = nil) throws {
        self.title = title
        self.creationDate = creationDate
        let temporary = try output.createTemporary()
        file = (temporary.handle, temporary.path, output)
        meter = SignsOfLife.begin(URL(fileURLWithPath: output.path).lastPathComponent, unit: "pages")
        start()
    }

    deinit {
        meter?.end()
        // Never finished (an error on the way): leave nothing behind.
        if let file, !finished {
            try? file.handle.close()
            file.output.discard(file.temporary)
        }
    }

    private func start() {
        // %âãÏÓ marks the file as binary for transfer programs.
        buffer += [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
    }

    /// How many pages the document will have, when the caller knows (a sheet of labels).
    public var expectedPages: Int? {
        get { meter?.total }
        set { meter?.total = newValue }
    }

    // MARK: - Pages

    /// Writes the page now; nothing of it is kept.
    public func add(_ page: PDFPage) {
        precondition(!finished, "page added after finish")
        fontsUsed.formUnion(page.fontsUsed)
        for font in PDFFont.allCases { glyphsUsed[font.rawValue].formUnion(page.glyphsUsed[font.rawValue]) }
        if textFailure == nil { textFailure = page.failure }
        if totalFont == nil { totalFont = page.totalFont }
        let pageNumber = nextObject
        let contentNumber = nextObject + 1
        nextObject += 2
        pageObjects.append(pageNumber)
        pageCount += 1
        meter?.advance()
        if pageSize == nil { pageSize = (page.width, page.height) }
        object(pageNumber) { out in
            // Size and resources are inherited from the page tree; only a page of another
            // size than the first names its own (a few per cent of a sheet of labels).
            out.append(ascii: "<< /Type /Page /Parent 2 0 R ")
            if let first = pageSize, first != (page.width, page.height) {
                out += PDFWriter.mediaBox(page.width, page.height)
            }
            out.append("/Contents \(contentNumber) 0 R >>")
        }
        stream(contentNumber, page.stream)
        if buffer.count >= 1 << 16 { flush() }
    }

    // MARK: - Finishing

    /// Writes the page total, fonts, page tree and cross-reference table; a file is closed
    /// and renamed into place.
    public func finish() throws {
        precondition(!finished, "finished twice")
        meter?.end()
        writeTrailer()
        flush()
        finished = true
        guard let file else {
            if let textFailure { throw textFailure }
            return
        }
        if let textFailure {
            // A text the fonts cannot draw is the user's data, not a write error: said as it is.
            try? file.handle.close()
            file.output.discard(file.temporary)
            throw textFailure
        }
        do {
            if let failure { throw failure }
            try file.handle.close()
        } catch {
            file.output.discard(file.temporary)
            throw ScortaError.invalid("cannot write '\(file.output.path)': \(error.localizedDescription)")
        }
        // Checked again and renamed into place in one step: readers see no half-written PDF.
        try file.output.commit(file.temporary)
    }

    /// The whole file of an in-memory document, after `finish`.
    public var bytes: [UInt8] {
        precondition(finished && file == nil, "bytes of an unfinished or file document")
        return buffer
    }

    private func writeTrailer() {
        var fontNumbers: [(PDFFont, Int)] = []
        var fonts = fontsUsed
        if let totalFont { fonts.insert(totalFont) }
        for font in PDFFont.allCases where fonts.contains(font) {
            fontNumbers.append((font, nextObject))
            nextObject += 1
        }
        var xobjects = ""
        if let totalFont {
            // "pagina 3 di" is on each page; the total is this one form, written once the
            // count is known. Drawn at size 1 and scaled by the page, so one form fits any size.
            let digits = totalFont.shape(String(pageCount))
            glyphsUsed[totalFont.rawValue].insert(digits.glyphs)
            let number = nextObject
            nextObject += 1
            xobjects = " /XObject << /Tot \(number) 0 R >>"
            var content: [UInt8] = Array("BT /\(totalFont.resourceName) 1 Tf 0 0 Td ".utf8)
            PDFPage.appendCodes(digits, to: &content)
            content.append(ascii: " Tj ET")
            var bbox: [UInt8] = []
            PDFNumbers.append(totalFont.width(digits, size: 1), to: &bbox)
            let font = fontNumbers.first { $0.0 == totalFont }!.1
            stream(
                number, content,
                dictionary: "/Type /XObject /Subtype /Form /BBox [0 -0.25 \(String(decoding: bbox, as: UTF8.self)) 1] "
                    + "/Resources << /Font << /\(totalFont.resourceName) \(font) 0 R >> >>")
        }
        for (font, number) in fontNumbers {
            embed(font, glyphs: glyphsUsed[font.rawValue].glyphs, as: number)
        }
        let metadata = nextObject
        let outputIntent = nextObject + 1
        nextObject += 2
        writeMetadata(metadata)
        writeOutputIntent(outputIntent)
        object(4) { out in
            let fonts = fontNumbers.map { "/\($0.0.resourceName) \($0.1) 0 R" }.joined(separator: " ")
            out.append("<< /Font << \(fonts) >>\(xobjects) >>")
        }
        object(2) { out in
            let size = pageSize ?? PDFPageSize.a4
            out.append(ascii: "<< /Type /Pages ")
            out += PDFWriter.mediaBox(size.width, size.height)
            out.append("/Resources 4 0 R /Count \(pageCount) /Kids [")
            for (index, number) in pageObjects.enumerated() {
                out.append(index == 0 ? "\(number) 0 R" : " \(number) 0 R")
            }
            out.append(ascii: "] >>")
        }
        object(1) {
            $0.append(
                "<< /Type /Catalog /Pages 2 0 R /Metadata \(metadata) 0 R /OutputIntents [\(outputIntent) 0 R] >>")
        }
        object(3) { out in
            out.append(ascii: "<< /Producer ")
            out += PDFWriter.textString(PDFWriter.producer)
            if let title {
                out.append(ascii: " /Title ")
                out += PDFWriter.textString(title)
            }
            if let creationDate { out.append(" /CreationDate (\(creationDate)) /ModDate (\(creationDate))") }
            out.append(ascii: " >>")
        }
        let xref = flushed + buffer.count
        let size = nextObject
        buffer.append("xref\n0 \(size)\n0000000000 65535 f \n")
        for number in 1..<size {
            buffer.append(offsets[number]!.zeroPadded(10) + " 00000 n \n")
        }
        // The ID is a digest of everything before it: the same document gives the same ID,
        // a different one (almost surely) another.
        digest.update(buffer)
        let id = digest.hex
        buffer.append(
            "trailer\n<< /Size \(size) /Root 1 0 R /Info 3 0 R /ID [<\(id)> <\(id)>] >>\nstartxref\n\(xref)\n%%EOF\n")
    }

    func object(_ number: Int, _ body: (inout [UInt8]) -> Void) {
        offsets[number] = flushed + buffer.count
        buffer.append("\(number) 0 obj\n")
        body(&buffer)
        buffer.append(ascii: "\nendobj\n")
    }

    /// A stream object, Flate-compressed when zlib is there (`Flate`); `dictionary` holds
    /// the entries besides /Length and /Filter.
    func stream(_ number: Int, _ data: [UInt8], dictionary: String = "", compress: Bool = true) {
        let packed = compress ? Flate.compress(data) : nil
        object(number) { out in
            out.append(ascii: "<< ")
            if !dictionary.isEmpty {
                out.append(dictionary)
                out.append(0x20)
            }
            if packed != nil { out.append(ascii: "/Filter /FlateDecode ") }
            out.append("/Length \(packed?.count ?? data.count) >>\nstream\n")
            out += packed ?? data
            out.append(ascii: "\nendstream")
        }
    }

    /// Hands the buffer to the file (a document in memory keeps it).
    private func flush() {
        guard let file, failure == nil else { return }
        digest.update(buffer)
        do {
            try file.handle.write(contentsOf: buffer)
        } catch {
            failure = error
        }
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    static func mediaBox(_ width: Double, _ height: Double) -> [UInt8] {
        var out: [UInt8] = Array("/MediaBox [0 0 ".utf8)
        PDFNumbers.append(width, to: &out)
        out.append(0x20)
        PDFNumbers.append(height, to: &out)
        out.append(ascii: "] ")
        return out
    }

    /// The producer named in the information dictionary and the XMP metadata alike.
    static let producer = "Scorta"

    /// A text string for the document information: printable ASCII as it is, with ( ) \
    /// escaped; anything else as UTF-16BE with a byte-order mark (PDFDocEncoding differs
    /// from Latin-1 and WinAnsi above 0x7F, UTF-16 is exact for every title).
    static func textString(_ text: String) -> [UInt8] {
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            var out: [UInt8] = [0x28]
            for byte in text.utf8 {
                if byte == 0x28 || byte == 0x29 || byte == 0x5C { out.append(0x5C) }
                out.append(byte)
            }
            out.append(0x29)
            return out
        }
        var out: [UInt8] = Array("<FEFF".utf8)
        for unit in text.utf16 { out += Array(String(format: "%04X", unit).utf8) }
        out.append(0x3E)
        return out
    }
}
