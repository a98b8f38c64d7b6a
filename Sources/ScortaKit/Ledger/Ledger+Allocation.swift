extension Ledger {
    /// Lines that take stock out without naming a lot are split across the
    /// location's lots first-expiry-first-out (lots without expiry last).
    func resolveLots(_ lines: [DocumentDraft.Line]) throws -> [DocumentDraft.Line] {
        var resolved: [DocumentDraft.Line] = []
        // Stock already promised to earlier lines of this same document.
        var promised: [String: Int] = [:]
        for line in lines {
            guard line.lotID == nil, let from = line.from else {
                resolved.append(DocumentDraft.Line(itemID: line.itemID, lotID: line.lotID ?? Lot.noLot,
                                                   quantity: line.quantity, from: line.from, to: line.to))
                continue
            }
            guard line.quantity > 0 else { throw ScortaError.invalid("quantities must be positive (got \(line.quantity))") }
            var remaining = line.quantity
            let lots = try lotsFirstExpiry(location: from, item: line.itemID)
            let promisedBefore = promisedTotal(promised, from, line.itemID)
            for (lot, quantity) in lots where remaining > 0 {
                let key = "\(from)/\(line.itemID)/\(lot)"
                let free = quantity - promised[key, default: 0]
                guard free > 0 else { continue }
                let take = min(free, remaining)
                promised[key, default: 0] += take
                remaining -= take
                resolved.append(DocumentDraft.Line(itemID: line.itemID, lotID: lot, quantity: take, from: from, to: line.to))
            }
            if remaining > 0 {
                let available = lots.reduce(0) { $0 + $1.quantity } - promisedBefore
                throw ScortaError.refused(try shortageMessage(item: line.itemID, lot: nil, location: from,
                                                              available: available, requested: line.quantity))
            }
        }
        return resolved
    }

    private func promisedTotal(_ promised: [String: Int], _ location: Int64, _ item: Int64) -> Int {
        promised.filter { $0.key.hasPrefix("\(location)/\(item)/") }.reduce(0) { $0 + $1.value }
    }

    /// Lots with stock at a location, in picking order: earliest expiry first,
    /// then lots without expiry, oldest lot first within a tie.
    public func lotsFirstExpiry(location: Int64, item: Int64) throws -> [(lot: Int64, quantity: Int)] {
        try db.query("""
            SELECT b.lot_id, b.quantity FROM balance b LEFT JOIN lot l ON l.id = b.lot_id
            WHERE b.location_id = ? AND b.item_id = ? AND b.quantity > 0
            ORDER BY l.expiry IS NULL, l.expiry, b.lot_id
            """, [location, item]) { ($0.int64(0), $0.int(1)) }
    }
}
