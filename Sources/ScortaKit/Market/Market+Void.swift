/// A checkout voided at the till (storno alla cassa): the clerk who made a
/// mistake undoes it the same day, without waiting for a manager. It is the
/// ordinary reversal (`Ledger.reverse`, a sealed `STO-…` document through the
/// one posting path): stock goes back to the market and the points come back
/// (the `points_movement` view refunds a reversed spend) in one transaction.
/// Anything else — another clerk's checkout, an older one — stays a
/// manager's `scorta reverse`.
public struct VoidedCheckout: Sendable {
    public let checkout: String
    public let reversal: PostedDocument
    public let householdCode: String
    /// Points given back to the card.
    public let points: Int
}

extension Market {
    /// Voids checkout `number`, posted by `operatorName` and dated `today`,
    /// with a reason; refused with a clear message otherwise, writing nothing.
    @discardableResult
    public func void(number: String, reason: String, operatorName: String, today: CivilDate = .today()) throws
        -> VoidedCheckout
    {
        let reason = reason.trimmingSpaces
        guard !reason.isEmpty else { throw ScortaError.invalid("voiding a checkout needs a reason") }
        return try db.inSavepoint {
            guard
                let checkout = try db.first(
                    """
                    SELECT d.id, d.type, d.date, d.operator, h.code,
                           (SELECT count(*) FROM market_sale s WHERE s.document_id = d.id),
                           (SELECT coalesce(sum(p.points), 0) FROM points_entry p WHERE p.document_id = d.id AND p.kind = 'spend')
                    FROM document d LEFT JOIN household h ON h.id = d.household_id WHERE d.number = ?
                    """, [number],
                    {
                        (
                            id: $0.int64(0), type: $0.text(1), date: $0.text(2), operatorName: $0.text(3),
                            household: $0.optionalText(4),
                            sales: $0.int(5), spent: $0.int(6)
                        )
                    })
            else {
                throw ScortaError.invalid("document '\(number)' does not exist")
            }
            guard checkout.type == DocumentType.distribution.rawValue, checkout.sales > 0,
                let household = checkout.household
            else {
                throw ScortaError.refused(
                    "\(number) is not a market checkout; only checkouts are voided at the till (a manager reverses other documents with 'scorta reverse')"
                )
            }
            guard checkout.operatorName == operatorName else {
                throw ScortaError.refused(
                    "\(number) was checked out by '\(checkout.operatorName)'; a clerk voids only their own checkouts (a manager can reverse it with 'scorta reverse')"
                )
            }
            guard checkout.date == today.description else {
                throw ScortaError.refused(
                    "\(number) is dated \(checkout.date); a clerk voids only checkouts of today, \(today) (a manager can reverse it with 'scorta reverse')"
                )
            }
            let reversal = try Ledger(db).reverse(
                number: number, reason: "void at the till: " + reason,
                context: PostingContext(date: today, operatorName: operatorName))
            return VoidedCheckout(
                checkout: number, reversal: reversal, householdCode: household, points: -checkout.spent)
        }
    }
}
