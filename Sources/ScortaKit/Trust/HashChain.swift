/// Tamper evidence: one chain of SHA-256 hashes over everything a report,
/// register, receipt or `check` reads. Each entry's hash is
/// `SHA-256(previous entry's hash ‖ canonical content)`, so changing,
/// deleting or inserting anything sealed outside Scorta breaks the chain from
/// that entry on (or, for a row of a sealed table, no longer matches its
/// latest record; see `SealedTable`).
///
/// The chain (table `chain`, one ordered sequence, one head) holds two kinds
/// of entries:
/// - a **document**: its header and lines and, from canonical form 2 on, the
///   rows that depend on it (recipient snapshots, market sales, limit
///   overrides, the checkout's points spend, a count's baseline);
/// - a **record**: the state of one row of a sealed table (a value, a price,
///   a recipe, a lot, a card period, a member version, an operator, a close,
///   an erasure, an audit entry...), as the SHA-256 of its canonical columns.
///
/// Canonical form 1 is the document hash of the first chain (header and
/// lines only). Documents sealed before the "0008-seal" migration keep it and
/// keep verifying; the migration seals their dependent rows as one
/// `dependents` record each, and every existing row of a sealed table as a
/// record, so from then on everything is covered. Form 2 leaves the note of a
/// distribution out (personal data, erasable). Form 3 is form 2 with the
/// lots the document created (`lot.document_id`, a receipt's new lots): each
/// follows the first line that brings it in, so they need no chain record
/// each (a receipt of 100,000 new lots made 100,000 records, a third of its
/// time). Documents that create no lot stay form 2.
///
/// Every field is written as `name=length:value` (or `name=-` for NULL), so no
/// two different contents can encode the same bytes.
public enum HashChain {
    /// The "previous hash" of the first entry.
    public static let genesis = String(repeating: "0", count: 64)
    /// The canonical form new entries are sealed under.
    static let form = 2
    /// The form of a document that creates lots (see above).
    static let lotsForm = 3

    static let headerColumns = [
        "id", "type", "number", "date", "recorded_at", "operator", "location_id", "counterparty",
        "reference", "reason", "note", "channel_id", "household_id", "reverses_id"
    ]
    static let headerSQLForm1 = headerSQL(note: "note")
    /// Form 2 leaves a distribution's note out: personal data, erasable.
    static let headerSQLForm2 = headerSQL(note: "CASE WHEN type = 'distribution' THEN NULL ELSE note END")
    static func headerSQL(note: String) -> String {
        let columns = headerColumns.map { $0 == "note" ? note : $0 }.joined(separator: ", ")
        return "SELECT \(columns), type FROM document WHERE id = ?"
    }
    static let lineColumns = ["id", "item_id", "lot_id", "quantity", "from_location_id", "to_location_id"]
    /// A distribution's dependent rows' columns (see `dependents`).
    static let recipientColumns = [
        "member_id", "age_band", "age", "sex", "homeless", "disability", "third_country", "foreign_minority"
    ]
    static let saleColumns = ["item_id", "quantity", "unit_points"]
    static let overrideColumns = ["rule", "reason", "operator"]
    static let pointsColumns = [
        "id", "household_id", "date", "kind", "points", "cycle_start", "reason", "balance_after", "recorded_at",
        "operator"
    ]

    // MARK: - Sealing documents

    /// Seals the document `id` as the next chain entry. Called by `Ledger.post`
    /// inside the posting transaction: writers hold the write lock (BEGIN
    /// IMMEDIATE), so the head cannot change under us. Called again by the
    /// poster once the document's dependent rows are written (a distribution's
    /// recipients, a checkout's sales and points, a count's baseline): the
    /// entry is then still the head and is recomputed in place.
    static func seal(documentID id: Int64, form: Int = form, in db: Database) throws {
        if let entry = try db.first(
            "SELECT seq, subject FROM chain WHERE document_id = ?", [id], { ($0.int64(0), $0.text(1)) })
        {
            guard try db.scalar("SELECT max(seq) FROM chain") == entry.0 else {
                throw ScortaError.invalid(
                    "document \(entry.1) is no longer the last entry of the hash chain; it cannot be sealed again")
            }
            let previous =
                try db.scalarText("SELECT hash FROM chain WHERE seq < ? ORDER BY seq DESC LIMIT 1", [entry.0])
                ?? genesis
            guard let hash = try hash(documentID: id, form: form, previous: previous, in: db) else { return }
            try db.write("UPDATE chain SET hash = ? WHERE seq = ?", [hash, entry.0])
            try db.write("UPDATE document SET hash = ? WHERE id = ?", [hash, id])
            return
        }
        guard let number = try db.scalarText("SELECT number FROM document WHERE id = ?", [id]),
            let hash = try hash(documentID: id, form: form, previous: try head(db), in: db)
        else {
            throw ScortaError.invalid("document \(id) does not exist")
        }
        try db.write(
            "INSERT INTO chain(document_id, kind, subject, form, hash) VALUES (?, 'document', ?, ?, ?)",
            [id, number, form, hash])
        try db.write("UPDATE document SET hash = ? WHERE id = ?", [hash, id])
    }

