import ScortaKit

enum ItemCommand {
    static let spec = CommandSpec(name: "item", abstract: "Keep the catalogue of items.", subcommands: [list, show, add, importCSV, edit, value])

    static let list = CommandSpec(
        name: "list", abstract: "List items with their current unit value.",
        options: [.value("--category", "code", "Only this report category."), .flag("--kits", "Only kits.")] + Common.listing
    ) { parsed in
        let db = try parsed.openDatabase()
        let catalogue = Catalogue(db)
        let today = CivilDate.today()
        var listing = Listing(columns: [.init("sku", "SKU"), .init("name", "NAME"), .init("unit", "UNIT"), .init("category", "CATEGORY"),
                                        .init("value_cents", "VALUE €", format: .cents), .init("gtin", "GTIN"), .init("active", "ACTIVE")])
        for item in try catalogue.items(category: parsed.value("--category"), kitsOnly: parsed.flag("--kits")) {
            listing.append([.string(item.sku), .string(item.name), .string(item.unit), .string(item.categoryCode),
                            .optional(try catalogue.value(itemID: item.id, on: today)), .optional(item.gtin), .bool(item.active)])
        }
        Output.emit(listing, parsed, empty: "(no items)")
    }

    static let show = CommandSpec(name: "show", abstract: "Show an item: values over time, barcodes, stock.",
                                  options: [Common.json], arguments: [.init("sku", "Item SKU.")]) { parsed in
        let db = try parsed.openDatabase()
        let catalogue = Catalogue(db)
        let item = try catalogue.item(sku: parsed.arguments[0])
        let values = try catalogue.valueHistory(itemID: item.id)
        let barcodes = try catalogue.barcodes(item: item)
        let stock = try Ledger(db).stock(sku: item.sku).listing()
        let object = JSONValue.object([
            ("sku", .string(item.sku)), ("name", .string(item.name)), ("unit", .string(item.unit)),
            ("category", .string(item.categoryCode)), ("gtin", .optional(item.gtin)), ("net_grams", .optional(item.netGrams)),
            ("kit", .bool(item.isKit)), ("active", .bool(item.active)),
            ("values", .array(values.map { .object([("valid_from", .string($0.from.description)), ("cents", .int($0.cents))]) })),
            ("barcodes", .array(barcodes.map { .object([("code", .string($0.code)), ("quantity", .int($0.quantity))]) })),
            ("stock", stock.json()),
        ])
        if parsed.flag("--json") { Output.line(object.serialized()); return }
        Output.line("\(item.sku)  \(item.name)")
        Output.line("unit \(item.unit), category \(item.categoryCode)\(item.gtin.map { ", GTIN \($0)" } ?? "")\(item.isKit ? ", kit" : "")\(item.active ? "" : ", inactive")")
        Output.line("values: " + values.map { "\(Money.format(cents: $0.cents)) from \($0.from)" }.joined(separator: "; "))
        if !barcodes.isEmpty { Output.line("barcodes: " + barcodes.map { "\($0.code) ×\($0.quantity)" }.joined(separator: ", ")) }
        Output.line("")
        Output.emit(stock, parsed, empty: "(no stock)")
    }

    static let add = CommandSpec(
        name: "add", abstract: "Add an item to the catalogue.",
        discussion: "Example: scorta item add IG-BAL --name \"Balsamo 250 ml\" --unit pz --category hygiene --value 1.80",
        options: [.value("--name", "name", "Item name."), .value("--unit", "unit", "Unit counted (pz, paio, conf...)."),
                  .value("--category", "code", "Report category (see Seeds/categories.csv)."),
                  .value("--value", "euro", "Unit value in euro, e.g. 2.50."),
                  .value("--from", "date", "Value effective from (default: today)."),
                  .value("--gtin", "gtin", "GTIN-8/12/13/14, when the item has one."),
                  .value("--grams", "g", "Net weight per unit in grams (food).")],
        arguments: [.init("sku", "New SKU.")], required: ["--name", "--unit", "--category", "--value"]
    ) { parsed in
        let db = try parsed.openDatabase()
        let operatorName = try parsed.operatorName()
        let cents = try euros(try parsed.require("--value", "euro"))
        let item = try db.inTransaction {
            try Catalogue(db).addItem(NewItem(sku: parsed.arguments[0], name: try parsed.require("--name", "name"),
                                              unit: try parsed.require("--unit", "unit"), category: try parsed.require("--category", "code"),
                                              valueCents: cents, gtin: parsed.value("--gtin"), netGrams: try parsed.int("--grams", range: 0...10_000_000)),
                                      valueFrom: try parsed.date("--from") ?? .today(), operatorName: operatorName)
        }
        Output.line("Added \(item.sku) (\(item.name)) at \(Money.format(cents: cents)) €")
    }

