/// The stock ledger: posts documents and keeps balances in step.
///
///     let ledger = Ledger(db)
///     var draft = DocumentDraft(type: .transfer, date: .today(), operatorName: "anna")
///     draft.lines = [.init(itemID: soap.id, lotID: nil, quantity: 12, from: magA.id, to: market.id)]
///     let posted = try ledger.post(draft)   // TRA-2026-00001
public struct Ledger {
    public let db: Database
    public let catalogue: Catalogue

    public init(_ db: Database) {
        self.db = db
        self.catalogue = Catalogue(db)
    }

    /// The one posting path for every document type. In one transaction (a
    /// savepoint when the caller has one open): refuses dates after today or
    /// in a closed period, resolves first-expiry lots, numbers the document,
    /// writes it and its lines, moves the balances, refusing stock that would
    /// go negative on its date or any later one, and seals the document into
    /// the hash chain (tamper evidence).
    ///
    /// With `dependentsFollow` the caller still writes rows that belong to
    /// the document's hash (a distribution's recipients, a checkout's sales
    /// and points, a count's baseline) and seals the document itself once
    /// they are written, in the same savepoint: the hash is the same, it is
    /// computed once instead of once here and again after them.
    @discardableResult
    public func post(_ draft: DocumentDraft) throws -> PostedDocument { try post(draft, dependentsFollow: false) }

    func post(_ draft: DocumentDraft, dependentsFollow: Bool) throws -> PostedDocument {
        try posting(draft, sealed: !dependentsFollow).document
    }

