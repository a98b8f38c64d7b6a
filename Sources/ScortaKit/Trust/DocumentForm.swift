/// A document's canonical form (2, or 3 with the lots it created) built from the values Scorta has just
/// written, in the posting transaction, instead of read back from the rows:
/// the same bytes `HashChain.hash(documentID:)` reads (header, lines, then
/// the dependent rows in the order it reads them), so the same hash and the
/// same head, and `verify` recomputes it from the rows as before. Reading
/// them back was a tenth of posting the benchmark's dataset, and on
/// PostgreSQL six to ten round trips a document.
struct DocumentForm {
    let id: Int64
    let number: String
    /// 2, or 3 for a document that creates lots (`appendNewLot`).
    let form: Int
    /// Everything after the previous entry's hash (what is not hashed yet, see `hashAsItGrows`).
    private(set) var bytes: [UInt8] = []
    /// The previous entry's hash and the bytes hashed so far, when the form is hashed as it grows.
    private var hashed: (previous: String, hasher: SHA256)?

    /// The header as `HashChain.headerColumns` reads it (a distribution's note left out).
    init(id: Int64, number: String, draft: DocumentDraft, recordedAt: String, form: Int = HashChain.form) {
        self.id = id
        self.number = number
        self.form = form
        bytes.reserveCapacity(512)
        bytes.append(contentsOf: "D\(form)\n".utf8)
        let note = draft.type == .distribution ? nil : draft.note
        let values: [SQLValue] = [
            .integer(id), .text(draft.type.rawValue), .text(number), .text(draft.date.description), .text(recordedAt),
            .text(draft.operatorName), draft.locationID.sqlValue, draft.counterparty.sqlValue,
            draft.reference.sqlValue, draft.reason.sqlValue, note.sqlValue, draft.channelID.sqlValue,
            draft.householdID.sqlValue, draft.reversesID.sqlValue
        ]
        HashChain.appendCanonical(zip(HashChain.headerColumns, values), to: &bytes)
    }

    /// Hashes the form as it grows, chained to `previous` (the head now; nothing else may be sealed
    /// before this form is), so a receipt of 100,000 lines never holds its 15 MB of canonical bytes.
    mutating func hashAsItGrows(previous: String) {
        var hasher = SHA256()
        hasher.update(previous.utf8)
        hasher.update(bytes)
        bytes.removeAll(keepingCapacity: true)
        hashed = (previous, hasher)
    }

    private mutating func hashWhatIsHeld() {
        guard hashed != nil, bytes.count >= 1 << 14 else { return }
        hashed!.hasher.update(bytes)
        bytes.removeAll(keepingCapacity: true)
    }

    /// The entry's hash chained to `head`.
    func hash(after head: String) throws -> String {
        guard var hasher = hashed?.hasher, let previous = hashed?.previous else {
            var all = Array(head.utf8)
            all.append(contentsOf: bytes)
            return SHA256.hex(all)
        }
        guard previous == head else {
            throw ScortaError.invalid("the hash chain moved on while document \(number) was being sealed")
        }
        hasher.update(bytes)
        return SHA256.hexString(hasher.finalize())
    }

    /// A line as written (`lot` is the lot written: `Lot.noLot` when none), in id order.
    mutating func appendLine(id: Int64, _ line: DocumentDraft.Line, lot: Int64) {
        bytes.append(UInt8(ascii: "L"))
        let prefixes = HashChain.linePrefixes
        bytes.appendCanonicalField(prefixes[0], integer: id)
        bytes.appendCanonicalField(prefixes[1], integer: line.itemID)
        bytes.appendCanonicalField(prefixes[2], integer: lot)
        bytes.appendCanonicalField(prefixes[3], integer: Int64(line.quantity))
        bytes.appendCanonicalField(prefixes[4], integer: line.from)
        bytes.appendCanonicalField(prefixes[5], integer: line.to)
        hashWhatIsHeld()
    }

    /// Form 3: a lot the document created, right after the first of its lines that brings it in
    /// (as `HashChain.hashLinesWithNewLots` reads it back), its columns as `Catalogue.createLots` writes them.
    mutating func appendNewLot(id: Int64, _ lot: Catalogue.LotRequest) {
        bytes.append(UInt8(ascii: "N"))
        let prefixes = HashChain.lotPrefixes
        bytes.appendCanonicalField(prefixes[0], integer: id)
        bytes.appendCanonicalField(prefixes[1], integer: lot.itemID)
        bytes.appendCanonicalField(prefixes[2], text: lot.code)
        bytes.appendCanonicalField(prefixes[3], text: lot.expiry?.description)
        bytes.appendCanonicalField(prefixes[4], integer: lot.recipeID)
        hashWhatIsHeld()
    }

    /// Form 3: the lines as written (`ids` in their order), each new lot after the first line that
    /// brings it in (reading the lines and lots back for it was a fifth of a bulk receipt).
    /// `newLotOfLine`: which of `newLots` a line brings in; `created`: their ids.
    mutating func appendLinesWithNewLots(
        _ lines: [DocumentDraft.Line], ids: [Int64], newLotOfLine: [Int?], created: [Int64],
        _ newLots: [Catalogue.LotRequest]
    ) {
        var lotSealed = [Bool](repeating: false, count: created.count)
        for (index, id) in zip(lines.indices, ids) {
            appendLine(id: id, lines[index], lot: lines[index].lotID ?? Lot.noLot)
            if let new = newLotOfLine[index], !lotSealed[new] {
                lotSealed[new] = true
                appendNewLot(id: created[new], newLots[new])
            }
        }
    }

    /// A dependent row (`HashChain.dependents`): its tag and its columns' values in order.
    mutating func appendDependent(_ tag: Dependent, _ values: [SQLValue]) {
        bytes.append(tag.rawValue)
        HashChain.appendCanonical(zip(tag.columns, values), to: &bytes)
    }

    /// The kinds of dependent rows, in the order the form takes them:
    /// recipients, sales by item, overrides, the points spend.
    enum Dependent: UInt8 {
        case recipient = 82  // "R"
        case sale = 83  // "S"
        case override = 79  // "O"
        case points = 80  // "P"

        var columns: [String] {
            switch self {
            case .recipient: HashChain.recipientColumns
            case .sale: HashChain.saleColumns
            case .override: HashChain.overrideColumns
            case .points: HashChain.pointsColumns
            }
        }
    }
}

extension HashChain {
    /// Seals a document posted in this transaction from its form in hand, as
    /// the next chain entry: one read (the head) and two writes that need no
    /// answer, against the header, lines and dependents read back.
    static func seal(_ document: DocumentForm, in db: Database) throws {
        let hash = try document.hash(after: try head(db))
        try db.write(
            "INSERT INTO chain(document_id, kind, subject, form, hash) VALUES (?, 'document', ?, ?, ?)",
            [document.id, document.number, document.form, hash])
        try db.write("UPDATE document SET hash = ? WHERE id = ?", [hash, document.id])
    }
}
