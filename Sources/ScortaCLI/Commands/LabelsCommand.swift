import ScortaKit

/// `scorta labels KIND ...`: print-ready PDF labels.
enum LabelsCommand: TopLevelCommand {
    static let commandName = "labels"
    static let spec = CommandSpec(
        name: commandName,
        abstract: "Print barcode labels as a PDF (etichette): items, lots, kits, shelves, household cards.",
        discussion: """
            Templates are the JSON files in Labels/ (see 'scorta labels templates'); --template also takes a FILE.json.
            Example: scorta labels item IG-SAP IG-DEN --template avery-l7160 -o etichette.pdf
            Example: scorta labels lot --receipt RIC-2026-00001 --start 5
            """,
        subcommands: [item, lot, kit, location, card, templates, bench])

    static let template = Option(
        "--template", ValueKind("name|file.json", completion: .file) { $0 },
        "Label template (default depends on the kind; see 'scorta labels templates').")
    static let copies = Option("--copies", .number(1...1000), "Copies of each label (default 1).")
    static let start = Option(
        "--start", .number(1...10_000),
        "Position of the first label on a partly used sheet, from 1 (left to right, top to bottom).")
    static let offset = Option("--offset", offsetKind, "Printer offset in mm, right and down positive, e.g. 0.5,-1.")
    static let outlines = Flag("--outlines", "Draw label outlines, to check alignment against the sheet.")
    static let output = Option(
        "--output", .outputFile("file.pdf"), "PDF to write (default: labels-KIND.pdf in the current folder).",
        short: "-o")
    static let printing: [any OptionDeclaration] = [template, copies, start, offset, outlines, output, Common.force]

    /// Millimetres right and down, at most 50 each.
    struct Offset: Sendable {
        let x: Double
        let y: Double
    }
    static let offsetKind = ValueKind<Offset>("x,y", good: "0.5,-1", bad: ["", "1", "a,b", "60,0", "1,2,3"]) { text in
        let parts = text.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2, let x = parts[0], let y = parts[1], abs(x) <= 50, abs(y) <= 50 else {
            throw ValueError(message: "'\(text)' must be X,Y in millimetres, e.g. 0.5,-1 (at most 50 each)")
        }
        return Offset(x: x, y: y)
    }

    static let item = CommandSpec(
        name: "item", abstract: "Item labels: SKU, name, barcode (EAN-13 of the GTIN, else Code 128 of the SKU).",
        options: printing + [receiptOption, atOption], arguments: [skus]
    ) { parsed in
        try printLabels(.item, parsed) { selection in
            try selected(parsed, selection, kind: .item) ?? selection.items(skus: try required(parsed[skus], "SKU"))
        }
    }

    static let lot = CommandSpec(
        name: "lot", abstract: "Lot labels: GS1-128 (GTIN, expiry, lot) or Code 128 of SKU/LOT, expiry printed large.",
        discussion: "With SKUs, the newest lot of each item. Use --receipt to label what a receipt brought in.",
        options: printing + [receiptOption, perUnitOption, atOption], arguments: [skus]
    ) { parsed in
        try printLabels(.lot, parsed) { selection in
            try selected(parsed, selection, kind: .lot) ?? selection.lots(skus: try required(parsed[skus], "SKU"))
        }
    }

    static let kit = CommandSpec(
        name: "kit", abstract: "Kit labels: kit code and name, contents from the current recipe, Code 128.",
        options: printing + [receiptOption, perUnitOption], arguments: [kits]
    ) { parsed in
        try printLabels(.kit, parsed) { selection in
            try selected(parsed, selection, kind: .kit) ?? selection.kits(skus: try required(parsed[kits], "kit SKU"))
        }
    }

    static let location = CommandSpec(
        name: "location",
        abstract: "Shelf labels: location code large, with a barcode readable from a distance (module ≥ 0.5 mm).",
        options: printing, arguments: [locations]
    ) { parsed in
        try printLabels(.location, parsed) { try $0.locations(codes: parsed[locations]) }
    }

    static let card = CommandSpec(
        name: "card", abstract: "Household cards (tessere): the household code as Code 128 and text, no personal data.",
        options: printing, arguments: [cards]
    ) { parsed in
        try printLabels(.card, parsed, select: { try $0.cards(codes: parsed[cards]) }) { db in
            // Each card carries its household's code: printing it is an export, in the audit log.
            for code in Set(try parsed[cards].map { try Households(db).household(code: $0).code }).sorted() {
                try Audit.disclosure(
                    db, operator: try parsed.operatorName(), format: "pdf", subject: code, detail: "card label")
            }
        }
    }

