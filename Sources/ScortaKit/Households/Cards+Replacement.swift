/// A lost card (tessera smarrita): the household gets a new code and the old
/// one is blocked. The household stays the same row, so its members,
/// distributions, points and card periods carry over to the new code;
/// `card_replacement` keeps the old code so that scanning it is refused as
/// replaced (and a later random code never reuses it).
extension Cards {
    /// A replaced card, as `household show` lists it.
    public struct Replacement: Sendable, Equatable {
        public let oldCode: String
        public let newCode: String
        public let on: CivilDate
        public let reason: String
    }

    /// Issues a new card code for the household of `code` and blocks the old
    /// one, with a reason (no personal details: it is a sealed record). The
    /// change is sealed and audited; returns the new code.
    @discardableResult
    public func replace(code: String, on date: CivilDate, reason: String, operatorName: String) throws -> String {
        let reason = reason.trimmingSpaces
        guard !reason.isEmpty else {
            throw ScortaError.invalid("replacing a card needs a reason (lost, stolen, damaged...)")
        }
        return try db.inSavepoint {
            let households = Households(db)
            let household = try households.household(code: code)
            let newCode = try households.unusedCode()
            let sealedID = try db.insert(
                """
                INSERT INTO card_replacement(household_id, old_code, new_code, replaced_on, reason, recorded_at, operator)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id
                """, [household.id, household.code, newCode, date.description, reason, Clock.timestamp(), operatorName])
            try HashChain.seal(.cardReplacement, key: [sealedID], in: db)
            try db.run("UPDATE household SET code = ? WHERE id = ?", [newCode, household.id])
            try HashChain.seal(.household, key: [household.id], in: db)
            // The log names both codes, so the household's earlier entries are found from the new one.
            try Audit.record(
                db, operator: operatorName, action: .change, subject: newCode,
                detail: "card replaced: \(HouseholdCode.display(household.code)) blocked")
            return newCode
        }
    }

    /// The household's replaced cards, oldest first.
    public func replacements(householdID: Int64) throws -> [Replacement] {
        try db.query(
            "SELECT old_code, new_code, replaced_on, reason FROM card_replacement WHERE household_id = ? ORDER BY id",
            [householdID]
        ) {
            Replacement(
                oldCode: $0.text(0), newCode: $0.text(1), on: try CivilDate(parsing: $0.text(2)), reason: $0.text(3))
        }
    }

    /// The household's current code and the codes of its replaced cards,
    /// from any of them: the audit log names each entry by the code of its
    /// day, so the household's whole trail is under all of them.
    public func codes(ofAny text: String) throws -> (current: String, former: [String]) {
        guard let code = HouseholdCode.normalise(text) else {
            return (try Households(db).household(code: text).code, [])
        }
        let id = try db.scalar(
            "SELECT id FROM household WHERE code = ?1 UNION ALL SELECT household_id FROM card_replacement WHERE old_code = ?1",
            [code])
        guard let id else { return (try Households(db).household(code: code).code, []) }
        return (try Households(db).household(id: id).code, try replacements(householdID: id).map(\.oldCode))
    }

    /// Why a code that names no household is refused: nil when it was never
    /// a card, else the refusal of a replaced card. It names neither the new
    /// code nor anything about the household: whoever holds the lost card
    /// learns only that it no longer works.
    func blockedRefusal(_ code: String) throws -> String? {
        try db.scalarText("SELECT replaced_on FROM card_replacement WHERE old_code = ?", [code]).map { date in
            "card \(HouseholdCode.display(code)) was replaced on \(date) and is blocked: ask for the household's new card"
        }
    }
}
