/// What `verify` reads, a batch at a time instead of a row at a time.
///
/// Recomputing a document's hash reads its header, its lines and, for a
/// distribution, four kinds of dependent rows: six statements a document,
/// and proving a sealed row read its latest record, one statement a row. On
/// SQLite each is a b-tree probe; on a server each is a round trip, and
/// `verify` of the smoke ledger took 921 ms on PostgreSQL against 215 ms.
/// Here a batch of documents is read with one statement per table, and the
/// latest records of up to 256 rows with one. The bytes hashed are the
/// same (`hash(documentID:)` stays the one definition, used for a single
/// document and for form 1).
extension HashChain {
    /// The canonical content of a batch of documents, by document id.
    struct DocumentContents {
        /// "D2\n" + the header's canonical form, and the document's type.
        var headers: [Int64: (type: String, bytes: [UInt8])] = [:]
        /// Each line as "L" + its canonical form, in id order.
        var lines: [Int64: [UInt8]] = [:]
        /// Dependent rows by tag ("R", "S", "O", "P", "C"), in the order `dependents` reads them.
        var dependents: [String: [Int64: [UInt8]]] = [:]

        /// The form-2 hash of document `id` chained to `previous`, as
        /// `hash(documentID:form:previous:in:)` computes it; nil when it does not exist.
        func hash(_ id: Int64, previous: String) -> String? {
            guard let header = headers[id] else { return nil }
            var hasher = SHA256()
            hasher.update(previous.utf8)
            hasher.update(header.bytes)
            if let lines = lines[id] { hasher.update(lines) }
            for tag in HashChain.dependentTags(of: header.type) {
                if let rows = dependents[tag]?[id] { hasher.update(rows) }
            }
            return SHA256.hexString(hasher.finalize())
        }
    }

    /// The dependent rows a document of `type` is hashed with, by tag, in order.
    static func dependentTags(of type: String) -> [String] {
        switch type {
        case "distribution": ["R", "S", "O", "P"]
        case "count": ["C"]
        default: []
        }
    }

    /// The dependent tables: tag, query (selected columns, table, order) and the columns' names.
    static func dependentQueries(_ db: Database) -> [(tag: String, sql: String, columns: [String])] {
        let recipient = [
            "member_id", "age_band", "age", "sex", "homeless", "disability", "third_country", "foreign_minority"
        ]
        let points = [
            "id", "household_id", "date", "kind", "points", "cycle_start", "reason", "balance_after", "recorded_at",
            "operator"
        ]
        return [
            ("R", "\(recipient.joined(separator: ", ")) FROM distribution_recipient|ordinal", recipient),
            ("S", "item_id, quantity, unit_points FROM market_sale|item_id", ["item_id", "quantity", "unit_points"]),
            ("O", "rule, reason, operator FROM market_override|ordinal", ["rule", "reason", "operator"]),
            ("P", "\(points.joined(separator: ", ")) FROM points_entry|id", points),
            (
                "C", "item_id, lot_id, expected, counted FROM count_line|item_id, lot_id",
                ["item_id", "lot_id", "expected", "counted"]
            )
        ].map { tag, text, columns in
            let parts = text.split(separator: "|")
            return (
                tag,
                """
                SELECT document_id, \(parts[0]) WHERE document_id IS NOT NULL AND document_id IN (\(batchDocuments))
                ORDER BY document_id, \(parts[1])
                """, columns
            )
        }
    }

    /// The documents of the chain entries after seq ?1 up to seq ?2.
    static let batchDocuments =
        "SELECT c.document_id FROM chain c WHERE c.seq > ? AND c.seq <= ? AND c.document_id IS NOT NULL"

    /// Reads the content of every document of the chain entries in `seqs` (after, through].
    static func contents(after: Int64, through last: Int64, in db: Database) throws -> DocumentContents {
        var contents = DocumentContents()
        let columns = headerColumns.map {
            $0 == "note" ? "CASE WHEN type = 'distribution' THEN NULL ELSE note END" : $0
        }
        // Fixed texts, one per table: cached.
        try db.cachedStatement(
            "SELECT \(columns.joined(separator: ", ")), type FROM document WHERE id IN (\(batchDocuments))"
        ).forEach([after, last]) { row in
            var bytes = Array("D2\n".utf8)
            appendCanonical(headerColumns.enumerated().map { ($0.element, row.value($0.offset)) }, to: &bytes)
            contents.headers[row.int64(0)] = (row.text(headerColumns.count), bytes)
        }
        try db.cachedStatement(
            """
            SELECT document_id, id, item_id, lot_id, quantity, from_location_id, to_location_id FROM document_line
            WHERE document_id IN (\(batchDocuments)) ORDER BY document_id, id
            """
        ).forEach([after, last]) { row in
            let id = row.int64(0)
            contents.lines[id, default: []].append(UInt8(ascii: "L"))
            appendCanonical(
                lineColumns.enumerated().map { ($0.element, row.value($0.offset + 1)) },
                to: &contents.lines[id, default: []])
        }
        for (tag, sql, names) in dependentQueries(db) {
            var rows: [Int64: [UInt8]] = [:]
            try db.cachedStatement(sql).forEach([after, last]) { row in
                let id = row.int64(0)
                rows[id, default: []].append(contentsOf: tag.utf8)
                appendCanonical(
                    names.enumerated().map { ($0.element, row.value($0.offset + 1)) }, to: &rows[id, default: []])
            }
            contents.dependents[tag] = rows
        }
        return contents
    }

    // MARK: - Latest records

    /// The latest record's digest of each of `subjects` of `kind`: absent
    /// when it has none, nil inside when the latest record says removed.
    static func latestDigests(kind: String, subjects: [String], in db: Database) throws -> [String: String?] {
        var latest: [String: (seq: Int64, digest: String?)] = [:]
        var start = 0
        while start < subjects.count {
            var power = 8
            while 1 << power > subjects.count - start { power -= 1 }
            let size = 1 << power
            // One of nine fixed texts (1, 2, 4, … 256 subjects): cached, but
            // for a long list on a server. There a kept statement gets a
            // generic plan after five runs, which reads every record of the
            // kind through the partial index and tests the list row by row
            // (unhashed: its values are parameters): 40 ms a batch of 256 at
            // the smoke size, most of `verify`. Planned for its own values,
            // the list is hashed or looked up in the index (about 1 ms).
            let list = Array(repeating: "?", count: size).joined(separator: ", ")
            let sql =
                "SELECT subject, seq, digest FROM chain WHERE kind = ? AND document_id IS NULL AND subject IN (\(list))"
            let statement =
                db.isPostgreSQL && size >= longSubjectList ? try db.makeStatement(sql) : try db.cachedStatement(sql)
            try statement.forEach([kind] + subjects[start..<start + size]) { row in
                let subject = row.text(0)
                let seq = row.int64(1)
                if let known = latest[subject], known.seq > seq { return }
                latest[subject] = (seq, row.optionalText(2))
            }
            start += size
        }
        return latest.mapValues(\.digest)
    }

    /// Rows of a sealed table checked against their latest records at a time.
    static let coverageBatch = 256

    /// Subjects from which a server plans the latest-record look-up for each
    /// batch (see `latestDigests`); shorter lists, a sealing's usual, stay kept.
    static let longSubjectList = 32
}
