/// Who and when, shared by every posting command.
public struct PostingContext: Sendable {
    public var date: CivilDate
    public var operatorName: String
    public var reference: String?
    public var note: String?

    public init(date: CivilDate, operatorName: String, reference: String? = nil, note: String? = nil) {
        self.date = date
        self.operatorName = operatorName
        self.reference = reference
        self.note = note
    }

    func draft(_ type: DocumentType) -> DocumentDraft {
        var draft = DocumentDraft(type: type, date: date, operatorName: operatorName)
        draft.reference = reference
        draft.note = note
        return draft
    }
}

extension Ledger {
    /// Goods in at a location from a supplier or donor (ricevimento), with the
    /// delivery note (DDT) as reference. Lots are created on first sight.
    /// A supplier's delivery note is received once: the same reference from
    /// the same counterparty (or from none) is refused, naming the earlier
    /// receipt, unless `duplicateReference` says it is intended; a receipt
    /// that was reversed frees its reference.
    @discardableResult
    public func receive(
        at locationCode: String, from counterparty: String?, lines specs: [LineSpec],
        context: PostingContext, duplicateReference: Bool = false
    ) throws -> PostedDocument {
        // On SQLite the lots are first taken for new, unread (most receipts bring new lots);
        // when one exists after all, the receipt is rolled back and posted again, looked up.
        func receive(assumingNewLots: Bool) throws -> PostedDocument {
            // A bulk receipt's transaction changes more pages than SQLite's cache holds (see `withPageCache`).
            guard specs.count <= Ledger.bulkLines else {
                return try db.withPageCache(kibibytes: Ledger.bulkCacheKibibytes) {
                    try receiving(
                        at: locationCode, from: counterparty, lines: specs, context: context,
                        duplicateReference: duplicateReference, assumingNewLots: assumingNewLots)
                }
            }
            return try receiving(
                at: locationCode, from: counterparty, lines: specs, context: context,
                duplicateReference: duplicateReference, assumingNewLots: assumingNewLots)
        }
        // Not inside an all-or-nothing transaction either: there the taken-for-new attempt, once it has written,
        // cannot be undone alone, and a lot that exists would fail the whole transaction instead of the attempt.
        guard !db.isPostgreSQL, !db.unitsAllOrNothing else { return try receive(assumingNewLots: false) }
        // Every id a receipt writes is read in its own transaction first (see `withoutStatementJournal`).
        return try db.withoutStatementJournal {
            do {
                return try receive(assumingNewLots: true)
            } catch is Catalogue.LotsNotLookedUp {
                return try receive(assumingNewLots: false)
            }
        }
    }

    /// Past this many lines a receipt is a bulk one: its transaction gets a page cache of its size.
    static let bulkLines = 2_000
    /// About 150 bytes of changed pages a line (lot, line, balance, day and their indexes: 100,000 lines grew a new
    /// ledger's file by 14.9 MB); three times that leaves room for the pages read beside them and for longer lots.
    public static let bulkCacheKibibytes = 49_152

    private func receiving(
        at locationCode: String, from counterparty: String?, lines specs: [LineSpec],
        context: PostingContext, duplicateReference: Bool, assumingNewLots: Bool
    ) throws -> PostedDocument {
        try db.inSavepoint {
            let location = try catalogue.location(code: locationCode)
            try requireActive(location)
            if let reference = context.reference, !duplicateReference,
                let earlier = try earlierReceipt(reference: reference, from: counterparty)
            {
                let supplier = counterparty.map { "from \($0)" } ?? "with no supplier"
                throw ScortaError.refused(
                    "delivery note \(reference) \(supplier) was already received as \(earlier.number) on \(earlier.date); "
                        + "give --duplicate-ref if this is another delivery under the same note")
            }
            var draft = context.draft(.receipt)
            draft.locationID = location.id
            draft.counterparty = counterparty
            // Items first, line by line; the lots of the lines before any bad one then in one go
            // (`lookUpLots`), so the first error in line order is the one refused, as before.
            // New lots are created by the posting and sealed inside the receipt (form 3).
            var items: [String: Item] = [:]
            var received: [(itemID: Int64, lot: Int?)] = []
            var requests: [Catalogue.LotRequest] = []
            var requestLines: [Int] = []
            var lineError: (any Error)?
            for spec in specs {
                do {
                    guard spec.quantity > 0 else {
                        throw ScortaError.invalid("\(spec.sku): a receipt needs a positive quantity")
                    }
                    let item: Item
                    if let known = items[spec.sku] {
                        item = known
                    } else {
                        item = try catalogue.item(sku: spec.sku)
                        items[spec.sku] = item
                    }
                    guard !item.isKit else {
                        throw ScortaError.invalid(
                            "kit '\(item.sku)' cannot be received: assemble it from its components")
                    }
                    received.append((item.id, spec.lot.map { _ in requests.count }))
                    if let code = spec.lot {
                        requests.append(.init(item: item, code: code, expiry: spec.expiry))
                        requestLines.append(received.count)
                    }
                } catch {
                    lineError = error
                    break
                }
            }
            let (lots, newLots) = try catalogue.lookUpLots(requests, assumingNew: assumingNewLots) { request in
                // A new lot must fit a GS1-128 (10) element, so its lot label can always be printed.
                let code = requests[request].code
                if let problem = GS1.lotProblem(code) {
                    // Taken for new unread, it may be an older lot that exists: looked up, it is said which.
                    if assumingNewLots { throw Catalogue.LotsNotLookedUp() }
                    throw ScortaError.invalid(
                        "line \(requestLines[request]) (\(requests[request].sku)): lot '\(code)' \(problem)")
                }
            }
            if let lineError { throw lineError }
            draft.newLots = newLots
            draft.newLotsUnlooked = assumingNewLots
            draft.lines = zip(received, specs).map { line, spec in
                var posted = DocumentDraft.Line(
                    itemID: line.itemID, lotID: Lot.noLot, quantity: spec.quantity, from: nil, to: location.id)
                switch line.lot.map({ lots[$0] }) {
                case .existing(let id): posted.lotID = id
                case .new(let index): (posted.lotID, posted.newLot) = (nil, index)
                case nil: break
                }
                return posted
            }
            return try post(draft)
        }
    }

