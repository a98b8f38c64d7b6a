import ScortaKit

enum HouseholdCommand: TopLevelCommand {
    static let commandName = "household"
    static let spec = CommandSpec(
        name: commandName, abstract: "Register and keep households (nuclei familiari) and their members.",
        discussion:
            "A household is known by a random code (its card's barcode). Names and notes are optional personal data,\nerasable with 'household erase'.",
        subcommands: [register, edit, list, show, find, importCSV, erase])

    static let memberHelp =
        "born=YYYY[-MM[-DD]] or band=0-15|16-17|18-29|30-64|65+, sex=f|m|x|u, homeless=, disability=,\nthird-country=, foreign= (yes|no|unknown), name= (optional personal data)."

    static let code = Argument(.household, "Household code.")

    enum Register {
        static let members = Repeated("--member", .member, "A member (repeat for each).", required: true)
        static let referredBy = Option(
            "--referred-by", .text("service"), "Who referred them (CASC, social services, Caritas...).")
        static let name = Option("--name", .text("text"), "Optional name (personal data).")
        static let note = Option("--note", .text("text"), "Optional note (personal data).")
        static let cardMonths = Option(
            "--card-months", .number(0...120), "Card validity in months (default: Seeds/market.json; 0: no card).")
    }

    static let register = CommandSpec(
        name: "register", abstract: "Register a household with its members and issue its card.",
        discussion:
            "Example: scorta household register --referred-by CASC --member born=1979,sex=m,homeless=yes\n         scorta household register --member born=1990-04,sex=f --member born=2018-09-03,sex=m\nMember keys: \(memberHelp)",
        options: [
            Register.members, Register.referredBy, Register.name, Register.note, Register.cardMonths, Common.date,
            Common.json
        ]
    ) { parsed in
        let members = parsed[Register.members]
        let db = try parsed.openDatabase()
        let context = try parsed.postingContext()
        let households = Households(db)
        let code = try households.register(
            members: members, referredBy: parsed[Register.referredBy], name: parsed[Register.name],
            note: parsed[Register.note], on: context.date,
            cardMonths: parsed[Register.cardMonths], operatorName: context.operatorName)
        if parsed[Common.json] {
            Output.line(try households.show(code: code, on: context.date).json.serialized())
            return
        }
        Output.line(
            "Registered household \(HouseholdCode.display(code)) (\(members.count) member\(members.count == 1 ? "" : "s"))"
        )
        if parsed[Register.cardMonths] != 0 {
            Output.line("  print the card: scorta labels card \(HouseholdCode.display(code))")
        }
    }

    enum Edit {
        /// `N:key=value,...`: member N's changed attributes.
        struct MemberChange: Sendable {
            let number: Int
            let changes: String
        }
        static let memberChange = ValueKind<MemberChange>(
            "N:key=value,...", good: "1:homeless=no", bad: ["", "x:sex=f", "1"]
        ) { text in
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let number = Int(parts[0]) else {
                throw ValueError(message: "'\(text)' must be N:key=value,...")
            }
            return MemberChange(number: number, changes: parts[1])
        }
        static let member = Repeated("--member", memberChange, "Change member N (see 'household show').")
        static let addMember = Repeated("--add-member", .member, "Add a member.")
        static let removeMember = Repeated(
            "--remove-member", .number(1...1_000, "N"), "Member N leaves the household on --date.")
        static let referredBy = Option("--referred-by", .text("service"), "Who referred them.")
        static let name = Option("--name", .text("text"), "Name (personal data; empty to clear).")
        static let note = Option("--note", .text("text"), "Note (personal data; empty to clear).")
    }

    static let edit = CommandSpec(
        name: "edit",
        abstract: "Change a household: member attributes (dated), members in and out, referral, name, note.",
        discussion:
            "Attribute changes are valid from --date (default today); earlier distributions keep what was true then.\nA --date inside a closed period is refused for member changes.\nExample: scorta household edit K7Q2-9XM4-P --member 1:homeless=no --add-member born=2026-01,sex=f --date 2026-03-01",
        options: [Edit.member, Edit.addMember, Edit.removeMember, Edit.referredBy, Edit.name, Edit.note, Common.date],
        arguments: [code]
    ) { parsed in
        var changes: [Households.Change] = parsed[Edit.member].map { .member($0.number, $0.changes) }
        changes += parsed[Edit.addMember].map { .addMember($0) }
        changes += parsed[Edit.removeMember].map { .removeMember($0) }
        if let text = parsed[Edit.referredBy] { changes.append(.referredBy(text)) }
        if let text = parsed[Edit.name] { changes.append(.name(text)) }
        if let text = parsed[Edit.note] { changes.append(.note(text)) }
        guard !changes.isEmpty else {
            throw UsageError(
                "nothing to change: give --member, --add-member, --remove-member, --referred-by, --name or --note")
        }
        let db = try parsed.openDatabase()
        let context = try parsed.postingContext()
        try Households(db).edit(
            code: parsed[code], changes: changes, on: context.date, operatorName: context.operatorName)
        Output.line(
            "Household \(HouseholdCode.display(try Households(db).household(code: parsed[code]).code)) updated (from \(context.date))"
        )
    }

