import ScortaKit

enum ItemCommand: TopLevelCommand {
    static let commandName = "item"
    static let spec = CommandSpec(
        name: commandName, abstract: "Keep the catalogue of items.",
        subcommands: [list, show, add, importCSV, edit, value])

    static let sku = Argument(.sku, "Item SKU.")
    static let category = Option("--category", .category, "Only this report category.")
    static let kits = Flag("--kits", "Only kits.")

    static let list = CommandSpec(
        name: "list", abstract: "List items with their current unit value.",
        options: [category, kits] + Common.listing
    ) { parsed in
        let items = try Catalogue(try parsed.openDatabase()).itemList(
            category: parsed[category], kitsOnly: parsed[kits], on: .today())
        try Output.emit(items, parsed, empty: "(no items)")
    }

    static let show = CommandSpec(
        name: "show", abstract: "Show an item: values over time, barcodes, stock.",
        options: [Common.json], arguments: [sku]
    ) { parsed in
        let db = try parsed.openDatabase()
        let catalogue = Catalogue(db)
        let item = try catalogue.item(sku: parsed[sku])
        let values = try catalogue.valueHistory(itemID: item.id)
        let barcodes = try catalogue.barcodes(item: item)
        let stock = try Ledger(db).stock(sku: item.sku).array()
        let object = JSONValue.object([
            ("sku", .string(item.sku)), ("name", .string(item.name)), ("unit", .string(item.unit)),
            ("category", .string(item.categoryCode)), ("gtin", .optional(item.gtin)),
            ("net_grams", .optional(item.netGrams)),
            ("kit", .bool(item.isKit)), ("active", .bool(item.active)),
            (
                "values",
                .array(
                    values.map { .object([("valid_from", .string($0.from.description)), ("cents", .int($0.cents))]) })
            ),
            (
                "barcodes",
                .array(barcodes.map { .object([("code", .string($0.code)), ("quantity", .int($0.quantity))]) })
            ),
            ("stock", Listing(stock).json())
        ])
        if parsed[Common.json] {
            Output.line(object.serialized())
            return
        }
        Output.line("\(item.sku)  \(item.name)")
        Output.line(
            "unit \(item.unit), category \(item.categoryCode)\(item.gtin.map { ", GTIN \($0)" } ?? "")\(item.isKit ? ", kit" : "")\(item.active ? "" : ", inactive")"
        )
        Output.line(
            "values: " + values.map { "\(Money.format(cents: $0.cents)) from \($0.from)" }.joined(separator: "; "))
        if !barcodes.isEmpty {
            Output.line("barcodes: " + barcodes.map { "\($0.code) ×\($0.quantity)" }.joined(separator: ", "))
        }
        Output.line("")
        try Output.emit(stock, parsed, empty: "(no stock)")
    }

    enum AddOptions {
        static let name = Required("--name", .text("name"), "Item name.")
        static let unit = Required("--unit", .text("unit"), "Unit counted (pz, paio, conf...).")
        static let category = Required("--category", .category, "Report category (see Seeds/categories.csv).")
        static let value = Required("--value", .money, "Unit value in euro, e.g. 2.50.")
        static let from = Option("--from", .date, "Value effective from (default: today).")
        static let gtin = Option("--gtin", .gtin, "GTIN-8/12/13/14, when the item has one.")
        static let grams = Option("--grams", .number(0...10_000_000, "g"), "Net weight per unit in grams (food).")
        static let sku = Argument(ValueKind.sku.new, "New SKU.")
    }

    static let add = CommandSpec(
        name: "add", abstract: "Add an item to the catalogue.",
        discussion:
            "Example: scorta item add IG-BAL --name \"Balsamo 250 ml\" --unit pz --category hygiene --value 1.80",
        options: [
            AddOptions.name, AddOptions.unit, AddOptions.category, AddOptions.value, AddOptions.from, AddOptions.gtin,
            AddOptions.grams
        ],
        arguments: [AddOptions.sku]
    ) { parsed in
        let db = try parsed.openDatabase()
        let operatorName = try parsed.operatorName()
        let cents = parsed[AddOptions.value]
        let item = try db.inTransaction {
            try Catalogue(db).addItem(
                NewItem(
                    sku: parsed[AddOptions.sku], name: parsed[AddOptions.name], unit: parsed[AddOptions.unit],
                    category: parsed[AddOptions.category], valueCents: cents, gtin: parsed[AddOptions.gtin],
                    netGrams: parsed[AddOptions.grams]),
                valueFrom: parsed[AddOptions.from] ?? .today(), operatorName: operatorName)
        }
        Output.line("Added \(item.sku) (\(item.name)) at \(Money.format(cents: cents)) €")
    }

