import ScortaKit

enum HouseholdCommand {
    static let spec = CommandSpec(
        name: "household", abstract: "Register and keep households (nuclei familiari) and their members.",
        discussion: "A household is known by a random code (its card's barcode). Names and notes are optional personal data,\nerasable with 'household erase'.",
        subcommands: [register, edit, list, show, importCSV, erase])

    static let memberHelp = "born=YYYY[-MM[-DD]] or band=0-15|16-17|18-29|30-64|65+, sex=f|m|x|u, homeless=, disability=,\nthird-country=, foreign= (yes|no|unknown), name= (optional personal data)."

    static let register = CommandSpec(
        name: "register", abstract: "Register a household with its members and issue its card.",
        discussion: "Example: scorta household register --referred-by CASC --member born=1979,sex=m,homeless=yes\n         scorta household register --member born=1990-04,sex=f --member born=2018-09-03,sex=m\nMember keys: \(memberHelp)",
        options: [.value("--member", "key=value,...", "A member (repeat for each).", repeatable: true),
                  .value("--referred-by", "service", "Who referred them (CASC, social services, Caritas...)."),
                  .value("--name", "text", "Optional name (personal data)."), .value("--note", "text", "Optional note (personal data)."),
                  .value("--card-months", "n", "Card validity in months (default: Seeds/market.json; 0: no card)."),
                  Common.date, Common.json],
        required: ["--member"]
    ) { parsed in
        let members = try parsed.all("--member").map { try MemberSpec(parsing: $0) }
        guard !members.isEmpty else { throw ScortaError.usage("give at least one --member") }
        let db = try parsed.openDatabase()
        let context = try parsed.postingContext()
        let households = Households(db)
        let code = try households.register(members: members, referredBy: parsed.value("--referred-by"), name: parsed.value("--name"),
                                           note: parsed.value("--note"), on: context.date,
                                           cardMonths: try parsed.int("--card-months", range: 0...120), operatorName: context.operatorName)
        if parsed.flag("--json") { Output.line(try households.show(code: code, on: context.date).serialized()); return }
        Output.line("Registered household \(HouseholdCode.display(code)) (\(members.count) member\(members.count == 1 ? "" : "s"))")
    }

    static let edit = CommandSpec(
        name: "edit", abstract: "Change a household: member attributes (dated), members in and out, referral, name, note.",
        discussion: "Attribute changes are valid from --date (default today); earlier distributions keep what was true then.\nExample: scorta household edit K7Q2-9XM4-P --member 1:homeless=no --add-member born=2026-01,sex=f --date 2026-03-01",
        options: [.value("--member", "N:key=value,...", "Change member N (see 'household show').", repeatable: true),
                  .value("--add-member", "key=value,...", "Add a member.", repeatable: true),
                  .value("--remove-member", "N", "Member N leaves the household on --date.", repeatable: true),
                  .value("--referred-by", "service", "Who referred them."),
                  .value("--name", "text", "Name (personal data; empty to clear)."), .value("--note", "text", "Note (personal data; empty to clear)."),
                  Common.date],
        arguments: [.init("code", "Household code.")]
    ) { parsed in
        var changes: [Households.Change] = []
        for text in parsed.all("--member") {
            let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2, let number = Int(parts[0]) else { throw ScortaError.usage("--member '\(text)' must be N:key=value,...") }
            changes.append(.member(number, parts[1]))
        }
        changes += try parsed.all("--add-member").map { .addMember(try MemberSpec(parsing: $0)) }
        for text in parsed.all("--remove-member") {
            guard let number = Int(text) else { throw ScortaError.usage("--remove-member '\(text)' must be a member number") }
            changes.append(.removeMember(number))
        }
        if let text = parsed.value("--referred-by") { changes.append(.referredBy(text)) }
        if let text = parsed.value("--name") { changes.append(.name(text)) }
        if let text = parsed.value("--note") { changes.append(.note(text)) }
        let db = try parsed.openDatabase()
        let context = try parsed.postingContext()
        try Households(db).edit(code: parsed.arguments[0], changes: changes, on: context.date, operatorName: context.operatorName)
        Output.line("Household \(HouseholdCode.display(try Households(db).household(code: parsed.arguments[0]).code)) updated (from \(context.date))")
    }

    static let list = CommandSpec(
        name: "list", abstract: "List households: code, members, card (no personal data).",
        options: [.value("--referred-by", "service", "Only households referred by this service."),
                  .value("--date", "date", "Members and card as on this date (default today).")] + Common.listing
    ) { parsed in
        let format = parsed.flag("--json") ? "json" : parsed.flag("--csv") ? "csv" : nil
        let listing = try Households(try parsed.openDatabase()).list(on: try parsed.date("--date") ?? .today(), referredBy: parsed.value("--referred-by"),
                                                                    exportedBy: try parsed.operatorName(), format: format)
        Output.emit(listing, parsed, empty: "(no households)")
    }

    static let show = CommandSpec(
        name: "show", abstract: "Show a household: members, attributes, card, and any personal data recorded.",
        options: [.value("--date", "date", "Age bands and card as on this date (default today)."), Common.json],
        arguments: [.init("code", "Household code.")]
    ) { parsed in
        let db = try parsed.openDatabase()
        let document = try Households(db).show(code: parsed.arguments[0], on: try parsed.date("--date") ?? .today(),
                                               operatorName: try parsed.operatorName())
        if parsed.flag("--json") { Output.line(document.serialized()); return }
        Output.describe(document, keyWidth: 15)
    }

    static let importCSV = CommandSpec(
        name: "import", abstract: "Register households from a CSV file, one row per member.",
        discussion: "Columns: household (a key grouping the rows of one household), sex, born or band, and optionally homeless,\ndisability, third_country, foreign_minority, member_name, referred_by, registered_on, name, note.\nAll or nothing: a bad row names its line and nothing is registered.",
        options: [Common.date] + Common.listing,
        arguments: [.init("file", "CSV file ('-' for standard input).")]
    ) { parsed in
        let db = try parsed.openDatabase()
        let context = try parsed.postingContext()
        let file = parsed.arguments[0]
        let codes = try Households(db).importCSV(try Files.read(file), source: file, on: context.date, operatorName: context.operatorName)
        var listing = Listing(columns: [.init("household", "KEY"), .init("code", "CODE")])
        for (key, code) in codes { listing.append([.string(key), .string(HouseholdCode.display(code))]) }
        Output.emit(listing, parsed)
    }

    static let erase = CommandSpec(
        name: "erase", abstract: "Erase a household's personal data on request (names, note).",
        discussion: "Codes, member attributes and distribution records stay, so every report prints the same figures.",
        options: [.flag("--yes", "Confirm the erasure (it cannot be undone).")],
        arguments: [.init("code", "Household code.")]
    ) { parsed in
        guard parsed.flag("--yes") else { throw ScortaError.usage("erasure cannot be undone: add --yes to confirm") }
        let db = try parsed.openDatabase()
        try Households(db).erase(code: parsed.arguments[0], operatorName: try parsed.operatorName())
        Output.line("Personal data of household \(HouseholdCode.display(try Households(db).household(code: parsed.arguments[0]).code)) erased")
    }
}