    /// Posts the draft and gives its canonical form as written (see
    /// `DocumentForm`), sealed unless the caller still appends dependent rows
    /// to it and seals it (`HashChain.seal(_:in:)`) in the same transaction.
    /// A document that creates lots is sealed here under form 3 (no form given back).
    /// `dateChecked`: the caller has checked the draft's date (`checkPostingDate`) in the same
    /// transaction, before anything was written (a checkout says a wrong date first): not asked again.
    func posting(_ draft: DocumentDraft, sealed: Bool, shelf: ShelfLots? = nil, dateChecked: Bool = false) throws -> (
        document: PostedDocument, form: DocumentForm?
    ) {
        try db.inSavepoint {
            if !dateChecked { try checkPostingDate(draft.date) }
            guard !draft.operatorName.trimmingSpaces.isEmpty else {
                throw ScortaError.invalid("an operator name is required")
            }
            guard !draft.lines.isEmpty || draft.type == .count else {
                throw ScortaError.invalid("a \(draft.type.rawValue) needs at least one line")
            }
            guard draft.newLots.isEmpty || sealed else {
                preconditionFailure("a document that creates lots seals them itself: it cannot have dependents follow")
            }
            // The document's number goes with the judging's first question (its own round trip before),
            // and on a server so do its id and its lines' (`Database.reserveIDs`): their inserts wait for
            // nothing. A line may be split among lots, never dropped; a long document's lines (a bulk
            // receipt's) take theirs as they are written, a round trip among many.
            readNumberAlong(draft.type, year: draft.date.year)
            db.reserveIDs("document", count: 1)
            if draft.lines.count <= 64 { db.reserveIDs("document_line", count: draft.lines.count) }
            var (lines, judged, lotKeys) = try resolveLotsJudging(draft.lines, on: draft.date, shelf: shelf)
            let number = try nextNumber(draft.type, year: draft.date.year, consume: true)
            let recordedAt = Clock.timestamp()
            let documentID = try db.insertReserved(
                "document",
                """
                INSERT INTO document(type, number, date, recorded_at, operator, location_id, counterparty, reference,
                                     reason, note, channel_id, household_id, reverses_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                """,
                withID: """
                    INSERT INTO document(id, type, number, date, recorded_at, operator, location_id, counterparty,
                                         reference, reason, note, channel_id, household_id, reverses_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                [
                    draft.type.rawValue, number, draft.date.description, recordedAt, draft.operatorName,
                    draft.locationID, draft.counterparty, draft.reference, draft.reason, draft.note,
                    draft.channelID, draft.householdID, draft.reversesID
                ])
            let created =
                draft.newLots.isEmpty
                ? [] : try catalogue.createLots(draft.newLots, sealedBy: documentID, unlooked: draft.newLotsUnlooked)
            // Which line brings in which new lot, for form 3.
            let newLotOfLine: [Int?] = draft.newLots.isEmpty ? [] : lines.map(\.newLot)
            for index in lines.indices {
                guard let new = lines[index].newLot else { continue }
                guard lines[index].from == nil, created.indices.contains(new) else {
                    throw ScortaError.invalid("only a line bringing stock in can name a lot its document creates")
                }
                lines[index].lotID = created[new]
                lines[index].newLot = nil
            }
            // Stock coming in and the lines are written many rows a statement; what came in is
            // written before any stock leaves, so every refusal sees the lines before it.
            var incoming = IncomingStock()
            // Written a statement's worth at a time (nothing reads a document's own lines while it posts).
            var lineRows: [SQLValue] = []
            lineRows.reserveCapacity(6 * min(lines.count, BatchedSQL.maximumRows))
            var lineIDs: [Int64] = []
            lineIDs.reserveCapacity(lines.count)
            func writeLines() throws {
                lineIDs += try db.insertBatchedReserved(
                    "document_line", Ledger.insertLines, returningID: Ledger.insertLinesReturningID,
                    withID: Ledger.insertLinesWithID, values: lineRows)
            }
            for (index, line) in lines.enumerated() {
                try Ledger.requireMovement(line)
                let lot = line.lotID ?? Lot.noLot
                if let from = line.from {
                    try incoming.write(on: draft.date, in: db)
                    try takeOut(line, from: from, on: draft.date, judged: judged.contains(index))
                }
                if let to = line.to {
                    // A new lot's key from its request; a picked one's as read; any other looked up once.
                    let newLot = newLotOfLine.isEmpty ? nil : newLotOfLine[index]
                    let key =
                        try newLot.map { Lot.pickExpiry(draft.newLots[$0].expiry) }
                        ?? pickExpiry(of: lot, known: &lotKeys)
                    incoming.add(
                        location: to, item: line.itemID, lot: lot, quantity: line.quantity, pickExpiry: key,
                        newLot: newLot != nil)
                }
                lineRows.append(.integer(documentID))
                lineRows.append(.integer(line.itemID))
                lineRows.append(.integer(lot))
                lineRows.append(.integer(Int64(line.quantity)))
                lineRows.append(line.from.sqlValue)
                lineRows.append(line.to.sqlValue)
                if lineRows.count == 6 * BatchedSQL.maximumRows {
                    try writeLines()
                    lineRows.removeAll(keepingCapacity: true)
                }
            }
            let document = PostedDocument(
                id: documentID, number: number, type: draft.type, date: draft.date, lines: lines)
            // The seal from the values written: the ids are in the order of the lines.
            var form = DocumentForm(
                id: documentID, number: number, draft: draft, recordedAt: recordedAt,
                form: draft.newLots.isEmpty ? HashChain.form : HashChain.lotsForm)
            guard draft.newLots.isEmpty else {
                // The chain's head goes with the lines (the seal's own round trip before): nothing
                // written here touches the chain.
                db.readAlong([(HashChain.headSQL.description, [])])
                try writeLines()
                let head = try HashChain.head(db)
                let hash: @Sendable () -> DocumentForm = { [form, lines, lineIDs, created, newLots = draft.newLots] in
                    var form = form
                    form.hashAsItGrows(previous: head)
                    form.appendLinesWithNewLots(
                        lines, ids: lineIDs, newLotOfLine: newLotOfLine, created: created, newLots)
                    return form
                }
                // Form 3 of a receipt of many lines is hashed on a thread of its own while this one writes
                // the balances and days (100,000 new lots: each takes about as long; 2 December 2026).
                // A few lines are hashed here: a thread's start would cost more.
                let hashing = lines.count > BatchedSQL.maximumRows ? BackgroundWork(hash) : nil
                try incoming.write(on: draft.date, in: db)
                try HashChain.seal(try hashing?.wait() ?? hash(), in: db)
                return (document, nil)
            }
            try incoming.write(on: draft.date, in: db)
            if sealed { db.readAlong([(HashChain.headSQL.description, [])]) }
            try writeLines()
            for (line, id) in zip(lines, lineIDs) { form.appendLine(id: id, line, lot: line.lotID ?? Lot.noLot) }
            if sealed { try HashChain.seal(form, in: db) }
            return (document, form)
        }
    }

    static let insertLines = BatchedSQL(
        "INSERT INTO document_line(document_id, item_id, lot_id, quantity, from_location_id, to_location_id)",
        row: "(?, ?, ?, ?, ?, ?)")
    static let insertLinesReturningID = BatchedSQL(
        "INSERT INTO document_line(document_id, item_id, lot_id, quantity, from_location_id, to_location_id)",
        row: "(?, ?, ?, ?, ?, ?)", " RETURNING id")
    static let insertLinesWithID = BatchedSQL(
        "INSERT INTO document_line(id, document_id, item_id, lot_id, quantity, from_location_id, to_location_id)",
        row: "(?, ?, ?, ?, ?, ?, ?)")

    // MARK: - Numbering

    /// The number the next document of `type` in `year` gets; `consume` takes it.
    /// Callers peek only inside the write transaction that will post it.
    /// On PostgreSQL the transaction reads the sequence row once and writes
    /// it once, when it commits (see `Database+HeldCounters`).
    public func nextNumber(_ type: DocumentType, year: Int, consume: Bool) throws -> String {
        let key = "document_sequence \(type.prefix) \(year)"
        let held = db.holdsCounters ? db.heldCounter(key) : nil
        let last = try held ?? db.scalar(Ledger.sequenceSQL, [type.prefix, year]) ?? 0
        let next = Int(last) + 1
        if consume {
            if db.holdsCounters {
                let prefix = type.prefix
                db.holdCounter(key, value: Int64(next)) { try Ledger.writeSequence(prefix, year, last: $1, in: $0) }
            } else {
                try Ledger.writeSequence(type.prefix, year, last: Int64(next), in: db)
            }
        }
        return "\(type.prefix)-\(year)-" + next.zeroPadded(5)
    }

    static let sequenceSQL: StaticString = "SELECT last FROM document_sequence WHERE prefix = ? AND year = ?"

    /// Holds the read of the next number back to go with the next statement (`Database.readAlong`),
    /// unless the transaction holds the counter already.
    func readNumberAlong(_ type: DocumentType, year: Int) {
        guard !db.holdsCounters || db.heldCounter("document_sequence \(type.prefix) \(year)") == nil else { return }
        db.readAlong([(Ledger.sequenceSQL.description, [type.prefix, year])])
    }

    static func writeSequence(_ prefix: String, _ year: Int, last: Int64, in db: Database) throws {
        try db.write(
            """
            INSERT INTO document_sequence(prefix, year, last) VALUES (?, ?, ?)
            ON CONFLICT(prefix, year) DO UPDATE SET last = excluded.last
            """, [prefix, year, last])
    }

    // MARK: - Balances

    /// A line moves a positive quantity between two different places.
    static func requireMovement(_ line: DocumentDraft.Line) throws {
        guard line.quantity > 0 else { throw ScortaError.invalid("quantities must be positive (got \(line.quantity))") }
        guard line.from != nil || line.to != nil, line.from != line.to else {
            throw ScortaError.invalid("a line must move stock between two different places")
        }
    }

    /// Takes a line's stock out of `from` in the cached balances and the day
    /// it is dated. It is first judged against every later date (see
    /// `Ledger+DateOrder`); the decrement then only matches when enough stock
    /// is there today, so a concurrent writer can never drive it negative.
    /// A line whose lot was picked for it (`judged`, see `resolveLotsJudging`)
    /// is known to fit in date order and skips that first judgement.
    func takeOut(_ line: DocumentDraft.Line, from: Int64, on date: CivilDate, judged: Bool) throws {
        let lot = line.lotID ?? Lot.noLot
        if !judged, let limit = try datedLimit(location: from, item: line.itemID, lot: lot, on: date),
            limit.available < line.quantity
        {
            throw ScortaError.refused(
                try datedShortage(
                    item: line.itemID, lot: lot, location: from, date: date,
                    requested: line.quantity, limit: limit))
        }
        // On a server the decrement is held back with the rest and its count judged with their answers.
        try db.writeChangingRow(
            """
            UPDATE balance SET quantity = quantity - ?1
            WHERE location_id = ?2 AND item_id = ?3 AND lot_id = ?4 AND quantity >= ?1
            """, [line.quantity, from, line.itemID, lot], row: [from, line.itemID, lot]
        ) {
            let available = try available(location: from, item: line.itemID, lot: lot)
            throw ScortaError.refused(
                try shortageMessage(
                    item: line.itemID, lot: lot, location: from,
                    available: available, requested: line.quantity))
        }
        try recordDay(location: from, item: line.itemID, lot: lot, date: date, change: -line.quantity)
    }

    public func available(location: Int64, item: Int64, lot: Int64) throws -> Int {
        Int(try db.scalar(Ledger.availableSQL, [location, item, lot]) ?? 0)
    }

    static let availableSQL: StaticString =
        "SELECT quantity FROM balance WHERE location_id = ? AND item_id = ? AND lot_id = ?"

    func shortageMessage(
        item itemID: Int64, lot lotID: Int64?, location locationID: Int64, available: Int, requested: Int
    ) throws -> String {
        "not enough stock of \(try stockName(item: itemID, lot: lotID, location: locationID)): \(available) available, \(requested) requested"
    }
}
