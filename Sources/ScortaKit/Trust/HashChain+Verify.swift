extension HashChain {
    /// What recomputing the chain found.
    public struct Verification: Sendable, Equatable {
        /// Chain entries whose content matched, from the first.
        public var verified: Int
        public var documents: Int
        public var records: Int
        /// The recomputed hash of the last verified entry (genesis if none).
        public var head: String
        /// The first entry that no longer matches its stored hash: a
        /// document number, or a record as "table key".
        public var firstBroken: String?
        /// Whether `firstBroken` is a record rather than a document.
        public var firstBrokenIsRecord = false
        /// Everything else that is wrong, one sentence each: rows of sealed
        /// tables that differ from their latest record or are not sealed at
        /// all, documents outside the chain, and gaps in the numbering.
        public var problems: [String]
        /// Chain entries whose hash starts with `expect` (when given).
        public var expectedMatches: Int
        public var expectedFound: Bool { expectedMatches > 0 }
        public var intact: Bool { firstBroken == nil && problems.isEmpty }

        public var anchor: Anchor { Anchor(head: head, documents: documents, records: records) }
    }

    /// Recomputes the whole chain from the first entry, then proves every row
    /// of every sealed table equal to its latest record, every document and
    /// dependent row inside the chain, and the numbering whole. Stops the walk
    /// at the first entry whose stored hash differs from the recomputed one.
    /// `expect` (a head written down earlier, or its first 8+ hex digits) is
    /// counted when met on the way.
    ///
    /// One read transaction (a consistent snapshot while others post), walked
    /// in batches: holding every document's number and hash took 241 MiB for
    /// a region's 1.2 million documents. `batch`: entries read at a time.
    public static func verify(_ db: Database, expect: String? = nil, batch size: Int = 5_000) throws -> Verification {
        let expect = expect?.lowercased()
        var result = Verification(
            verified: 0, documents: 0, records: 0, head: genesis, firstBroken: nil, problems: [],
            expectedMatches: expect.map { genesis.hasPrefix($0) ? 1 : 0 } ?? 0)
        try db.inSavepoint(.deferred) {
            let entries = Int(try db.scalar("SELECT count(*) FROM chain") ?? 0)
            let meter = SignsOfLife.begin("verify", unit: "chain entries", total: entries)
            defer { meter.end() }
            var after: Int64 = 0
            walk: while true {
                let entries = try db.query(
                    """
                    SELECT seq, document_id, kind, subject, form, digest, hash, (SELECT hash FROM document WHERE id = document_id)
                    FROM chain WHERE seq > ? ORDER BY seq LIMIT ?
                    """, [after, size]
                ) {
                    (
                        seq: $0.int64(0), document: $0.optionalInt64(1), kind: $0.text(2), subject: $0.text(3),
                        form: $0.int(4),
                        digest: $0.optionalText(5), hash: $0.text(6), documentHash: $0.optionalText(7)
                    )
                }
                // The batch's documents read together (form 2: every document sealed since the "0008-seal" step).
                let contents =
                    try entries.last.flatMap { last in
                        try entries.contains { $0.document != nil && $0.form == form }
                            ? HashChain.contents(after: after, through: last.seq, in: db) : nil
                    }
                for entry in entries {
                    let computed: String?
                    if let id = entry.document {
                        if entry.form == form, let contents {
                            computed = contents.hash(id, previous: result.head)
                        } else {
                            computed = try hash(documentID: id, form: entry.form, previous: result.head, in: db)
                        }
                        let dependentsMatch =
                            try entry.form != 1 || formOneDependentsMatch(id, number: entry.subject, in: db)
                        guard computed == entry.hash, entry.documentHash == entry.hash, dependentsMatch else {
                            result.firstBroken = entry.subject
                            break walk
                        }
                        result.documents += 1
                    } else {
                        computed = recordHash(
                            previous: result.head, kind: entry.kind, subject: entry.subject, form: entry.form,
                            digest: entry.digest)
                        guard computed == entry.hash else {
                            result.firstBroken = "\(entry.kind) \(entry.subject)"
                            result.firstBrokenIsRecord = true
                            break walk
                        }
                        result.records += 1
                    }
                    result.head = entry.hash
                    result.verified += 1
                    meter.advance()
                    if let expect, entry.hash.hasPrefix(expect) { result.expectedMatches += 1 }
                }
                guard let last = entries.last, entries.count == size else { break }
                after = last.seq
            }
            guard result.firstBroken == nil else { return }
            meter.phase = "every sealed row against its record"
            try coverage(db, into: &result.problems)
            meter.phase = "numbering"
            try numbering(db, into: &result.problems)
        }
        return result
    }

    /// A form-1 document's dependent rows against the `dependents` record the
    /// "0008-seal" migration made of them (none when it had none).
    static func formOneDependentsMatch(_ id: Int64, number: String, in db: Database) throws -> Bool {
        guard let type = try db.scalarText("SELECT type FROM document WHERE id = ?", [id]) else { return false }
        let content = try dependents(documentID: id, type: type, in: db)
        let sealed =
            try db.first(
                """
                SELECT digest FROM chain WHERE kind = 'dependents' AND subject = ? AND document_id IS NULL
                ORDER BY seq DESC LIMIT 1
                """, [number]
            ) {
                $0.optionalText(0)
            } ?? nil
        return sealed == (content.isEmpty ? nil : SHA256.hex(content.utf8))
    }

    /// Rows that are not (or no longer) what the chain sealed.
    static func coverage(_ db: Database, into problems: inout [String]) throws {
        try db.prepare(
            "SELECT number FROM document d WHERE NOT EXISTS (SELECT 1 FROM chain c WHERE c.document_id = d.id) ORDER BY id"
        )
        .forEach { problems.append("document \($0.text(0)) is not in the hash chain: it was added outside Scorta") }
        for dependent in SealedTable.dependents {
            let wrongType = dependent.type.isEmpty ? "" : " OR d.type != '\(dependent.type)'"
            try db.makeStatement(
                """
                SELECT t.document_id, d.number FROM \(dependent.table) t LEFT JOIN document d ON d.id = t.document_id
                WHERE (\(dependent.condition)) AND (d.id IS NULL\(wrongType)) ORDER BY t.document_id
                """
            ).forEach { row in
                let document = row.optionalText(1) ?? "#\(row.int64(0)), which does not exist"
                problems.append(
                    "a \(dependent.table) row of document \(document) is outside the hash chain: it was added outside Scorta"
                )
            }
        }
        for table in SealedTable.all { try coverage(table, db, into: &problems) }
        try documentLotsCoverage(db, into: &problems)
    }

    /// A lot that names the document that created it is sealed only inside
    /// that document's form-3 hash, after the first of its lines that brings
    /// it in: a lot naming a document of another form, or none of whose
    /// lines, is in no hash at all.
    static func documentLotsCoverage(_ db: Database, into problems: inout [String]) throws {
        try db.makeStatement(
            """
            SELECT n.id, d.number FROM lot n
            LEFT JOIN document d ON d.id = n.document_id LEFT JOIN chain c ON c.document_id = n.document_id
            WHERE n.document_id IS NOT NULL AND (c.form IS NULL OR c.form < \(lotsForm) OR NOT EXISTS (
                SELECT 1 FROM document_line l WHERE l.item_id = n.item_id AND l.lot_id = n.id AND l.document_id = n.document_id))
            ORDER BY n.id
            """
        ).forEach { row in
            let document = row.optionalText(1) ?? "which does not exist"
            problems.append(
                "lot \(row.int64(0)) names document \(document) but is not sealed by it: it was changed outside Scorta")
        }
    }

    /// Every row of `table` equal to its latest record, and every record whose
    /// row should exist present.
    static func coverage(_ table: SealedTable, _ db: Database, into problems: inout [String]) throws {
        var matched = 0
        // Rows in hand, proved against their latest records a batch at a time.
        var pending: [(subject: String, digest: String)] = []
        func settle() throws {
            let latest = try latestDigests(kind: table.name, subjects: pending.map(\.subject), in: db)
            for row in pending {
                switch latest[row.subject] {
                case .none, .some(.none):
                    problems.append("\(table.name) \(row.subject) is not sealed: it was added outside Scorta")
                case .some(.some(let digest)) where digest != row.digest:
                    problems.append(
                        "\(table.name) \(row.subject) no longer matches its sealed record: it was changed outside Scorta"
                    )
                default:
                    matched += 1
                }
            }
            pending.removeAll(keepingCapacity: true)
        }
        try db.makeStatement(table.selectSQL + (table.filter.map { " WHERE \($0)" } ?? "")).forEach { row in
            pending.append((table.subject(of: row), table.digest(of: row)))
            if pending.count == coverageBatch { try settle() }
        }
        try settle()
        let sealedRows =
            try db.scalar(
                """
                SELECT count(*) FROM chain c WHERE c.kind = ?1 AND c.document_id IS NULL AND c.digest IS NOT NULL
                AND NOT EXISTS (
                    SELECT 1 FROM chain n
                    WHERE n.kind = ?1 AND n.document_id IS NULL AND n.subject = c.subject AND n.seq > c.seq)
                """, [table.name]) ?? 0
        guard sealedRows > matched else { return }
        // Some sealed row is gone: name it (only now pay for the set of subjects).
        var present = Set<String>()
        try db.makeStatement(table.selectSQL + (table.filter.map { " WHERE \($0)" } ?? "")).forEach {
            present.insert(table.subject(of: $0))
        }
        try db.prepare(
            """
            SELECT c.subject FROM chain c WHERE c.kind = ?1 AND c.document_id IS NULL AND c.digest IS NOT NULL
            AND NOT EXISTS (
                SELECT 1 FROM chain n
                WHERE n.kind = ?1 AND n.document_id IS NULL AND n.subject = c.subject AND n.seq > c.seq)
            ORDER BY c.seq
            """
        ).forEach([table.name]) { row in
            if !present.contains(row.text(0)) {
                problems.append("\(table.name) \(row.text(0)) is sealed but missing: it was deleted outside Scorta")
            }
        }
    }
}
