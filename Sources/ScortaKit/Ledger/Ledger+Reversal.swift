extension Ledger {
    /// Corrects a document the only way the ledger allows: a reversal
    /// (storno) that mirrors every line and points at the original. It is
    /// refused when the stock the original brought in has since moved on.
    @discardableResult
    public func reverse(number: String, reason: String?, context: PostingContext) throws -> PostedDocument {
        try db.inSavepoint {
            guard
                let original = try db.first(
                    "SELECT id, type, location_id, channel_id, household_id, date FROM document WHERE number = ?",
                    [number],
                    {
                        (
                            $0.int64(0), $0.text(1), $0.optionalInt64(2), $0.optionalInt64(3), $0.optionalInt64(4),
                            $0.text(5)
                        )
                    })
            else {
                throw ScortaError.invalid("document '\(number)' does not exist")
            }
            // Undone before it happened would leave the register short in between.
            guard context.date.description >= original.5 else {
                throw ScortaError.refused(
                    "a reversal of \(number) cannot be dated \(context.date), before the document itself (\(original.5))"
                )
            }
            guard original.1 != DocumentType.reversal.rawValue else {
                throw ScortaError.refused("\(number) is itself a reversal; post the correct document again instead")
            }
            if let by = try db.scalarText(
                "SELECT reversed_by FROM document_reversal WHERE document_id = ?", [original.0])
            {
                throw ScortaError.refused("\(number) was already reversed by \(by)")
            }
            var draft = context.draft(.reversal)
            draft.reversesID = original.0
            draft.reference = draft.reference ?? number
            draft.reason = reason
            draft.locationID = original.2
            draft.channelID = original.3
            draft.householdID = original.4
            // Mirror in reverse order so stock that came in is taken out first.
            draft.lines = try db.query(
                """
                SELECT item_id, lot_id, quantity, from_location_id, to_location_id FROM document_line WHERE document_id = ? ORDER BY id DESC
                """, [original.0]
            ) {
                .init(
                    itemID: $0.int64(0), lotID: $0.int64(1), quantity: $0.int(2), from: $0.optionalInt64(4),
                    to: $0.optionalInt64(3))
            }
            if draft.lines.isEmpty {
                throw ScortaError.refused("\(number) moved no stock; there is nothing to reverse")
            }
            return try post(draft)
        }
    }
}
