/// Which documents `scorta documents` lists; every field narrows the list.
public struct DocumentFilter: Sendable {
    public var from: CivilDate?
    public var to: CivilDate?
    public var type: DocumentType?
    public var location: String?
    public var supplier: String?
    public var reference: String?

    public init(
        from: CivilDate? = nil, to: CivilDate? = nil, type: DocumentType? = nil, location: String? = nil,
        supplier: String? = nil, reference: String? = nil
    ) {
        self.from = from
        self.to = to
        self.type = type
        self.location = location
        self.supplier = supplier
        self.reference = reference
    }
}

extension DocumentType {
    /// `receipt`, `RIC` or `ric`: the office knows documents by their prefix too.
    public init(parsing text: String) throws {
        let lowered = text.lowercased()
        guard
            let type = DocumentType.allCases.first(where: {
                $0.rawValue == lowered || $0.prefix.lowercased() == lowered
            })
        else {
            let known = DocumentType.allCases.map { "\($0.rawValue) (\($0.prefix))" }.joined(separator: ", ")
            throw ScortaError.invalid("document type '\(text)' must be one of \(known)")
        }
        self = type
    }
}

extension Ledger {
    /// The documents of a period, by type, location (the document's own or
    /// any of its lines'), supplier or donor, and reference (the delivery
    /// note number): what `history` cannot answer without an item or a place.
    /// Supplier and reference match any part of the text, in any case.
    public func documents(_ filter: DocumentFilter) throws -> QueryRows<DocumentSummaryRow> {
        var query = QueryFilter()
        query.period("d.date", from: filter.from, to: filter.to)
        if let type = filter.type { query.add("d.type = ?", type.rawValue) }
        if let code = filter.location {
            let id = try catalogue.location(code: code).id
            query.add(
                """
                (d.location_id = ? OR EXISTS (SELECT 1 FROM document_line l WHERE l.document_id = d.id
                                              AND (l.from_location_id = ? OR l.to_location_id = ?)))
                """, id, id, id)
        }
        if let supplier = filter.supplier {
            query.add("d.counterparty \(db.dialect.caseInsensitiveLike) ? ESCAPE '\\'", Ledger.containing(supplier))
        }
        if let reference = filter.reference {
            query.add("d.reference \(db.dialect.caseInsensitiveLike) ? ESCAPE '\\'", Ledger.containing(reference))
        }
        return QueryRows(
            db: db,
            sql: """
                SELECT d.date, d.number, d.type, o.code AS location, d.counterparty AS supplier, d.reference,
                       (SELECT count(*) FROM document_line l WHERE l.document_id = d.id) AS lines,
                       (SELECT coalesce(sum(l.quantity), 0) FROM document_line l WHERE l.document_id = d.id) AS units,
                       d.operator, r.number AS reverses, (SELECT x.number FROM document x WHERE x.reverses_id = d.id) AS reversed_by
                FROM document d LEFT JOIN location o ON o.id = d.location_id LEFT JOIN document r ON r.id = d.reverses_id
                WHERE \(query.conditions)
                ORDER BY d.date, d.id
                """, arguments: query.arguments, decode: DocumentSummaryRow.init)
    }

    /// A LIKE pattern for "contains", with the pattern characters taken literally.
    static func containing(_ text: String) -> String {
        "%" + text.replacing("\\", with: "\\\\").replacing("%", with: "\\%").replacing("_", with: "\\_") + "%"
    }
}
