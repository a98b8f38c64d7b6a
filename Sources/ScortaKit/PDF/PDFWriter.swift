import Foundation

/// The one PDF serializer (PDF 1.4, no compression, no embedded fonts). Pages are written
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
/// (page, content) pair per page as it comes; at the end the page-total form and the fonts.
/// Fonts go at the end because which ones are used is only known then; every page points
/// to the one resource dictionary, written last.
public final class PDFWriter {
    public let title: String?
    public let creationDate: String?
    public private(set) var pageCount = 0
    private var buffer: [UInt8] = []
    /// Bytes already handed to the file.
    private var flushed = 0
    private var offsets: [Int: Int] = [:]
    private var nextObject = 5
    private var pageObjects: [Int] = []
    private var fontsUsed: Set<PDFFont> = []
    /// The font of the page total (`PDFPage.pageTotal`), from the first page that draws it.
    private var totalFont: PDFFont?
    private let file: (handle: FileHandle, temporary: String, path: String)?
    /// The first write error; drawing code does not throw, `finish` reports it.
    private var failure: Error?
    private var finished = false

    /// A document kept in memory (`finishedBytes`).
    public init(title: String? = nil, creationDate: String? = nil) {
        self.title = title
        self.creationDate = creationDate
        file = nil
        start()
    }

    /// A document written to `path` through a temporary file in the same folder.
    public init(path: String, title: String? = nil, creationDate: String? = nil) throws {
        self.title = title
        self.creationDate = creationDate
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).part").path
        guard FileManager.default.createFile(atPath: temporary, contents: nil), let handle = FileHandle(forWritingAtPath: temporary) else {
            throw ScortaError.invalid("cannot write '\(path)': cannot create a file in its folder")
        }
        file = (handle, temporary, path)
        start()
    }

    deinit {
        // Never finished (an error on the way): leave nothing behind.
        if let file, !finished {
            try? file.handle.close()
            try? FileManager.default.removeItem(atPath: file.temporary)
        }
    }

    private func start() {
        // %âãÏÓ marks the file as binary for transfer programs.
        buffer += [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A]
    }

    // MARK: - Pages

    /// Writes the page now; nothing of it is kept.
    public func add(_ page: PDFPage) {
        precondition(!finished, "page added after finish")
        fontsUsed.formUnion(page.fontsUsed)
        if totalFont == nil { totalFont = page.totalFont }
        let pageNumber = nextObject, contentNumber = nextObject + 1
        nextObject += 2
        pageObjects.append(pageNumber)
        pageCount += 1
        object(pageNumber) { out in
            out.append(ascii: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ")
            PDFNumbers.append(page.width, to: &out); out.append(0x20)
            PDFNumbers.append(page.height, to: &out)
            out.append("] /Resources 4 0 R /Contents \(contentNumber) 0 R >>")
        }
        object(contentNumber) { out in
            out.append("<< /Length \(page.content.count) >>\nstream\n")
            out += page.content
            out.append(ascii: "\nendstream")
        }
        if buffer.count >= 1 << 16 { flush() }
    }

    // MARK: - Finishing

    /// Writes the page total, fonts, page tree and cross-reference table; a file is closed
    /// and renamed into place.
    public func finish() throws {
        precondition(!finished, "finished twice")
        writeTrailer()
        flush()
        finished = true
        guard let file else { return }
        do {
            if let failure { throw failure }
            try file.handle.close()
            // rename(2) replaces an older file in one step: readers see the old PDF or the new one.
            guard rename(file.temporary, file.path) == 0 else {
                throw ScortaError.invalid("cannot write '\(file.path)': \(String(cString: strerror(errno)))")
            }
        } catch let error as ScortaError {
            try? file.handle.close()
            try? FileManager.default.removeItem(atPath: file.temporary)
            throw error
        } catch {
            try? file.handle.close()
            try? FileManager.default.removeItem(atPath: file.temporary)
            throw ScortaError.invalid("cannot write '\(file.path)': \(error.localizedDescription)")
        }
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
            fontNumbers.append((font, nextObject)); nextObject += 1
        }
        var xobjects = ""
        if let totalFont {
            // "pagina 3 di" is on each page; the total is this one form, written once the
            // count is known. Drawn at size 1 and scaled by the page, so one form fits any size.
            let digits = Array(String(pageCount).utf8)
            let number = nextObject; nextObject += 1
            xobjects = " /XObject << /Tot \(number) 0 R >>"
            var content: [UInt8] = Array("BT /\(totalFont.resourceName) 1 Tf 0 0 Td (".utf8) + digits
            content.append(ascii: ") Tj ET")
            object(number) { out in
                out.append(ascii: "<< /Type /XObject /Subtype /Form /BBox [0 -0.25 ")
                PDFNumbers.append(totalFont.width(bytes: digits, size: 1), to: &out)
                let font = fontNumbers.first { $0.0 == totalFont }!.1
                out.append(" 1] /Resources << /Font << /\(totalFont.resourceName) \(font) 0 R >> >> /Length \(content.count) >>\nstream\n")
                out += content
                out.append(ascii: "\nendstream")
            }
        }
        for (font, number) in fontNumbers {
            object(number) { $0.append("<< /Type /Font /Subtype /Type1 /BaseFont /\(font.baseFont) /Encoding /WinAnsiEncoding >>") }
        }
        object(4) { out in
            let fonts = fontNumbers.map { "/\($0.0.resourceName) \($0.1) 0 R" }.joined(separator: " ")
            out.append("<< /Font << \(fonts) >>\(xobjects) >>")
        }
        object(2) { out in
            out.append("<< /Type /Pages /Count \(pageCount) /Kids [")
            for (index, number) in pageObjects.enumerated() { out.append(index == 0 ? "\(number) 0 R" : " \(number) 0 R") }
            out.append(ascii: "] >>")
        }
        object(1) { $0.append(ascii: "<< /Type /Catalog /Pages 2 0 R >>") }
        object(3) { out in
            out.append(ascii: "<< /Producer (Scorta)")
            if let title { out.append(ascii: " /Title "); out += PDFWriter.textString(title) }
            if let creationDate { out.append(" /CreationDate (\(creationDate))") }
            out.append(ascii: " >>")
        }
        let xref = flushed + buffer.count
        let size = nextObject
        buffer.append("xref\n0 \(size)\n0000000000 65535 f \n")
        for number in 1..<size {
            let digits = String(offsets[number]!)
            buffer.append(String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n")
        }
        buffer.append("trailer\n<< /Size \(size) /Root 1 0 R /Info 3 0 R >>\nstartxref\n\(xref)\n%%EOF\n")
    }

    private func object(_ number: Int, _ body: (inout [UInt8]) -> Void) {
        offsets[number] = flushed + buffer.count
        buffer.append("\(number) 0 obj\n")
        body(&buffer)
        buffer.append(ascii: "\nendobj\n")
    }

    /// Hands the buffer to the file (a document in memory keeps it).
    private func flush() {
        guard let file, failure == nil else { return }
        do {
            try file.handle.write(contentsOf: buffer)
        } catch {
            failure = error
        }
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    /// A text string for the document information: WinAnsi-compatible PDFDocEncoding for
    /// plain Latin text, with ( ) \ escaped.
    static func textString(_ text: String) -> [UInt8] {
        var out: [UInt8] = [0x28]
        for byte in WinAnsi.encode(text) {
            if byte == 0x28 || byte == 0x29 || byte == 0x5C { out.append(0x5C) }
            out.append(byte)
        }
        out.append(0x29)
        return out
    }
}