    /// The hash of document `id` under canonical `form`, chained to
    /// `previous`; nil when the document does not exist.
    static func hash(documentID id: Int64, form: Int = form, previous: String, in db: Database) throws -> String? {
        var hasher = SHA256()
        hasher.update(previous.utf8)
        // One of two texts (form 1 or 2): cached.
        let header = try db.cachedStatement(form == 1 ? headerSQLForm1 : headerSQLForm2)
        guard
            let type = try header.first(
                [id],
                { row -> String in
                    hasher.update(((form == 1 ? "D" : "D\(form)\n") + canonical(row, headerColumns)).utf8)
                    return row.text(headerColumns.count)
                })
        else { return nil }
        if form >= lotsForm {
            try hashLinesWithNewLots(documentID: id, into: &hasher, in: db)
        } else {
            try db.prepare(
                "SELECT id, item_id, lot_id, quantity, from_location_id, to_location_id FROM document_line WHERE document_id = ? ORDER BY id"
            )
            .forEach([id]) {
                hasher.update("L".utf8)
                hasher.update(canonical($0, lineColumns).utf8)
            }
        }
        if form >= 2 { hasher.update(try dependents(documentID: id, type: type, in: db).utf8) }
        return SHA256.hexString(hasher.finalize())
    }

    /// Form 3's lines: each followed, when it is the first line to bring in a
    /// lot this document created, by that lot's sealed columns.
    static func hashLinesWithNewLots(documentID id: Int64, into hasher: inout SHA256, in db: Database) throws {
        var sealedLots = Set<Int64>()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        try db.cachedStatement(
            """
            SELECT l.id, l.item_id, l.lot_id, l.quantity, l.from_location_id, l.to_location_id,
                   n.id, n.item_id, n.code, n.expiry, n.recipe_id
            FROM document_line l LEFT JOIN lot n ON n.id = l.lot_id AND n.document_id = l.document_id
            WHERE l.document_id = ? ORDER BY l.id
            """
        )
        .forEach([id]) { row in
            bytes.removeAll(keepingCapacity: true)
            bytes.append(UInt8(ascii: "L"))
            appendCanonical(row, linePrefixes, from: 0, to: &bytes)
            if !row.isNull(6), sealedLots.insert(row.int64(6)).inserted {
                bytes.append(UInt8(ascii: "N"))
                appendCanonical(row, lotPrefixes, from: lineColumns.count, to: &bytes)
            }
            hasher.update(bytes)
        }
    }

    static let linePrefixes = prefixes(lineColumns)
    static let lotPrefixes = prefixes(SealedTable.lot.columns)

    /// The rows that belong to a document besides its lines, in canonical
    /// form ("" when there are none). Only the types that carry them are read:
    /// `verify` separately names any such row on a document of another type.
    static func dependents(documentID id: Int64, type: String, in db: Database) throws -> String {
        var out = ""
        func append(_ tag: String, _ statement: Statement, _ columns: [String]) throws {
            try statement.forEach([id]) { out += tag + canonical($0, columns) }
        }
        switch type {
        case "distribution":
            // In the order written: each row's place within its document (`Schema.dependentOrdinal`).
            try append(
                "R",
                db.cachedStatement(
                    """
                    SELECT member_id, age_band, age, sex, homeless, disability, third_country, foreign_minority
                    FROM distribution_recipient WHERE document_id = ? ORDER BY ordinal
                    """),
                recipientColumns)
            try append(
                "S",
                db.prepare(
                    "SELECT item_id, quantity, unit_points FROM market_sale WHERE document_id = ? ORDER BY item_id"),
                saleColumns)
            try append(
                "O",
                db.cachedStatement(
                    "SELECT rule, reason, operator FROM market_override WHERE document_id = ? ORDER BY ordinal"
                ),
                overrideColumns)
            try append(
                "P",
                db.prepare(
                    """
                    SELECT id, household_id, date, kind, points, cycle_start, reason, balance_after, recorded_at, operator
                    FROM points_entry WHERE document_id = ? ORDER BY id
                    """),
                pointsColumns)
        case "count":
            try append(
                "C",
                db.prepare(
                    "SELECT item_id, lot_id, expected, counted FROM count_line WHERE document_id = ? ORDER BY item_id, lot_id"
                ),
                ["item_id", "lot_id", "expected", "counted"])
        default: break
        }
        return out
    }

