import Foundation

/// A PDF file built page by page and serialized by hand (PDF 1.4, no compression, no
/// embedded fonts). The same pages always give the same bytes: there is no timestamp or
/// random file identifier unless one is given.
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

    // MARK: - Serializing

    /// The complete file.
    public func bytes() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(pages.reduce(2048) { $0 + $1.content.count + 256 })
        var offsets: [Int] = []
        func object(_ body: (inout [UInt8]) -> Void) {
            offsets.append(out.count)
            out.append("\(offsets.count) 0 obj\n")
            body(&out)
            out.append(ascii: "\nendobj\n")
        }
        // %âãÏÓ marks the file as binary for transfer programs.
        out.append(contentsOf: [0x25, 0x50, 0x44, 0x46, 0x2D, 0x31, 0x2E, 0x34, 0x0A, 0x25, 0xE2, 0xE3, 0xCF, 0xD3, 0x0A])

        let fonts = PDFFont.allCases.filter { font in pages.contains { $0.fontsUsed.contains(font) } }
        // Object numbers: 1 catalogue, 2 page tree, 3 info, then fonts, then (page, content) pairs.
        let firstFont = 4
        let firstPage = firstFont + fonts.count
        let fontResources = fonts.enumerated().map { "/\($1.resourceName) \(firstFont + $0) 0 R" }.joined(separator: " ")

        object { $0.append(ascii: "<< /Type /Catalog /Pages 2 0 R >>") }
        object { out in
            let kids = pages.indices.map { "\(firstPage + 2 * $0) 0 R" }.joined(separator: " ")
            out.append("<< /Type /Pages /Count \(pages.count) /Kids [\(kids)] >>")
        }
        object { out in
            out.append(ascii: "<< /Producer (Scorta)")
            if let title { out.append(ascii: " /Title "); out += PDFDocument.textString(title) }
            if let creationDate { out.append(" /CreationDate (\(creationDate))") }
            out.append(ascii: " >>")
        }
        for font in fonts {
            object { $0.append("<< /Type /Font /Subtype /Type1 /BaseFont /\(font.baseFont) /Encoding /WinAnsiEncoding >>") }
        }
        for (index, page) in pages.enumerated() {
            let contentNumber = firstPage + 2 * index + 1
            object { out in
                out.append(ascii: "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ")
                PDFNumbers.append(page.width, to: &out); out.append(0x20)
                PDFNumbers.append(page.height, to: &out)
                out.append("] /Resources << /Font << \(fontResources) >> >> /Contents \(contentNumber) 0 R >>")
            }
            object { out in
                out.append("<< /Length \(page.content.count) >>\nstream\n")
                out += page.content
                out.append(ascii: "\nendstream")
            }
        }

        let xref = out.count
        out.append("xref\n0 \(offsets.count + 1)\n0000000000 65535 f \n")
        for offset in offsets {
            let digits = String(offset)
            out.append(String(repeating: "0", count: 10 - digits.count) + digits + " 00000 n \n")
        }
        out.append("trailer\n<< /Size \(offsets.count + 1) /Root 1 0 R /Info 3 0 R >>\nstartxref\n\(xref)\n%%EOF\n")
        return out
    }

    /// Writes the file through a temporary file renamed into place, so a failure never
    /// leaves a half-written PDF where the user expects one.
    public func write(to path: String) throws {
        let data = Data(bytes())
        do {
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw ScortaError.invalid("cannot write '\(path)': \(error.localizedDescription)")
        }
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
