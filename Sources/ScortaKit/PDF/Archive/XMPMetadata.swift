/// The XMP metadata packet PDF/A requires (ISO 19005-1 §6.7): the PDF/A identification
/// (part 1, conformance B) and the same title, producer and dates as the document
/// information dictionary, which a preflight compares value by value.
struct XMPMetadata {
    var title: String?
    var producer: String
    /// PDF dates ("D:20260301120000Z"), written in XMP form ("2026-03-01T12:00:00Z").
    var creationDate: String?

    var bytes: [UInt8] {
        var rdf = ""
        if let title {
            rdf +=
                "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
                + "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">\(Self.escaped(title))</rdf:li></rdf:Alt></dc:title>"
                + "</rdf:Description>\n"
        }
        rdf +=
            "<rdf:Description rdf:about=\"\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">"
            + "<pdf:Producer>\(Self.escaped(producer))</pdf:Producer></rdf:Description>\n"
        if let creationDate, let date = Self.xmpDate(creationDate) {
            rdf +=
                "<rdf:Description rdf:about=\"\" xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\">"
                + "<xmp:CreateDate>\(date)</xmp:CreateDate><xmp:ModifyDate>\(date)</xmp:ModifyDate></rdf:Description>\n"
        }
        rdf +=
            "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">"
            + "<pdfaid:part>1</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>\n"
        // The id is the fixed one XMP names; the trailing padding lets a tool edit in place.
        let packet =
            "<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
            + "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
            + rdf + "</rdf:RDF>\n</x:xmpmeta>\n" + String(repeating: " ", count: 200) + "\n<?xpacket end=\"w\"?>"
        return Array(packet.utf8)
    }

    /// "D:20260301120000Z" -> "2026-03-01T12:00:00Z"; "D:20260301120000+01'00'" -> "...+01:00".
    static func xmpDate(_ pdfDate: String) -> String? {
        let digits = Array(pdfDate.dropFirst(2))
        guard pdfDate.hasPrefix("D:"), digits.count >= 14, digits[..<14].allSatisfy(\.isNumber) else { return nil }
        let part = { (from: Int, to: Int) in String(digits[from..<to]) }
        var date = "\(part(0, 4))-\(part(4, 6))-\(part(6, 8))T\(part(8, 10)):\(part(10, 12)):\(part(12, 14))"
        let zone = String(digits[14...].filter { $0 != "'" })
        if zone == "Z" { date += "Z" } else if zone.count == 5 { date += zone.prefix(3) + ":" + zone.suffix(2) }
        return date
    }

    static func escaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }
}
