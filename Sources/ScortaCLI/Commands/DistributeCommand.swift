import ScortaKit

enum DistributeCommand {
    static let spec = CommandSpec(
        name: "distribute", abstract: "Hand out goods to a household or an anonymous contact (consegna).",
        discussion: """
            Example: scorta distribute --from MAG-A --channel UMN --anonymous 30-64 --sex m KIT-EME:1 --date 2026-11-02
                     scorta distribute --from MAG-A --channel CD --household K7Q2-9XM4-P KIT-IGM:1
            The document keeps a snapshot of each recipient on its date; correct a mistake with 'scorta reverse'.
            """,
        options: [.value("--from", "location", "Stock location the goods leave."),
                  .value("--channel", "code", "How it reached people (UMN, CD, CASC, HF, EMP...)."),
                  .value("--household", "code", "The household's card code."),
                  .value("--anonymous", "band", "No household: the contact's assumed age band (0-15, 16-17, 18-29, 30-64, 65+)."),
                  .value("--sex", "sex", "With --anonymous: f, m, x or u (default u).")] + [Common.file] + Common.posting + [Common.json],
        arguments: [Common.lines], required: ["--from", "--channel"]
    ) { parsed in
        let recipient: Recipient
        switch (parsed.value("--household"), parsed.value("--anonymous")) {
        case (let code?, nil): recipient = .household(code)
        case (nil, let band?): recipient = .anonymous(try AgeBand(parsing: band), try Sex(parsing: parsed.value("--sex") ?? "u"))
        default: throw ScortaError.usage("give either --household CODE or --anonymous BAND")
        }
        let db = try parsed.openDatabase()
        let posted = try Distributions(db).distribute(from: try parsed.require("--from", "location"), to: recipient,
                                                      channel: try parsed.require("--channel", "code"), lines: try parsed.lineSpecs(in: db),
                                                      context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }
}

enum DistributionsCommand {
    static let spec = CommandSpec(
        name: "distributions", abstract: "History of distributions by household, channel, location and period.",
        options: [.value("--household", "code", "Only this household."), .value("--channel", "code", "Only this channel."),
                  .value("--at", "location", "Only from this location."),
                  .value("--from", "date", "First date (inclusive)."), .value("--to", "date", "Last date (inclusive).")] + Common.listing
    ) { parsed in
        let db = try parsed.openDatabase()
        let source = try Distributions(db).history(
            household: parsed.value("--household"), channel: parsed.value("--channel"), location: parsed.value("--at"),
            from: try parsed.date("--from"), to: try parsed.date("--to"))
        // Household codes on every row: shown or exported, it is in the audit log.
        let household = try parsed.value("--household").map { try Households(db).household(code: $0).code }
        let scope = [("channel", "--channel"), ("location", "--at"), ("from", "--from"), ("to", "--to")]
            .compactMap { name, option in parsed.value(option).map { "\(name) \($0)" } }
        try Audit.disclosure(db, operator: try parsed.operatorName(), format: parsed.listingFormat, subject: household ?? "distributions",
                             detail: (["distributions"] + scope).joined(separator: ", "))
        try Output.emit(source, parsed, empty: "(no distributions)", in: db)
    }
}
