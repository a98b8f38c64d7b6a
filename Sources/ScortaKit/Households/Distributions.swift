/// Who a distribution reached.
public enum Recipient: Sendable, Equatable {
    /// A registered household, by card code: every member present counts.
    case household(String)
    /// Someone who gives no name: one person, an estimate (counting rule 4).
    case anonymous(AgeBand, Sex)
}

/// Distribution documents (consegne): goods from a stock location to a
/// household or an anonymous contact, through `Ledger.post`, with the
/// recipients' snapshot the reports count.
///
///     let posted = try Distributions(db).distribute(from: "MAG-A", to: .anonymous(.from30To64, .male), channel: "UMN",
///                                                   lines: [LineSpec(sku: "KIT-EME", quantity: 1)], context: context)
public struct Distributions {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    @discardableResult
    public func distribute(
        from locationCode: String, to recipient: Recipient, channel channelCode: String,
        lines specs: [LineSpec], context: PostingContext
    ) throws -> PostedDocument {
        try db.inSavepoint {
            let ledger = Ledger(db)
            let location = try ledger.catalogue.location(code: locationCode)
            let channel = try ledger.catalogue.channel(code: channelCode)
            var draft = context.draft(.distribution)
            draft.locationID = location.id
            draft.channelID = channel.id
            for spec in specs {
                guard spec.quantity > 0 else {
                    throw ScortaError.invalid("\(spec.sku): a distribution needs a positive quantity")
                }
                let (item, lot) = try ledger.resolve(spec)
                draft.lines.append(
                    .init(itemID: item.id, lotID: lot, quantity: spec.quantity, from: location.id, to: nil))
            }
            let recipients: [RecipientSnapshot]
            switch recipient {
            case .household(let code):
                let household = try Households(db).household(code: code)
                draft.householdID = household.id
                recipients = try Households(db).snapshot(household, on: context.date)
            case .anonymous(let band, let sex):
                recipients = [RecipientSnapshot(anonymous: band, sex: sex)]
            }
            return try post(draft, recipients: recipients)
        }
    }

    /// Posts a distribution draft and its recipients' snapshot in one transaction.
    func post(_ draft: DocumentDraft, recipients: [RecipientSnapshot]) throws -> PostedDocument {
        try posting(draft, recipients: recipients, sealed: true).document
    }

    /// Posts a distribution and its recipients, and gives its canonical form
    /// with them; unless `sealed`, the caller appends the rows that follow
    /// (a checkout's sales, overrides and points spend) and seals it.
    func posting(
        _ draft: DocumentDraft, recipients: [RecipientSnapshot], sealed: Bool, shelf: Ledger.ShelfLots? = nil,
        dateChecked: Bool = false
    ) throws -> (
        document: PostedDocument, form: DocumentForm
    ) {
        try db.inSavepoint {
            guard !recipients.isEmpty else {
                throw ScortaError.invalid("the household has no members on \(draft.date)")
            }
            let (posted, unsealed) = try Ledger(db).posting(
                draft, sealed: false, shelf: shelf, dateChecked: dateChecked)
            // A distribution creates no lots: its form comes back to be completed here.
            guard var form = unsealed else { preconditionFailure("a distribution is sealed under form 2") }
            // One statement for the recipients; each is part of the document's hash (form 2), in the order written.
            var rows: [SQLValue] = []
            rows.reserveCapacity(10 * recipients.count)
            for (ordinal, recipient) in recipients.enumerated() {
                let values: [SQLValue] = [
                    recipient.memberID.sqlValue, .text(recipient.ageBand.rawValue), recipient.age.sqlValue,
                    .text(recipient.sex.rawValue), recipient.homeless.sqlValue, recipient.disability.sqlValue,
                    recipient.thirdCountry.sqlValue, recipient.foreignMinority.sqlValue
                ]
                rows += [.integer(posted.id), .integer(Int64(ordinal))]
                rows += values
                form.appendDependent(.recipient, values)
            }
            try db.writeBatched(Distributions.insertRecipients, values: rows)
            // The report's compact copy, in the same transaction (a region year is read from it),
            // from the values just written.
            try DistributionFacts(db).record(
                documentID: posted.id, fact: .init(draft: draft, lines: posted.lines, recipients: recipients))
            if sealed { try HashChain.seal(form, in: db) }
            return (posted, form)
        }
    }

    static let insertRecipients = BatchedSQL(
        """
        INSERT INTO distribution_recipient(document_id, ordinal, member_id, age_band, age, sex, homeless, disability,
                                           third_country, foreign_minority)
        """, row: "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")

    /// The snapshot stored with a distribution document.
    public func recipients(documentID: Int64) throws -> [RecipientSnapshot] {
        try db.cachedStatement(
            """
            SELECT member_id, age_band, age, sex, homeless, disability, third_country, foreign_minority
            FROM distribution_recipient WHERE document_id = ? ORDER BY ordinal
            """
        ).map([documentID]) { row in
            func flag(_ index: Int) -> Bool? { row.optionalInt(index).map { $0 != 0 } }
            return RecipientSnapshot(
                memberID: row.optionalInt64(0), ageBand: try AgeBand(parsing: row.text(1)), age: row.optionalInt(2),
                sex: try Sex(parsing: row.text(3)), homeless: flag(4), disability: flag(5),
                thirdCountry: flag(6), foreignMinority: flag(7))
        }
    }

    /// Distributions in date order, filtered by household, channel, location
    /// and period; reversed ones show the reversal's number.
    public func history(
        household: String? = nil, channel: String? = nil, location: String? = nil,
        from: CivilDate? = nil, to: CivilDate? = nil
    ) throws -> QueryRows<DistributionRow> {
        let catalogue = Catalogue(db)
        var filter = QueryFilter("d.type = 'distribution'")
        if let household { filter.add("d.household_id = ?", try Households(db).household(code: household).id) }
        if let channel { filter.add("d.channel_id = ?", try catalogue.channel(code: channel).id) }
        if let location { filter.add("d.location_id = ?", try catalogue.location(code: location).id) }
        filter.period("d.date", from: from, to: to)
        // Streamed: a region year holds over a million distributions.
        return QueryRows(
            db: db,
            sql: """
                SELECT d.date, d.number AS document, c.code AS channel, o.code AS location, h.code AS household,
                       (SELECT count(*) FROM distribution_recipient r WHERE r.document_id = d.id) AS persons,
                       (SELECT sum(l.quantity) FROM document_line l WHERE l.document_id = d.id) AS units,
                       (SELECT sum(s.quantity * s.unit_points) FROM market_sale s WHERE s.document_id = d.id) AS points,
                       (SELECT x.reversed_by FROM document_reversal x WHERE x.document_id = d.id) AS reversed_by
                FROM document d LEFT JOIN channel c ON c.id = d.channel_id LEFT JOIN location o ON o.id = d.location_id
                LEFT JOIN household h ON h.id = d.household_id
                WHERE \(filter.conditions)
                ORDER BY d.date, d.id
                """, arguments: filter.arguments, decode: DistributionRow.init)
    }
}

extension RecipientSnapshot {
    init(
        memberID: Int64?, ageBand: AgeBand, age: Int?, sex: Sex, homeless: Bool?, disability: Bool?,
        thirdCountry: Bool?, foreignMinority: Bool?
    ) {
        self.memberID = memberID
        self.ageBand = ageBand
        self.age = age
        self.sex = sex
        self.homeless = homeless
        self.disability = disability
        self.thirdCountry = thirdCountry
        self.foreignMinority = foreignMinority
    }
}