    /// Form-1 hashes of every document without one, in id order (databases
    /// made before tamper evidence existed; run by the "0005-trust" migration,
    /// before the chain table exists).
    static func sealUnsealed(in db: Database) throws {
        for id in try db.query("SELECT id FROM document WHERE hash IS NULL ORDER BY id", [], { $0.int64(0) }) {
            let previous =
                try db.scalarText("SELECT hash FROM document WHERE id < ? ORDER BY id DESC LIMIT 1", [id]) ?? genesis
            try db.run(
                "UPDATE document SET hash = ? WHERE id = ?",
                [try hash(documentID: id, form: 1, previous: previous, in: db), id])
        }
    }

    // MARK: - Sealing records

    /// Seals the rows of `table` where `condition` holds, as they are now
    /// (after an insert or an update, in the same transaction). A row whose
    /// sealed columns did not change gets no new record.
    static func seal(
        _ table: SealedTable, where condition: String, _ arguments: [any SQLBindable] = [], in db: Database
    ) throws {
        let sql =
            table.selectSQL + " WHERE (\(condition))" + (table.filter.map { " AND \($0)" } ?? "") + " ORDER BY "
            + table.key.joined(separator: ", ")
        // Built from the sealed tables' fixed columns and the conditions written at the call sites.
        let rows = try db.cachedStatement(sql).map(arguments) { (table.subject(of: $0), table.digest(of: $0)) }
        for (subject, digest) in rows { try append(kind: table.name, subject: subject, digest: digest, in: db) }
    }

    /// Seals the row of `table` with this key as it is now; a row that no
    /// longer exists is sealed as removed (a barcode taken off, a limit replaced).
    public static func seal(_ table: SealedTable, key: [any SQLBindable], in db: Database) throws {
        let digest = try db.cachedStatement(table.selectByKeySQL).first(key) { table.digest(of: $0) }
        try append(kind: table.name, subject: SealedTable.subject(key.map(\.sqlValue)), digest: digest, in: db)
    }

    /// Seals a row Scorta has just inserted. Its key has no record yet, so
    /// the look-up of the latest one is skipped (a points entry per
    /// allowance); were a key ever used again, a second record of the same
    /// state changes nothing `verify` reads, which is always the latest.
    static func sealInserted(_ table: SealedTable, key: [any SQLBindable], in db: Database) throws {
        let digest = try db.cachedStatement(table.selectByKeySQL).first(key) { table.digest(of: $0) }
        guard let digest else {
            throw ScortaError.invalid("\(table.name) \(SealedTable.subject(key.map(\.sqlValue))) was not inserted")
        }
        let subject = SealedTable.subject(key.map(\.sqlValue))
        let hash = recordHash(previous: try head(db), kind: table.name, subject: subject, form: form, digest: digest)
        try db.write(
            "INSERT INTO chain(kind, subject, form, digest, hash) VALUES (?, ?, ?, ?, ?)",
            [table.name, subject, form, digest, hash])
    }

    static let insertRecords = BatchedSQL(
        "INSERT INTO chain(kind, subject, form, digest, hash)", row: "(?, ?, ?, ?, ?)")

    /// Seals rows Scorta has just inserted, from the values it inserted
    /// (each row's sealed columns in `table.columns` order, in the order the
    /// records go into the chain). New keys have no record yet, so neither
    /// the latest record nor the row is read back, and the head is read once:
    /// a bulk receipt seals a new lot per row, and those three reads a lot
    /// were a third of its time. `verify` proves each row equal to the
    /// digest sealed here, so a value stored differently would be named.
    static func sealInserted(_ table: SealedTable, rows: [[SQLValue]], in db: Database) throws {
        guard !rows.isEmpty else { return }
        var previous = try head(db)
        let records = rows.flatMap { values -> [SQLValue] in
            let subject = SealedTable.subject(Array(values.prefix(table.key.count)))
            let digest = table.digest(of: values)
            previous = recordHash(previous: previous, kind: table.name, subject: subject, form: form, digest: digest)
            return [.text(table.name), .text(subject), .integer(Int64(form)), .text(digest), .text(previous)]
        }
        try db.writeBatched(insertRecords, values: records)
    }

    /// Seals every row of every sealed table that its latest record does not
    /// match. Only for rows Scorta itself has just written in bulk: the
    /// migration that starts the chain and the seed load of a new database.
    /// Never after a command: it would seal a change made outside Scorta.
    static func sealTables(in db: Database) throws {
        for table in SealedTable.all { try seal(table, where: "1 = 1", in: db) }
    }