    static let templates = CommandSpec(
        name: "templates", abstract: "List the label templates in Labels/.", options: Common.listing
    ) { parsed in
        try Output.emit(try LabelTemplates.locate().all(), parsed, empty: "(no templates)")
    }

    static let bench = CommandSpec(
        name: "bench", abstract: "Time laying out and serializing item labels (default 10,000 on avery-l7160).",
        options: [
            benchCount,
            Option(
                "--template", ValueKind("name|file.json", completion: .file) { $0 }, "Template (default avery-l7160).")
        ]
    ) { parsed in
        let template = try LabelTemplates.template(parsed[Self.template] ?? "avery-l7160")
        let result = try LabelBench.run(labels: parsed[benchCount] ?? 10_000, template: template)
        let milliseconds = Int((result.seconds * 1000).rounded())
        Output.line(
            "\(result.labels) item labels on \(template.name): \(result.pages) pages, \(result.bytes / 1024) KiB in \(milliseconds) ms "
                + "(\(Int(Double(result.labels) / max(result.seconds, 1e-9))) labels/s)")
    }

    // MARK: - Shared

    static let skus = Arguments(.sku.named("SKU"), "Item SKUs.")
    static let kits = Arguments(.kit.named("KIT"), "Kit SKUs.")
    static let locations = Arguments(.location.named("LOCATION"), "Location codes (default: every active location).")
    static let cards = Arguments(
        .household.named("CODE"), "Codes of registered households, as printed (K7Q2-9XM4-P).", atLeastOne: true)
    static let benchCount = Option("--count", .number(1...10_000_000), "How many labels (default 10000).")
    static let receiptOption = Option(
        "--receipt", .documentNumber, "Label what a receipt brought in, one label per received lot.")
    static let perUnitOption = Flag("--per-unit", "With --receipt: one label per unit received.")
    static let atOption = Option("--at", .location, "Label what is in stock at a location.")

    static func required(_ values: [String], _ what: String) throws -> [String] {
        guard !values.isEmpty else { throw UsageError("no \(what) given: list them, or use --receipt or --at") }
        return values
    }

    /// --receipt or --at, when given.
    static func selected(_ parsed: ParsedCommand, _ selection: LabelSelection, kind: LabelKind) throws
        -> [LabelContent]?
    {
        if let number = parsed[receiptOption] {
            return try selection.receipt(number: number, kind: kind, perUnit: parsed[perUnitOption])
        }
        if parsed[perUnitOption] { throw UsageError("--per-unit needs --receipt") }
        if let location = parsed[atOption] { return try selection.stocked(at: location, kind: kind) }
        return nil
    }

    static func printLabels(
        _ kind: LabelKind, _ parsed: ParsedCommand, select: (LabelSelection) throws -> [LabelContent],
        audit: (Database) throws -> Void = { _ in }
    ) throws {
        let db = try parsed.openDatabase()
        // Refused before any work.
        let output = try parsed.outputFile(parsed[Self.output] ?? LabelJob.defaultOutput(kind))
        let contents = try db.inTransaction(.deferred) { try select(LabelSelection(db)) }
        try audit(db)
        try write(kind, contents, to: output, parsed)
    }

    static func write(_ kind: LabelKind, _ contents: [LabelContent], to output: OutputFile, _ parsed: ParsedCommand)
        throws
    {
        let template = try LabelTemplates.template(parsed[Self.template] ?? kind.defaultTemplate)
        let offset = parsed[offset] ?? Offset(x: 0, y: 0)
        if let start = parsed[start], start > template.labelsPerPage {
            throw UsageError("--start must be between 1 and \(template.labelsPerPage) for '\(template.name)'")
        }
        let options = LabelSheet.Options(
            copies: parsed[copies] ?? 1, start: parsed[start] ?? 1,
            offset: (offset.x, offset.y), outlines: parsed[outlines])
        let summary = try LabelJob(kind: kind, contents: contents, template: template, options: options).write(
            to: output)
        Output.line(
            "\(summary.path): \(summary.labels) \(kind.rawValue) label\(summary.labels == 1 ? "" : "s") on \(summary.pages) page\(summary.pages == 1 ? "" : "s") (\(template.name))"
        )
    }
}
