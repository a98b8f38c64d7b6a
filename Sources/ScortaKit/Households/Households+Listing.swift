extension Households {
    /// Households with member count and card state on `date`; no personal data.
    public func list(on date: CivilDate, referredBy: String? = nil) throws -> [HouseholdRow] {
        let cards = Cards(db)
        return try db.query(
            "SELECT id FROM household WHERE (CAST(?1 AS TEXT) IS NULL OR referred_by = ?1) ORDER BY registered_on, id",
            [referredBy], { try $0["id"] as Int64 }
        ).map { id in
            let household = try household(id: id)
            return HouseholdRow(
                code: HouseholdCode.display(household.code), registeredOn: household.registeredOn,
                referredBy: household.referredBy, members: household.members(on: date).count,
                card: try cards.status(householdID: id, on: date).summary, erased: household.erasedAt != nil)
        }
    }

    /// One household: members with their current attributes, card, and
    /// (marked as such) the personal data an operator chose to record.
    public func show(code: String, on date: CivilDate) throws -> HouseholdDetail {
        let household = try household(code: code)
        let cards = Cards(db)
        return HouseholdDetail(
            household: household, card: try cards.status(householdID: household.id, on: date),
            cardPeriods: try cards.periods(householdID: household.id),
            replacedCards: try cards.replacements(householdID: household.id), date: date)
    }

    /// Registers the households of a sheet (see `Sheet`; Italian or English
    /// headers, dd/mm/yyyy dates) in one transaction. Rows with the same
    /// `household` key are one household; its referral, name, note and
    /// registration date come from its first row. Returns each key's code, in the sheet's order.
    public func importCSV(_ text: String, source: String, on date: CivilDate, operatorName: String) throws
        -> [ImportedHousehold]
    {
        let sheet = try Sheet(text, source: source, columns: SheetColumns.households)
        try sheet.require(columns: "household", "sex")
        guard sheet.has("born") || sheet.has("band") else {
            throw ScortaError.invalid("\(source):1: needs a 'born' (nascita) or a 'band' (fascia) column")
        }
        let members = try sheet.rows { record -> (key: String, record: CSV.Record, spec: MemberSpec) in
            let key = try sheet.require(record, "household")
            var spec = MemberSpec()
            for (column, memberKey) in [
                ("born", "born"), ("band", "band"), ("sex", "sex"), ("homeless", "homeless"),
                ("disability", "disability"), ("third_country", "third-country"),
                ("foreign_minority", "foreign"), ("member_name", "name")
            ] {
                guard var value = sheet[record, column] else { continue }
                if column == "born", value.contains("/") || value.contains(".") {
                    value = try SheetDate.parse(value, past: true).description
                }
                try spec.set(memberKey, value)
            }
            try spec.validate()
            if let registered = sheet[record, "registered_on"] { _ = try SheetDate.parse(registered, past: true) }
            return (key, record, spec)
        }
        var order: [String] = []
        var groups: [String: (first: CSV.Record, members: [MemberSpec])] = [:]
        for member in members {
            if groups[member.key] == nil {
                order.append(member.key)
                groups[member.key] = (member.record, [])
            }
            groups[member.key]!.members.append(member.spec)
        }
        return try db.inSavepoint {
            var problems = SheetProblems(source: source)
            var codes: [ImportedHousehold] = []
            for key in order {
                let (first, members) = groups[key]!
                do {
                    let registered =
                        try sheet[first, "registered_on"].map { try SheetDate.parse($0, past: true) } ?? date
                    codes.append(
                        ImportedHousehold(
                            key: key,
                            code: try register(
                                members: members, referredBy: sheet[first, "referred_by"], name: sheet[first, "name"],
                                note: sheet[first, "note"], on: registered, operatorName: operatorName)))
                } catch let error as ScortaError { problems.add(line: first.line, error.description) }
            }
            try problems.throwIfAny()
            return codes
        }
    }
}

extension Cards.Status {
    /// "valid until 2027-03-31", "expired 2026-06-30", ...
    public var summary: String {
        switch self {
        case .valid(let until): return "valid until \(until)"
        case .none: return "none"
        case .notYetValid(let from): return "from \(from)"
        case .expired(let on): return "expired \(on)"
        case .suspended(let since): return "suspended since \(since)"
        }
    }
}

extension JSONValue {
    /// yes / no / unknown for an optional attribute.
    static func answer(_ value: Bool?) -> JSONValue { .string(value.map { $0 ? "yes" : "no" } ?? "unknown") }
}