    /// Appends a record unless the latest one for `subject` already says the same.
    static func append(kind: String, subject: String, digest: String?, in db: Database) throws {
        let latest = try db.first(
            """
            SELECT digest FROM chain WHERE kind = ? AND subject = ? AND document_id IS NULL ORDER BY seq DESC LIMIT 1
            """, [kind, subject]
        ) {
            $0.optionalText(0)
        }
        if let latest, latest == digest { return }
        if latest == nil, digest == nil { return }
        let hash = recordHash(previous: try head(db), kind: kind, subject: subject, form: form, digest: digest)
        try db.write(
            "INSERT INTO chain(kind, subject, form, digest, hash) VALUES (?, ?, ?, ?, ?)",
            [kind, subject, form, digest, hash])
    }

    static func recordHash(previous: String, kind: String, subject: String, form: Int, digest: String?) -> String {
        // One buffer hashed at once: a bulk receipt makes a record per new lot.
        var bytes = Array(previous.utf8)
        bytes.append(UInt8(ascii: "R"))
        appendCanonical(
            [
                ("kind", .text(kind)), ("subject", .text(subject)), ("form", .integer(Int64(form))),
                ("digest", digest.map(SQLValue.text) ?? .null)
            ], to: &bytes)
        return SHA256.hex(bytes)
    }

    // MARK: - Canonical form

    public static func canonical(_ row: Row, _ columns: [String]) -> String {
        canonical(columns.enumerated().map { ($0.element, row.value($0.offset)) })
    }

    static func canonical(_ fields: some Sequence<(String, SQLValue)>) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(160)
        appendCanonical(fields, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// The canonical form as bytes, for hashing without making a String of
    /// it: every sealed row and document line goes through here.
    static func appendCanonical(_ fields: some Sequence<(String, SQLValue)>, to out: inout [UInt8]) {
        for (name, value) in fields {
            out.append(contentsOf: name.utf8)
            out.append(UInt8(ascii: "="))
            appendCanonicalValue(value, to: &out)
            out.append(UInt8(ascii: "\n"))
        }
    }

    static func appendCanonicalValue(_ value: SQLValue, to out: inout [UInt8]) {
        switch value {
        case .null: out.append(UInt8(ascii: "-"))
        case .integer(let value):
            out.append(UInt8(ascii: "i"))
            out.appendDecimal(value)
        case .real(let value):
            out.append(UInt8(ascii: "r"))
            out.append(contentsOf: "\(value)".utf8)
        case .text(let text):
            out.appendDecimal(Int64(text.utf8.count))
            out.append(UInt8(ascii: ":"))
            out.append(contentsOf: text.utf8)
        case .blob(let bytes):
            out.append(UInt8(ascii: "b"))
            out.append(contentsOf: SHA256.hexString(bytes).utf8)
        }
    }

    // MARK: - Head

    /// The hash of the last chain entry (genesis for an empty chain).
    public static func head(_ db: Database) throws -> String {
        try db.scalarText(headSQL) ?? genesis
    }

    static let headSQL: StaticString = "SELECT hash FROM chain ORDER BY seq DESC LIMIT 1"

    /// What a printed report can be checked against later: the head, and how
    /// many documents and sealed records the chain covered when it was printed.
    public struct Anchor: Sendable, Equatable, CustomStringConvertible {
        public let head: String
        public let documents: Int
        public let records: Int

        /// The first 12 hex digits: enough to find the entry again, short enough to copy from paper.
        public var shortHead: String { String(head.prefix(12)) }

        /// "chain head 3f9a0c1b2d4e: 1,234 documents and 56 sealed records"
        public var description: String {
            "chain head \(shortHead): \(documents) document\(documents == 1 ? "" : "s") and \(records) sealed record\(records == 1 ? "" : "s")"
        }
    }

    public static func anchor(_ db: Database) throws -> Anchor {
        // The counts and the head in one statement (on a server, one round trip); each count
        // from its side's index (`Schema.chainIndexes`), not a scan of the chain.
        let anchor = try db.first(
            """
            SELECT (SELECT count(*) FROM chain WHERE document_id IS NOT NULL),
                   (SELECT count(*) FROM chain WHERE document_id IS NULL),
                   (SELECT hash FROM chain ORDER BY seq DESC LIMIT 1)
            """
        ) {
            Anchor(head: $0.optionalText(2) ?? genesis, documents: $0.int(0), records: $0.int(1))
        }
        return anchor ?? Anchor(head: genesis, documents: 0, records: 0)
    }
}