    /// The earliest receipt, not reversed, of the same delivery note from the same counterparty.
    func earlierReceipt(reference: String, from counterparty: String?) throws -> (number: String, date: String)? {
        try db.first(
            """
            SELECT d.number, d.date FROM document d
            WHERE d.type = 'receipt' AND d.reference = ? AND d.counterparty IS NOT DISTINCT FROM ?
              AND NOT EXISTS (SELECT 1 FROM document_reversal WHERE document_id = d.id)
            ORDER BY d.id LIMIT 1
            """, [reference, counterparty]
        ) { ($0.text(0), $0.text(1)) }
    }

    /// Moves stock between two locations: one line per item and lot, not two transactions.
    @discardableResult
    public func transfer(
        from fromCode: String, to toCode: String, lines specs: [LineSpec],
        context: PostingContext
    ) throws -> PostedDocument {
        try db.inSavepoint {
            // What the transfer looks up first, and the closed period posting checks, in one round trip on a server.
            try catalogue.readAhead(
                locations: [fromCode, toCode], items: specs.map(\.sku), also: [(Ledger.closedUntilSQL.description, [])])
            let from = try catalogue.location(code: fromCode)
            let to = try catalogue.location(code: toCode)
            guard from.id != to.id else {
                throw ScortaError.invalid("a transfer needs two different locations (both are \(from.code))")
            }
            try requireActive(to)
            var draft = context.draft(.transfer)
            draft.locationID = from.id
            for spec in specs {
                let (item, lot) = try resolve(spec)
                guard spec.quantity > 0 else {
                    throw ScortaError.invalid("\(spec.sku): a transfer needs a positive quantity")
                }
                draft.lines.append(
                    .init(itemID: item.id, lotID: lot, quantity: spec.quantity, from: from.id, to: to.id))
            }
            return try post(draft)
        }
    }

    /// Corrects stock with a reason: a negative quantity takes stock out
    /// (damaged, expired, lost), a positive one adds it (found).
    @discardableResult
    public func adjust(
        at locationCode: String, reason: AdjustmentReason, lines specs: [LineSpec],
        context: PostingContext
    ) throws -> PostedDocument {
        try db.inSavepoint {
            let location = try catalogue.location(code: locationCode)
            var draft = context.draft(.adjustment)
            draft.locationID = location.id
            draft.reason = reason.rawValue
            for spec in specs {
                let (item, lot) = try resolve(spec, creatingLots: spec.quantity > 0)
                let out = spec.quantity < 0
                draft.lines.append(
                    .init(
                        itemID: item.id, lotID: lot ?? (out ? nil : Lot.noLot), quantity: abs(spec.quantity),
                        from: out ? location.id : nil, to: out ? nil : location.id))
            }
            return try post(draft)
        }
    }

    /// The item and lot a typed line names; no lot means "any lot" (nil).
    func resolve(_ spec: LineSpec, creatingLots: Bool = false) throws -> (Item, Int64?) {
        let item = try catalogue.item(sku: spec.sku)
        guard let code = spec.lot else { return (item, nil) }
        if creatingLots { return (item, try catalogue.ensureLot(item: item, code: code, expiry: spec.expiry)) }
        guard let lot = try catalogue.lot(itemID: item.id, code: code) else {
            throw ScortaError.invalid("lot '\(code)' of \(item.sku) does not exist")
        }
        return (item, lot.id)
    }

    func requireActive(_ location: Location) throws {
        guard location.active else { throw ScortaError.refused("location '\(location.code)' is no longer active") }
    }
}