    static let importCSV = CommandSpec(
        name: "import", abstract: "Add the items of a spreadsheet to the catalogue, all or none.",
        discussion: """
            Columns (Italian or English): sku|codice, name|descrizione, unit|unità, category|categoria (code or name),
            value|valore (euro, 2,50 or 2.50) or value_cents, and optional gtin|ean, grams|grammi.
            ';' or ',' separated, as Excel saves it. Every bad row is listed; nothing is added unless all are good.
            Example: scorta item import articoli.csv
            """,
        options: [.value("--from", "date", "Values effective from (default: today).")],
        arguments: [.init("file", "CSV file.")]
    ) { parsed in
        let db = try parsed.openDatabase()
        let operatorName = try parsed.operatorName()
        let file = parsed.arguments[0]
        let text = try Files.read(file)
        let from = try parsed.date("--from") ?? .today()
        let items = try db.inTransaction { try Catalogue(db).importItems(csv: text, source: file, valueFrom: from, operatorName: operatorName) }
        Output.line("Added \(items.count) item\(items.count == 1 ? "" : "s"): \(items.map(\.sku).joined(separator: ", "))")
    }

    static let edit = CommandSpec(
        name: "edit", abstract: "Edit an item's descriptive fields (values change with 'item value').",
        options: [.value("--name", "name", "New name."), .value("--unit", "unit", "New unit."),
                  .value("--category", "code", "New report category."), .value("--gtin", "gtin", "New GTIN ('none' removes it)."),
                  .value("--grams", "g", "Net grams per unit ('none' removes it)."),
                  .flag("--deactivate", "No longer offered."), .flag("--activate", "Offered again.")],
        arguments: [.init("sku", "Item SKU.")]
    ) { parsed in
        let db = try parsed.openDatabase()
        _ = try parsed.operatorName()
        let gtin: String?? = parsed.value("--gtin").map { $0 == "none" ? .some(nil) : .some($0) } ?? .none
        let grams: Int?? = try parsed.value("--grams").map { text -> Int?? in
            if text == "none" { return .some(nil) }
            guard let value = Int(text), value >= 0 else { throw ScortaError.usage("--grams '\(text)' must be a whole number or 'none'") }
            return .some(value)
        } ?? .none
        let active: Bool? = parsed.flag("--activate") ? true : parsed.flag("--deactivate") ? false : nil
        let item = try db.inTransaction {
            let catalogue = Catalogue(db)
            return try catalogue.editItem(try catalogue.item(sku: parsed.arguments[0]), name: parsed.value("--name"), unit: parsed.value("--unit"),
                                          category: parsed.value("--category"), gtin: gtin, netGrams: grams, active: active)
        }
        Output.line("Updated \(item.sku) (\(item.name))")
    }

    static let value = CommandSpec(
        name: "value", abstract: "Set an item's unit value from a date; earlier values stay for earlier dates.",
        options: [.value("--from", "date", "Effective from (default: today).")],
        arguments: [.init("sku", "Item SKU."), .init("euro", "New unit value in euro, e.g. 3.20.")]
    ) { parsed in
        let db = try parsed.openDatabase()
        let operatorName = try parsed.operatorName()
        let cents = try euros(parsed.arguments[1])
        let from = try parsed.date("--from") ?? .today()
        try db.inTransaction {
            let catalogue = Catalogue(db)
            try catalogue.setValue(itemID: try catalogue.item(sku: parsed.arguments[0]).id, cents: cents, from: from, operatorName: operatorName)
        }
        Output.line("\(parsed.arguments[0]) is worth \(Money.format(cents: cents)) € from \(from)")
    }

    static func euros(_ text: String) throws -> Int {
        guard let cents = Money.parseCents(text) else { throw ScortaError.usage("value '\(text)' must be euro with up to two decimals, e.g. 2.50") }
        return cents
    }
}
