extension Ledger {
    /// Lines that take stock out without naming a lot are split across the
    /// location's lots first-expiry-first-out (lots without expiry last),
    /// each lot giving what it can give on `date` without going negative on
    /// that date or a later one (for a line dated today: its balance).
    func resolveLots(_ lines: [DocumentDraft.Line], on date: CivilDate) throws -> [DocumentDraft.Line] {
        try resolveLotsJudging(lines, on: date).lines
    }

    /// The lines with their lots, and which of them were picked here: each of
    /// those takes no more than its lot can give on `date` and every later
    /// date, less what earlier lines of the document take, so posting need not
    /// read the lot's later days a second time.
    /// `shelf`: lots already read in this transaction (a checkout's basket
    /// was judged on them), not read again.
    func resolveLotsJudging(_ lines: [DocumentDraft.Line], on date: CivilDate, shelf: ShelfLots? = nil) throws -> (
        lines: [DocumentDraft.Line], judged: Set<Int>, pickExpiry: [Int64: Int64]
    ) {
        var resolved: [DocumentDraft.Line] = []
        var judged = Set<Int>()
        // The picking key of each lot picked, for the balance row its line makes where it goes.
        var pickExpiry: [Int64: Int64] = [:]
        // Stock already promised to earlier lines of this same document.
        var promised: [String: Int] = [:]
        for line in lines {
            guard line.lotID == nil, line.newLot == nil, let from = line.from else {
                var kept = line
                if line.newLot == nil { kept.lotID = line.lotID ?? Lot.noLot }
                resolved.append(kept)
                continue
            }
            guard line.quantity > 0 else {
                throw ScortaError.invalid("quantities must be positive (got \(line.quantity))")
            }
            var remaining = line.quantity
            var lots =
                shelf.flatMap { $0.location == from ? $0.lots[line.itemID] : nil }
                ?? PickingLots(location: from, item: line.itemID)
            // Read lazily: a backdated line reads each lot's later days only until it is served.
            var onDate: [Int64: Int] = [:]
            func givable(_ lot: Int64, _ quantity: Int) throws -> Int {
                if let known = onDate[lot] { return known }
                // The lot's balance is the quantity just read with it.
                let value = min(
                    quantity, try availableOn(date, location: from, item: line.itemID, lot: lot, balance: quantity))
                onDate[lot] = value
                return value
            }
            let promisedBefore = promisedTotal(promised, from, line.itemID)
            let promisedEarlier = promised
            var index = 0
            while remaining > 0, let held = try lots.lot(index, in: db) {
                index += 1
                let key = "\(from)/\(line.itemID)/\(held.lot)"
                let free = try givable(held.lot, held.quantity) - promised[key, default: 0]
                guard free > 0 else { continue }
                let take = min(free, remaining)
                promised[key, default: 0] += take
                remaining -= take
                judged.insert(resolved.count)
                pickExpiry[held.lot] = held.pickExpiry
                resolved.append(
                    DocumentDraft.Line(itemID: line.itemID, lotID: held.lot, quantity: take, from: from, to: line.to))
            }
            if remaining > 0 {
                // Refused: every lot is read by now, once.
                let all = try lots.all(in: db)
                // One lot (or none): the refusal can name the date and document that stop it.
                let lot = all.count == 1 ? all[0].lot : Lot.noLot
                if all.count <= 1, let limit = try datedLimit(location: from, item: line.itemID, lot: lot, on: date) {
                    throw ScortaError.refused(
                        try datedShortage(
                            item: line.itemID, lot: lot, location: from, date: date, requested: line.quantity,
                            limit: limit, promised: promisedEarlier["\(from)/\(line.itemID)/\(lot)", default: 0]))
                }
                let available = try all.reduce(0) { $0 + (try givable($1.lot, $1.quantity)) } - promisedBefore
                let dated = try all.contains { try givable($0.lot, $0.quantity) < $0.quantity }
                let name = try stockName(item: line.itemID, lot: nil, location: from)
                throw ScortaError.refused(
                    dated
                        ? "not enough stock of \(name) on \(date): \(available) available then, \(line.quantity) requested"
                        : try shortageMessage(
                            item: line.itemID, lot: nil, location: from, available: available, requested: line.quantity)
                )
            }
        }
        return (resolved, judged, pickExpiry)
    }

    private func promisedTotal(_ promised: [String: Int], _ location: Int64, _ item: Int64) -> Int {
        promised.filter { $0.key.hasPrefix("\(location)/\(item)/") }.reduce(0) { $0 + $1.value }
    }

    /// The lots with stock of items at one location, as read in this
    /// transaction with nothing written to the balances since: a checkout
    /// judges its basket's stock on them, and its posting picks from them,
    /// reading on from where the judging stopped.
    struct ShelfLots {
        let location: Int64
        var lots: [Int64: PickingLots] = [:]
    }
}
