import ScortaKit

enum ReceiveCommand: TopLevelCommand {
    static let commandName = "receive"
    static let at = Required("--at", .location, "Location receiving the goods.")
    static let from = Option("--from", .text("supplier"), "Supplier or donor.")
    static let duplicateReference = Flag(
        "--duplicate-ref",
        "Receive although this supplier's --ref was received before (another delivery under the same note); "
            + "without it that is refused, naming the earlier receipt. A reversed receipt frees its reference.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Receive goods at a location (ricevimento).",
        discussion:
            "Example: scorta receive --at MAG-A --from \"Banco Alimentare\" --ref DDT-1187 IG-SAP:240:L2611:2028-06-30",
        options: [at, from, duplicateReference, Common.file] + Common.posting + [Common.json, Common.allLines],
        arguments: [Common.lines]
    ) { parsed in
        let db = try parsed.openDatabase()
        let posted = try Ledger(db).receive(
            at: parsed[at], from: parsed[from],
            lines: try parsed.lineSpecs(Common.lines, in: db), context: try parsed.postingContext(),
            duplicateReference: parsed[duplicateReference])
        try reportPosted(posted, db, parsed)
    }
}

enum TransferCommand: TopLevelCommand {
    static let commandName = "transfer"
    static let from = Required("--from", .location, "Location the stock leaves.")
    static let to = Required("--to", .location, "Location the stock goes to.")
    static let lines = Arguments(.line(signed: false, "SKU:QTY[:LOT]"), "Item, quantity and optionally the lot.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Move stock between locations (trasferimento).",
        discussion:
            "Without a lot, stock is picked first-expiry-first-out.\nExample: scorta transfer --from MAG-A --to EMP IG-SAP:24",
        options: [from, to, Common.file] + Common.posting + [Common.json, Common.allLines],
        arguments: [lines]
    ) { parsed in
        let db = try parsed.openDatabase()
        let posted = try Ledger(db).transfer(
            from: parsed[from], to: parsed[to],
            lines: try parsed.lineSpecs(lines, in: db), context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }
}

enum AdjustCommand: TopLevelCommand {
    static let commandName = "adjust"
    static let at = Required("--at", .location, "Location adjusted.")
    static let reason = Required(
        "--reason", ValueKind<AdjustmentReason>.choice("reason"),
        "One of: \(AdjustmentReason.allCases.map(\.rawValue).joined(separator: ", ")).")
    static let lines = Arguments(.line(signed: true, "SKU:±QTY[:LOT[:EXPIRY]]"), "Item and signed quantity.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Correct stock with a reason (rettifica).",
        discussion:
            "A negative quantity takes stock out, a positive one adds it.\nExample: scorta adjust --at MAG-A --reason damaged IG-SAP:-3",
        options: [at, reason, Common.file] + Common.posting + [Common.json, Common.allLines],
        arguments: [lines]
    ) { parsed in
        let db = try parsed.openDatabase()
        let posted = try Ledger(db).adjust(
            at: parsed[at], reason: parsed[reason],
            lines: try parsed.lineSpecs(lines, in: db, allowNegative: true), context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }
}

enum CountCommand: TopLevelCommand {
    static let commandName = "count"
    static let at = Required("--at", .location, "Location counted.")
    static let sheet = Option(
        "--file", .inputFile("csv"),
        "Count sheet CSV (columns sku|codice|EAN, counted|contato (or quantity), [lot|lotto]).")
    static let full = Flag("--full", "Items not listed are counted as zero.")
    static let counts = Arguments(.count, "Counted quantity.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Record a stock count of a location and post the differences (inventario).",
        discussion:
            "The counted quantities are kept as the baseline; differences become the document's lines.\nExample: scorta count --at EMP IG-SAP=22 IG-DEN:L7=0",
        options: [at, sheet, full] + Common.posting + [Common.json, Common.allLines],
        arguments: [counts]
    ) { parsed in
        var entries = parsed[counts]
        guard !entries.isEmpty || parsed[full] || parsed[sheet] != nil else {
            throw UsageError("no counts given: list SKU[:LOT]=QTY or --file FILE.csv")
        }
        let db = try parsed.openDatabase()
        if let file = parsed[sheet] {
            entries += try CountEntry.read(csv: try Files.read(file), source: file, catalogue: Catalogue(db))
        }
        let posted = try Ledger(db).count(
            at: parsed[at], entries: entries, full: parsed[full], context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }
}

enum ReverseCommand: TopLevelCommand {
    static let commandName = "reverse"
    static let reason = Option("--reason", .text("text"), "Why it is reversed.")
    static let number = Argument(.documentNumber, "Document number, e.g. RIC-2026-00042.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Reverse an earlier document (storno): the only way to correct one.",
        options: [reason] + Common.posting + [Common.json, Common.allLines],
        arguments: [number]
    ) { parsed in
        let db = try parsed.openDatabase()
        let posted = try Ledger(db).reverse(
            number: parsed[number], reason: parsed[reason], context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }
}
