/// The market till (cassa): the clerk scans the card, then each item the
/// household chose (a USB scanner types the code and Enter); every line is
/// judged at once and the basket is posted as one checkout on `done`.
///
///     var till = try Till(db, card: "K7Q2-9XM4-P", context: context)
///     till.enter("3*8001234567859")   // .added(...)
///     till.enter("done")              // .committed(...)
public struct Till {
    public enum Reply: Sendable {
        case added(CheckoutEvaluation.Line, total: Int, left: Int)
        case refused(String, reasons: [String])
        case removed(CheckoutEvaluation.Line, total: Int, left: Int)
        case nothingToUndo
        case empty
        case committed(Checkout)
        case commitRefused([String])
        case cancelled
        case ignored
    }

    public let market: Market
    public let household: Household
    public let context: PostingContext
    public let override: String?
    public private(set) var lines: [(item: Item, quantity: Int)] = []
    public private(set) var balance: Int
    public private(set) var finished = false

    /// Opens the till for a card; refuses a card that cannot be used today.
    public init(_ db: Database, card: String, context: PostingContext, override: String? = nil) throws {
        market = Market(db)
        household = try Households(db).household(code: card)
        self.context = context
        self.override = override
        if let reason = try Cards(db).status(householdID: household.id, on: context.date).refusal {
            throw ScortaError.refused(reason)
        }
        balance = try PointsLedger(db).balance(household, on: context.date)
    }

    /// Handles one input line: `[N*]CODE`, `undo`, `done` or `cancel`.
    public mutating func enter(_ input: String) throws -> Reply {
        let text = input.trimmingSpaces
        guard !finished, !text.isEmpty else { return .ignored }
        switch text.lowercased() {
        case "undo":
            guard let last = lines.popLast() else { return .nothingToUndo }
            let evaluation = try market.evaluate(household, basket: lines, on: context.date, override: override)
            let price = try market.price(itemID: last.item.id, on: context.date)
            return .removed(
                .init(item: last.item, quantity: last.quantity, unitPoints: price), total: evaluation.total,
                left: evaluation.left)
        case "done":
            guard !lines.isEmpty else { return .empty }
            do {
                let checkout = try market.checkout(
                    card: household.code, basket: lines, context: context, override: override)
                finished = true
                return .committed(checkout)
            } catch ScortaError.refusedAll(let reasons) {
                return .commitRefused(reasons)
            }
        case "cancel":
            finished = true
            return .cancelled
        default:
            return try scan(text)
        }
    }

    mutating func scan(_ text: String) throws -> Reply {
        var code = Substring(text)
        var times = 1
        if let star = text.firstIndex(of: "*") {
            guard let count = Int(text[..<star]), (1...999).contains(count) else {
                return .refused(text, reasons: ["'\(text[..<star])*' must be a quantity from 1 to 999"])
            }
            times = count
            code = text[text.index(after: star)...]
        }
        let scanned: (item: Item, quantity: Int)
        do { scanned = try Catalogue(market.db).scan(String(code)) } catch let error as ScortaError {
            return .refused(text, reasons: [error.description])
        }
        let line = (item: scanned.item, quantity: scanned.quantity * times)
        let evaluation = try market.evaluate(household, basket: lines + [line], on: context.date, override: override)
        guard evaluation.refusals.isEmpty else { return .refused(text, reasons: evaluation.refusals) }
        lines.append(line)
        let price = evaluation.lines.first { $0.item.id == line.item.id }?.unitPoints
        return .added(
            .init(item: line.item, quantity: line.quantity, unitPoints: price), total: evaluation.total,
            left: evaluation.left)
    }
}
