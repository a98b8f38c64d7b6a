import Foundation

/// A household found by the personal data an operator chose to record,
/// shown with the least that tells it apart: its code, the name that matched
/// (or only that the note did), how many members, the card's state.
public struct HouseholdMatch: Sendable, Equatable, TablePresentable {
    /// Normalised (K7Q29XM4P); shown as printed on the card (K7Q2-9XM4-P).
    public let code: String
    /// "name: Rossi", "member 2: Maria Rossi" or "note" (a note is never shown).
    public let matched: String
    public let members: Int
    public let registeredOn: CivilDate
    public let card: String

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("code", "CODE"), .init("matched", "MATCHED"), .init("members", "MEMBERS", alignRight: true),
            .init("registered_on", "REGISTERED"), .init("card", "CARD")
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [
            .string(HouseholdCode.display(code)), .string(matched), .int(members), .string(registeredOn.description),
            .string(card)
        ]
    }
}

/// Finding a household whose card was lost (or whose code nobody has at
/// hand) from its name, a member's name or the note. Only data an operator
/// recorded can match; erased households have none left.
extension Households {
    /// More matches than this are refused: a search narrows down to one
    /// household, it is not a way to list everyone's names.
    public static let searchLimit = 20

    /// Every household whose name, member names or note contain each word of
    /// `text` as the start of a word, ignoring case and accents ("ross"
    /// finds "Maria Rossi", "jose" finds "José"). Writes nothing.
    public func find(_ text: String, on date: CivilDate) throws -> [HouseholdMatch] {
        let words = Households.searchWords(text)
        guard words.joined().count >= 2 else {
            throw ScortaError.invalid(
                "search with at least 2 letters of a name or note, e.g. 'scorta household find rossi'")
        }
        var found: [(id: Int64, matched: String)] = []
        func consider(_ id: Int64, _ field: String?, _ label: String) {
            guard let field, !found.contains(where: { $0.id == id }), Households.matches(words, field) else { return }
            found.append((id, label))
        }
        // Names first (what the match column shows), then notes.
        try db.prepare("SELECT id, name FROM household WHERE name IS NOT NULL ORDER BY id").forEach { row in
            consider(row.int64(0), row.optionalText(1), "name: " + (row.optionalText(1) ?? ""))
        }
        try db.prepare(
            """
            SELECT m.household_id, m.name, (SELECT count(*) FROM member n WHERE n.household_id = m.household_id AND n.id <= m.id)
            FROM member m WHERE m.name IS NOT NULL ORDER BY m.household_id, m.id
            """
        ).forEach { row in
            consider(row.int64(0), row.optionalText(1), "member \(row.int(2)): " + (row.optionalText(1) ?? ""))
        }
        try db.prepare("SELECT id, note FROM household WHERE note IS NOT NULL ORDER BY id").forEach { row in
            consider(row.int64(0), row.optionalText(1), "note")
        }
        guard found.count <= Households.searchLimit else {
            throw ScortaError.refused(
                "\(found.count) households match; give more of the name (at most \(Households.searchLimit) are shown)")
        }
        let cards = Cards(db)
        return try found.map { match in
            let household = try household(id: match.id)
            return HouseholdMatch(
                code: household.code, matched: match.matched, members: household.members(on: date).count,
                registeredOn: household.registeredOn,
                card: try cards.status(householdID: household.id, on: date).summary)
        }.sorted { ($0.registeredOn, $0.code) < ($1.registeredOn, $1.code) }
    }

    /// Lower case without accents, split into words of letters and digits.
    static func searchWords(_ text: String) -> [String] {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }

    /// Each searched word starts some word of the field.
    static func matches(_ words: [String], _ field: String) -> Bool {
        let fieldWords = searchWords(field)
        return !words.isEmpty && words.allSatisfy { word in fieldWords.contains { $0.hasPrefix(word) } }
    }
}
