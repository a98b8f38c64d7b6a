/// A document's canonical form (2) built from the values Scorta has just
/// written, in the posting transaction, instead of read back from the rows:
/// the same bytes `HashChain.hash(documentID:)` reads (header, lines, then
/// the dependent rows in the order it reads them), so the same hash and the
/// same head, and `verify` recomputes it from the rows as before. Reading
/// them back was a tenth of posting the benchmark's dataset, and on
/// PostgreSQL six to ten round trips a document.
struct DocumentForm {
    let id: Int64
    let number: String
    /// Everything after the previous entry's hash.
    private(set) var bytes: [UInt8] = []

    /// The header as `HashChain.headerColumns` reads it (a distribution's note left out).
    init(id: Int64, number: String, draft: DocumentDraft, recordedAt: String) {
        self.id = id
        self.number = number
        bytes.reserveCapacity(512)
        bytes.append(contentsOf: "D\(HashChain.form)\n".utf8)
        let note = draft.type == .distribution ? nil : draft.note
        let values: [SQLValue] = [
            .integer(id), .text(draft.type.rawValue), .text(number), .text(draft.date.description), .text(recordedAt),
            .text(draft.operatorName), draft.locationID.sqlValue, draft.counterparty.sqlValue,
            draft.reference.sqlValue, draft.reason.sqlValue, note.sqlValue, draft.channelID.sqlValue,
            draft.householdID.sqlValue, draft.reversesID.sqlValue
        ]
        HashChain.appendCanonical(zip(HashChain.headerColumns, values), to: &bytes)
    }

    /// A line as written (`lot` is the lot written: `Lot.noLot` when none), in id order.
    mutating func appendLine(id: Int64, _ line: DocumentDraft.Line, lot: Int64) {
        bytes.append(UInt8(ascii: "L"))
        let values: [SQLValue] = [
            .integer(id), .integer(line.itemID), .integer(lot), .integer(Int64(line.quantity)), line.from.sqlValue,
            line.to.sqlValue
        ]
        HashChain.appendCanonical(zip(HashChain.lineColumns, values), to: &bytes)
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
        var bytes = Array(try head(db).utf8)
        bytes.append(contentsOf: document.bytes)
        let hash = SHA256.hex(bytes)
        try db.write(
            "INSERT INTO chain(document_id, kind, subject, form, hash) VALUES (?, 'document', ?, ?, ?)",
            [document.id, document.number, form, hash])
        try db.write("UPDATE document SET hash = ? WHERE id = ?", [hash, document.id])
    }
}
