/// One compact row per distribution document, written in the same
/// transaction as the document (`Distributions.post`), so the indicator
/// report reads a year as one sequential range of a small table instead of
/// joining millions of lines and recipients (issue 6: a region year).
///
/// The row copies only what can never change after posting: date, channel,
/// location, each line's item, lot and quantity, and each recipient's member
/// id and packed snapshot (`PersonCode`). Values, categories, weights and
/// recipes of lotless kits are catalogue data that may be edited later (a
/// backdated value, a category change), so they are applied when the report
/// runs, from small in-memory tables, and a cached figure can never go stale.
/// `scorta check` proves each row equal to a re-encoding of the ledger.
public struct DistributionFacts {
    public let db: Database

    public init(_ db: Database) { self.db = db }

    /// Writes (or rewrites) the row of one distribution document, read from its rows.
    func record(documentID: Int64) throws {
        guard let fact = try encode(documentID: documentID) else { return }
        try record(documentID: documentID, fact: fact)
    }

    /// Writes the row of a distribution from the values its posting just wrote
    /// (`Fact(draft:lines:recipients:)`), instead of reading them back.
    func record(documentID: Int64, fact: Fact) throws {
        try db.write(
            """
            INSERT INTO distribution_fact(date, document_id, channel_id, location_id, lines, recipients)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT(document_id) DO UPDATE SET date = excluded.date, channel_id = excluded.channel_id,
                location_id = excluded.location_id, lines = excluded.lines, recipients = excluded.recipients
            """, [fact.date, documentID, fact.channelID, fact.locationID, fact.lines, fact.recipients])
    }

    /// Rows for every distribution that has none (the migration, and datasets
    /// written without the posting path).
    public func backfill() throws {
        let missing = try db.query(
            """
            SELECT d.id FROM document d WHERE d.type = 'distribution'
            AND NOT EXISTS (SELECT 1 FROM distribution_fact f WHERE f.document_id = d.id) ORDER BY d.id
            """
        ) { $0.int64(0) }
        for id in missing { try record(documentID: id) }
    }

    struct Fact: Equatable {
        var date: Int
        var channelID: Int64?
        var locationID: Int64?
        var lines: [UInt8]
        var recipients: [UInt8]

        static let empty = Fact(date: 0, channelID: nil, locationID: nil, lines: [], recipients: [])
    }

    /// Distributions `check` re-encodes at a time.
    static let checkBatch = 1_000

    /// The row a distribution document should have, from its lines and recipients.
    func encode(documentID: Int64) throws -> Fact? {
        guard
            var fact = try db.prepare(
                "SELECT date, channel_id, location_id FROM document WHERE id = ? AND type = 'distribution'"
            )
            .first(
                [documentID],
                {
                    Fact(
                        date: $0.dateKey(0), channelID: $0.optionalInt64(1), locationID: $0.optionalInt64(2), lines: [],
                        recipients: [])
                })
        else { return nil }
        try db.prepare("SELECT item_id, lot_id, quantity FROM document_line WHERE document_id = ? ORDER BY id").forEach(
            [documentID]) { row in
                FactCoding.append(row.int64(0), to: &fact.lines)
                FactCoding.append(row.int64(1), to: &fact.lines)
                FactCoding.append(row.int64(2), to: &fact.lines)
            }
        try db.cachedStatement(
            """
            SELECT member_id, age_band, sex, homeless, disability, third_country, foreign_minority
            FROM distribution_recipient WHERE document_id = ? ORDER BY ordinal
            """
        ).forEach([documentID]) { row in
            // Member id + 1, so 0 stands for an anonymous contact.
            FactCoding.append((row.optionalInt64(0) ?? -1) + 1, to: &fact.recipients)
            FactCoding.append(Int64(PersonCode.encode(row, band: 1)), to: &fact.recipients)
        }
        return fact
    }