    static let importFrom = Option("--from", .date, "Values effective from (default: today).")
    static let importFile = Argument(.inputFile(), "CSV file.")

    static let importCSV = CommandSpec(
        name: "import", abstract: "Add the items of a spreadsheet to the catalogue, all or none.",
        discussion: """
            Columns (Italian or English): sku|codice, name|descrizione, unit|unità, category|categoria (code or name),
            value|valore (euro, 2,50 or 2.50) or value_cents, and optional gtin|ean, grams|grammi.
            ';' or ',' separated, as Excel saves it. Every bad row is listed; nothing is added unless all are good.
            Example: scorta item import articoli.csv
            """,
        options: [importFrom],
        arguments: [importFile]
    ) { parsed in
        let db = try parsed.openDatabase()
        let operatorName = try parsed.operatorName()
        let file = parsed[importFile]
        let text = try Files.read(file)
        let from = parsed[importFrom] ?? .today()
        let items = try db.inTransaction {
            try Catalogue(db).importItems(csv: text, source: file, valueFrom: from, operatorName: operatorName)
        }
        Output.line(
            "Added \(items.count) item\(items.count == 1 ? "" : "s"): \(items.map(\.sku).joined(separator: ", "))")
    }

    enum EditOptions {
        static let name = Option("--name", .text("name"), "New name.")
        static let unit = Option("--unit", .text("unit"), "New unit.")
        static let category = Option("--category", .category, "New report category.")
        static let gtin = Option("--gtin", ValueKind.orNone(.gtin), "New GTIN ('none' removes it).")
        static let grams = Option(
            "--grams", ValueKind.orNone(.number(0...10_000_000, "g")), "Net grams per unit ('none' removes it).")
        static let deactivate = Flag("--deactivate", "No longer offered.", group: "activity")
        static let activate = Flag("--activate", "Offered again.", group: "activity")
    }

    static let edit = CommandSpec(
        name: "edit", abstract: "Edit an item's descriptive fields (values change with 'item value').",
        options: [
            EditOptions.name, EditOptions.unit, EditOptions.category, EditOptions.gtin, EditOptions.grams,
            EditOptions.deactivate, EditOptions.activate
        ],
        arguments: [sku]
    ) { parsed in
        let db = try parsed.openDatabase()
        _ = try parsed.operatorName()
        // `--gtin none` removes it: nil is "unchanged", .some(nil) "removed".
        let gtin: String?? = parsed[EditOptions.gtin]
        let grams: Int?? = parsed[EditOptions.grams]
        let active: Bool? = parsed[EditOptions.activate] ? true : parsed[EditOptions.deactivate] ? false : nil
        let item = try db.inTransaction {
            let catalogue = Catalogue(db)
            return try catalogue.editItem(
                try catalogue.item(sku: parsed[sku]), name: parsed[EditOptions.name], unit: parsed[EditOptions.unit],
                category: parsed[EditOptions.category], gtin: gtin, netGrams: grams, active: active)
        }
        Output.line("Updated \(item.sku) (\(item.name))")
    }

    static let valueFrom = Option("--from", .date, "Effective from (default: today).")
    static let newValue = Argument(.money, "New unit value in euro, e.g. 3.20.")

    static let value = CommandSpec(
        name: "value", abstract: "Set an item's unit value from a date; earlier values stay for earlier dates.",
        discussion:
            "A date inside a closed period, or one that already starts a value, is refused: reports may have read it.",
        options: [valueFrom],
        arguments: [sku, newValue]
    ) { parsed in
        let db = try parsed.openDatabase()
        let operatorName = try parsed.operatorName()
        let cents = parsed[newValue]
        let from = parsed[valueFrom] ?? .today()
        try db.inTransaction {
            let catalogue = Catalogue(db)
            try catalogue.setValue(
                itemID: try catalogue.item(sku: parsed[sku]).id, cents: cents, from: from, operatorName: operatorName)
        }
        Output.line("\(parsed[sku]) is worth \(Money.format(cents: cents)) € from \(from)")
    }
}
