import ScortaKit

enum DistributeCommand: TopLevelCommand {
    static let commandName = "distribute"
    static let from = Required("--from", .location, "Stock location the goods leave.")
    static let channel = Required("--channel", .channel, "How it reached people (UMN, CD, CASC, HF, EMP...).")
    static let household = Option("--household", .household, "The household's card code.", group: "recipient")
    static let anonymous = Option(
        "--anonymous", .ageBand, "No household: the contact's assumed age band (0-15, 16-17, 18-29, 30-64, 65+).",
        group: "recipient")
    static let sex = Option("--sex", .sex, "With --anonymous: f, m, x or u (default u).")

    static let spec = CommandSpec(
        name: commandName, abstract: "Hand out goods to a household or an anonymous contact (consegna).",
        discussion: """
            Example: scorta distribute --from MAG-A --channel UMN --anonymous 30-64 --sex m KIT-EME:1 --date 2026-11-02
                     scorta distribute --from MAG-A --channel CD --household K7Q2-9XM4-P KIT-IGM:1
            The document keeps a snapshot of each recipient on its date; correct a mistake with 'scorta reverse'.
            """,
        options: [from, channel, household, anonymous, sex, Common.file] + Common.posting + [
            Common.json, Common.allLines
        ],
        arguments: [Common.lines]
    ) { parsed in
        let recipient: Recipient
        switch (parsed[household], parsed[anonymous]) {
        case (let code?, nil): recipient = .household(code)
        case (nil, let band?): recipient = .anonymous(band, parsed[sex] ?? .unknown)
        default: throw UsageError("give either --household CODE or --anonymous BAND")
        }
        let db = try parsed.openDatabase()
        let posted = try Distributions(db).distribute(
            from: parsed[from], to: recipient,
            channel: parsed[channel], lines: try parsed.lineSpecs(Common.lines, in: db),
            context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }
}

enum DistributionsCommand: TopLevelCommand {
    static let commandName = "distributions"
    static let household = Option("--household", .household, "Only this household.")
    static let channel = Option("--channel", .channel, "Only this channel.")
    static let at = Option("--at", .location, "Only from this location.")
    static let from = Option("--from", .date, "First date (inclusive).")
    static let to = Option("--to", .date, "Last date (inclusive).")

    static let spec = CommandSpec(
        name: commandName, abstract: "History of distributions by household, channel, location and period.",
        options: [household, channel, at, from, to] + Common.listing
    ) { parsed in
        let db = try parsed.openDatabase()
        let source = try Distributions(db).history(
            household: parsed[household], channel: parsed[channel], location: parsed[at],
            from: parsed[from], to: parsed[to])
        // Household codes on every row: shown or exported, it is in the audit log.
        let code = try parsed[household].map { try Households(db).household(code: $0).code }
        let scope = [
            ("channel", parsed[channel]), ("location", parsed[at]), ("from", parsed[from]?.description),
            ("to", parsed[to]?.description)
        ]
        .compactMap { name, value in value.map { "\(name) \($0)" } }
        try Audit.disclosure(
            db, operator: try parsed.operatorName(), format: parsed.listingFormat, subject: code ?? "distributions",
            detail: (["distributions"] + scope).joined(separator: ", "))
        try Output.emit(source, parsed, empty: "(no distributions)", in: db)
    }
}