    /// Every difference between the stored rows and a re-encoding of the
    /// distributions, one line each (empty when the cache can be trusted).
    /// Streams a batch of distributions at a time, so memory stays flat on a
    /// ten-year ledger; each batch's lines and recipients are read with one
    /// statement each (one a document was three round trips each on a server).
    public func check() throws -> [String] {
        var problems: [String] = []
        var batch: [(id: Int64, number: String, stored: Fact?, header: Fact)] = []
        func settle() throws {
            guard let first = batch.first, let last = batch.last else { return }
            var encoded = Dictionary(uniqueKeysWithValues: batch.map { ($0.id, $0.header) })
            try db.prepare(
                """
                SELECT l.document_id, l.item_id, l.lot_id, l.quantity FROM document_line l
                WHERE l.document_id IN (SELECT d.id FROM document d WHERE d.type = 'distribution' AND d.id BETWEEN ? AND ?)
                ORDER BY l.document_id, l.id
                """
            ).forEach([first.id, last.id]) { row in
                let id = row.int64(0)
                for column in 1...3 {
                    FactCoding.append(row.int64(column), to: &encoded[id, default: Fact.empty].lines)
                }
            }
            try db.cachedStatement(
                """
                SELECT r.document_id, r.member_id, r.age_band, r.sex, r.homeless, r.disability, r.third_country,
                    r.foreign_minority
                FROM distribution_recipient r
                WHERE r.document_id IN (SELECT d.id FROM document d WHERE d.type = 'distribution' AND d.id BETWEEN ? AND ?)
                ORDER BY r.document_id, r.ordinal
                """
            ).forEach([first.id, last.id]) { row in
                let id = row.int64(0)
                // Member id + 1, so 0 stands for an anonymous contact (as `encode` writes it).
                FactCoding.append((row.optionalInt64(1) ?? -1) + 1, to: &encoded[id, default: Fact.empty].recipients)
                FactCoding.append(
                    Int64(PersonCode.encode(row, band: 2)), to: &encoded[id, default: Fact.empty].recipients)
            }
            for document in batch {
                guard let stored = document.stored else {
                    problems.append("distribution \(document.number) has no report facts row")
                    continue
                }
                if encoded[document.id] != stored {
                    problems.append("report facts of \(document.number) differ from its lines and recipients")
                }
            }
            batch.removeAll(keepingCapacity: true)
        }
        // One-off, so a server hands its rows over a batch at a time (`PostgreSQLCursor`).
        try db.makeStatement(
            """
            SELECT d.id, d.number, f.document_id, f.date, f.channel_id, f.location_id, f.lines, f.recipients,
                d.date, d.channel_id, d.location_id
            FROM document d LEFT JOIN distribution_fact f ON f.document_id = d.id
            WHERE d.type = 'distribution' ORDER BY d.id
            """
        ).forEach { row in
            let stored =
                row.isNull(2)
                ? nil
                : Fact(
                    date: row.int(3), channelID: row.optionalInt64(4), locationID: row.optionalInt64(5),
                    lines: row.bytes(6), recipients: row.bytes(7))
            let header = Fact(
                date: row.dateKey(8), channelID: row.optionalInt64(9), locationID: row.optionalInt64(10), lines: [],
                recipients: [])
            batch.append((row.int64(0), row.text(1), stored, header))
            if batch.count == DistributionFacts.checkBatch { try settle() }
        }
        try settle()
        try db.prepare(
            """
            SELECT f.document_id FROM distribution_fact f LEFT JOIN document d ON d.id = f.document_id
            WHERE d.id IS NULL OR d.type != 'distribution'
            """
        ).forEach { problems.append("report facts row for document #\($0.int64(0)), which is not a distribution") }
        return problems
    }
}

/// Unsigned LEB128 varints: ids and quantities are small, so a line takes
/// three to five bytes.
enum FactCoding {
    static func append(_ value: Int64, to bytes: inout [UInt8]) {
        var rest = UInt64(bitPattern: value)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    /// Reads one varint at `offset` and moves past it.
    @inline(__always)
    static func read(_ base: UnsafePointer<UInt8>, _ offset: inout Int) -> Int {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let byte = base[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return Int(Int64(bitPattern: value)) }
            shift += 7
        }
    }
}

extension DistributionFacts.Fact {
    /// The row `encode` reads from a distribution's rows, made from the values
    /// written: its header, its lines as posted (in id order; lot 0 for none)
    /// and its recipients in the order of their ordinal.
    init(draft: DocumentDraft, lines: [DocumentDraft.Line], recipients: [RecipientSnapshot]) {
        self.init(
            date: draft.date.year * 10_000 + draft.date.month * 100 + draft.date.day, channelID: draft.channelID,
            locationID: draft.locationID, lines: [], recipients: [])
        self.lines.reserveCapacity(4 * lines.count)
        for line in lines {
            FactCoding.append(line.itemID, to: &self.lines)
            FactCoding.append(line.lotID ?? Lot.noLot, to: &self.lines)
            FactCoding.append(Int64(line.quantity), to: &self.lines)
        }
        func answer(_ value: Bool?) -> Int { value.map { $0 ? 1 : 0 } ?? 2 }
        for recipient in recipients {
            // Member id + 1, so 0 stands for an anonymous contact (as `encode` writes it).
            FactCoding.append((recipient.memberID ?? -1) + 1, to: &self.recipients)
            let code = PersonCode.encode(
                band: AgeBand.allCases.firstIndex(of: recipient.ageBand)!,
                sex: Sex.allCases.firstIndex(of: recipient.sex)!, homeless: answer(recipient.homeless),
                disability: answer(recipient.disability), thirdCountry: answer(recipient.thirdCountry),
                foreignMinority: answer(recipient.foreignMinority))
            FactCoding.append(Int64(code), to: &self.recipients)
        }
    }
}
