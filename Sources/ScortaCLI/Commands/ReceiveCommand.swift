import ScortaKit

enum ReceiveCommand {
    static let spec = CommandSpec(
        name: "receive", abstract: "Receive goods at a location (ricevimento).",
        discussion: "Example: scorta receive --at MAG-A --from \"Banco Alimentare\" --ref DDT-1187 IG-SAP:240:L2611:2028-06-30",
        options: [.value("--at", "location", "Location receiving the goods."),
                  .value("--from", "supplier", "Supplier or donor."),
                  .flag("--duplicate-ref", "Receive although this supplier's --ref was received before (another delivery under the same note); "
                        + "without it that is refused, naming the earlier receipt. A reversed receipt frees its reference.")]
            + [Common.file] + Common.posting + [Common.json],
        arguments: [Common.lines], required: ["--at"]
    ) { parsed in
        let db = try parsed.openDatabase()
        let posted = try Ledger(db).receive(at: try parsed.require("--at", "location"), from: parsed.value("--from"),
                                            lines: try parsed.lineSpecs(in: db), context: try parsed.postingContext(),
                                            duplicateReference: parsed.flag("--duplicate-ref"))
        try reportPosted(posted, db, parsed)
    }
}

enum TransferCommand {
    static let spec = CommandSpec(
        name: "transfer", abstract: "Move stock between locations (trasferimento).",
        discussion: "Without a lot, stock is picked first-expiry-first-out.\nExample: scorta transfer --from MAG-A --to EMP IG-SAP:24",
        options: [.value("--from", "location", "Location the stock leaves."),
                  .value("--to", "location", "Location the stock goes to.")] + [Common.file] + Common.posting + [Common.json],
        arguments: [CommandSpec.Argument("SKU:QTY[:LOT]", "Item, quantity and optionally the lot.", optional: true, repeating: true)],
        required: ["--from", "--to"]
    ) { parsed in
        let db = try parsed.openDatabase()
        let posted = try Ledger(db).transfer(from: try parsed.require("--from", "location"), to: try parsed.require("--to", "location"),
                                             lines: try parsed.lineSpecs(in: db), context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }
}

enum AdjustCommand {
    static let spec = CommandSpec(
        name: "adjust", abstract: "Correct stock with a reason (rettifica).",
        discussion: "A negative quantity takes stock out, a positive one adds it.\nExample: scorta adjust --at MAG-A --reason damaged IG-SAP:-3",
        options: [.value("--at", "location", "Location adjusted."),
                  .value("--reason", "reason", "One of: \(AdjustmentReason.allCases.map(\.rawValue).joined(separator: ", ")).")]
            + [Common.file] + Common.posting + [Common.json],
        arguments: [CommandSpec.Argument("SKU:±QTY[:LOT[:EXPIRY]]", "Item and signed quantity.", optional: true, repeating: true)],
        required: ["--at", "--reason"]
    ) { parsed in
        let text = try parsed.require("--reason", "reason")
        guard let reason = AdjustmentReason(rawValue: text) else {
            throw ScortaError.usage("--reason '\(text)' must be one of: \(AdjustmentReason.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let db = try parsed.openDatabase()
        let posted = try Ledger(db).adjust(at: try parsed.require("--at", "location"), reason: reason,
                                           lines: try parsed.lineSpecs(in: db, allowNegative: true), context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }
}

enum CountCommand {
    static let spec = CommandSpec(
        name: "count", abstract: "Record a stock count of a location and post the differences (inventario).",
        discussion: "The counted quantities are kept as the baseline; differences become the document's lines.\nExample: scorta count --at EMP IG-SAP=22 IG-DEN:L7=0",
        options: [.value("--at", "location", "Location counted."),
                  .value("--file", "csv", "Count sheet CSV (columns sku|codice|EAN, counted|contato (or quantity), [lot|lotto])."),
                  .flag("--full", "Items not listed are counted as zero.")] + Common.posting + [Common.json],
        arguments: [CommandSpec.Argument("SKU[:LOT]=QTY", "Counted quantity.", optional: true, repeating: true)],
        required: ["--at"]
    ) { parsed in
        var entries = try parsed.arguments.map { try CountEntry(parsing: $0) }
        guard !entries.isEmpty || parsed.flag("--full") || parsed.value("--file") != nil else {
            throw ScortaError.usage("no counts given: list SKU[:LOT]=QTY or --file FILE.csv")
        }
        let db = try parsed.openDatabase()
        if let file = parsed.value("--file") { entries += try CountEntry.read(csv: try Files.read(file), source: file, catalogue: Catalogue(db)) }
        let posted = try Ledger(db).count(at: try parsed.require("--at", "location"), entries: entries, full: parsed.flag("--full"),
                                          context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }
}

enum ReverseCommand {
    static let spec = CommandSpec(
        name: "reverse", abstract: "Reverse an earlier document (storno): the only way to correct one.",
        options: [.value("--reason", "text", "Why it is reversed.")] + Common.posting + [Common.json],
        arguments: [CommandSpec.Argument("number", "Document number, e.g. RIC-2026-00042.")]
    ) { parsed in
        let db = try parsed.openDatabase()
        let posted = try Ledger(db).reverse(number: parsed.arguments[0], reason: parsed.value("--reason"), context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }
}
