/// One counted quantity: `SKU[:LOT]=QTY` (QTY may be 0).
public struct CountEntry: Sendable, Equatable {
    public var sku: String
    public var lot: String?
    public var counted: Int

    public init(sku: String, lot: String? = nil, counted: Int) {
        self.sku = sku
        self.lot = lot
        self.counted = counted
    }

    public init(parsing text: String) throws {
        let sides = text.split(separator: "=", omittingEmptySubsequences: false)
        let names = sides.first.map { $0.split(separator: ":", omittingEmptySubsequences: false) } ?? []
        guard sides.count == 2, (1...2).contains(names.count), !names[0].isEmpty,
            let counted = Int(sides[1].trimmingSpaces), counted >= 0, sides[1].trimmingSpaces.first != "+"
        else {
            throw ScortaError.invalid(
                "count '\(text)' must look like SKU[:LOT]=QTY with QTY a whole number of 0 or more")
        }
        self.sku = names[0].trimmingSpaces
        self.lot = names.count == 2 && !names[1].isEmpty ? names[1].trimmingSpaces : nil
        self.counted = counted
    }

    /// A count sheet (see `Sheet`): item (SKU or barcode, with its quantity
    /// per scan), counted (or a plain quantity column), optional lot.
    public static func read(csv text: String, source: String, catalogue: Catalogue) throws -> [CountEntry] {
        let sheet = try Sheet(text, source: source, columns: SheetColumns.count)
        let column = sheet.has("counted") ? "counted" : "quantity"
        try sheet.require(columns: "sku", column)
        let codes = ItemCodes(catalogue)
        return try sheet.rows { record in
            let code = try sheet.require(record, "sku")
            let text = try sheet.require(record, column)
            guard let counted = Int(text), counted >= 0, text.first != "+" else {
                throw ScortaError.invalid("\(column) '\(text)' must be a whole number of 0 or more")
            }
            let lot = sheet[record, "lot"]
            if let lot { try Catalogue.validateCode(lot, what: "lot") }
            // A counted zero is zero whatever the pack size; otherwise scans become units.
            let (item, units) = counted == 0 ? (try codes.resolve(code).item, 0) : try codes.units(counted, of: code)
            return CountEntry(sku: item.sku, lot: lot, counted: units)
        }
    }
}

extension Ledger {
    /// Records a count (inventario) of a location: what was counted and what
    /// the ledger expected are kept as the baseline, and each difference is
    /// posted as a line of the same document. With `full`, stock of items and
    /// lots not listed is taken as counted zero. What was expected is the
    /// balance at the end of the count's date, so a count typed in late
    /// posts the differences it found then.
    @discardableResult
    public func count(at locationCode: String, entries: [CountEntry], full: Bool, context: PostingContext) throws
        -> PostedDocument
    {
        try db.inSavepoint {
            let location = try catalogue.location(code: locationCode)
            var counted: [(item: Int64, lot: Int64, expected: Int, counted: Int)] = []
            var seen = Set<String>()
            for entry in entries {
                let item = try catalogue.item(sku: entry.sku)
                let lot: Int64
                if let code = entry.lot {
                    guard let found = try catalogue.lot(itemID: item.id, code: code) else {
                        throw ScortaError.invalid("lot '\(code)' of \(item.sku) does not exist")
                    }
                    lot = found.id
                } else {
                    // Whether it is held in more than one lot needs two at most; the refusal counts them all.
                    var held = PickingLots(location: location.id, item: item.id)
                    guard try held.lot(1, in: db) == nil else {
                        throw ScortaError.invalid(
                            "\(item.sku) is held in \(try held.all(in: db).count) lots at \(location.code): count each lot as SKU:LOT=QTY"
                        )
                    }
                    lot = try held.lot(0, in: db)?.lot ?? Lot.noLot
                }
                guard seen.insert("\(item.id)/\(lot)").inserted else {
                    throw ScortaError.invalid("\(entry.sku)\(entry.lot.map { ":" + $0 } ?? "") is counted twice")
                }
                counted.append(
                    (
                        item.id, lot, try balance(on: context.date, location: location.id, item: item.id, lot: lot),
                        entry.counted
                    ))
            }
            if full {
                let rest = try db.query(
                    "SELECT item_id, lot_id, quantity FROM balance WHERE location_id = ? AND quantity > 0 ORDER BY item_id, lot_id",
                    [location.id]
                ) { ($0.int64(0), $0.int64(1), $0.int(2)) }
                for (item, lot, _) in rest where !seen.contains("\(item)/\(lot)") {
                    // A count dated earlier expects what was there on its date.
                    let expected = try balance(on: context.date, location: location.id, item: item, lot: lot)
                    if expected > 0 { counted.append((item, lot, expected, 0)) }
                }
            }
            var draft = context.draft(.count)
            draft.locationID = location.id
            draft.reason = full ? "full count" : "partial count"
            for entry in counted where entry.counted != entry.expected {
                let difference = entry.counted - entry.expected
                draft.lines.append(
                    .init(
                        itemID: entry.item, lotID: entry.lot, quantity: abs(difference),
                        from: difference < 0 ? location.id : nil, to: difference > 0 ? location.id : nil))
            }
            let posted = try post(draft, dependentsFollow: true)
            for entry in counted {
                try db.run(
                    "INSERT INTO count_line(document_id, item_id, lot_id, expected, counted) VALUES (?, ?, ?, ?, ?)",
                    [posted.id, entry.item, entry.lot, entry.expected, entry.counted])
            }
            // The baseline is part of the count's hash (form 2).
            try HashChain.seal(documentID: posted.id, in: db)
            return posted
        }
    }
}