    static let listReferredBy = Option("--referred-by", .text("service"), "Only households referred by this service.")

    static let list = CommandSpec(
        name: "list", abstract: "List households: code, members, card (no personal data).",
        options: [listReferredBy, Option("--date", .date, "Members and card as on this date (default today).")]
            + Common.listing
    ) { parsed in
        let rows = try Households(try parsed.openDatabase()).list(
            on: parsed[Common.date] ?? .today(), referredBy: parsed[listReferredBy],
            exportedBy: try parsed.operatorName(), format: parsed.listingFormat)
        try Output.emit(rows, parsed, empty: "(no households)")
    }

    static let show = CommandSpec(
        name: "show", abstract: "Show a household: members, attributes, card, and any personal data recorded.",
        options: [Option("--date", .date, "Age bands and card as on this date (default today)."), Common.json],
        arguments: [code]
    ) { parsed in
        let db = try parsed.openDatabase()
        let document = try Households(db).show(
            code: parsed[code], on: parsed[Common.date] ?? .today(),
            operatorName: try parsed.operatorName())
        try Presentation.write(document, as: parsed[Common.json] ? .json : .text, to: .standardOutput)
    }

    static let findText = Arguments(
        .text("word"), "Words of a name or note, each the start of a word (case and accents do not matter).",
        name: "TEXT", atLeastOne: true)

    static let find = CommandSpec(
        name: "find", abstract: "Find a household by a name or note recorded, e.g. when its card was lost (audited).",
        discussion: """
            Searches the household names, member names and notes an operator chose to record (erased ones are gone).
            Shows the least that tells households apart: code, the name that matched (a note is never shown),
            members, registration date and card. Every search is in the audit log (the households found, never
            the words searched); more than \(Households.searchLimit) matches are refused: give more of the name.
            Example: scorta household find rossi maria
                     scorta market replace-card K7Q2-9XM4-P --reason "lost"
            """,
        options: [Option("--date", .date, "Members and card as on this date (default today).")] + Common.listing,
        arguments: [findText]
    ) { parsed in
        let db = try parsed.openDatabase()
        let matches = try Households(db).find(
            parsed[findText].joined(separator: " "), on: parsed[Common.date] ?? .today(),
            operatorName: try parsed.operatorName(), format: parsed.listingFormat)
        try Output.emit(matches, parsed, empty: "(no household matches)")
    }

    static let importFile = Argument(.inputFile(), "CSV file ('-' for standard input).")

    static let importCSV = CommandSpec(
        name: "import", abstract: "Register households from a CSV file, one row per member.",
        discussion:
            "Columns: household (a key grouping the rows of one household), sex, born or band, and optionally homeless,\ndisability, third_country, foreign_minority, member_name, referred_by, registered_on, name, note.\nAll or nothing: a bad row names its line and nothing is registered.",
        options: [Common.date] + Common.listing,
        arguments: [importFile]
    ) { parsed in
        let db = try parsed.openDatabase()
        let context = try parsed.postingContext()
        let file = parsed[importFile]
        let imported = try Households(db).importCSV(
            try Files.read(file), source: file, on: context.date, operatorName: context.operatorName)
        try Output.emit(imported, parsed)
    }

    static let yes = Flag("--yes", "Confirm the erasure (it cannot be undone).")

    static let erase = CommandSpec(
        name: "erase",
        abstract: "Erase a household's personal data on request (names, note, notes of its distributions).",
        discussion: "Codes, member attributes and distribution records stay, so every report prints the same figures.",
        options: [yes],
        arguments: [code]
    ) { parsed in
        guard parsed[yes] else { throw UsageError("erasure cannot be undone: add --yes to confirm") }
        let db = try parsed.openDatabase()
        let kept = try Households(db).erase(code: parsed[code], operatorName: try parsed.operatorName())
        Output.line(
            "Personal data of household \(HouseholdCode.display(try Households(db).household(code: parsed[code]).code)) erased"
        )
        if kept > 0 {
            Output.line(
                "\(kept) distribution note\(kept == 1 ? " was" : "s were") kept: recorded before the database was migrated to the sealed chain, they are part of their document's hash"
            )
        }
    }
}
