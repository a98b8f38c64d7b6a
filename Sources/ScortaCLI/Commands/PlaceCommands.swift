import ScortaKit

enum BarcodeCommand: TopLevelCommand {
    static let commandName = "barcode"
    static let code = Argument(.text("code"), "The barcode.")
    static let listItem = Option("--item", .sku, "Only this item.")
    static let quantity = Option("--qty", .number(1...100_000), "Units per scan (default 1).")
    static let sku = Argument(.sku, "Item SKU.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Map scanned barcodes to items and quantities.",
        subcommands: [
            CommandSpec(name: "list", abstract: "List barcodes.", options: [listItem] + Common.listing) { parsed in
                let catalogue = Catalogue(try parsed.openDatabase())
                let item = try parsed[listItem].map { try catalogue.item(sku: $0) }
                try Output.emit(try catalogue.barcodes(item: item), parsed, empty: "(no barcodes)")
            },
            CommandSpec(
                name: "add", abstract: "Map a barcode to an item (e.g. a box of 12: --qty 12).",
                options: [quantity], arguments: [code, sku]
            ) { parsed in
                let db = try parsed.openDatabase()
                _ = try parsed.operatorName()
                let quantity = parsed[quantity] ?? 1
                try db.inTransaction {
                    let catalogue = Catalogue(db)
                    try catalogue.addBarcode(
                        parsed[code], item: try catalogue.item(sku: parsed[sku]), quantity: quantity)
                }
                Output.line("Barcode \(parsed[code]) → \(parsed[sku]) ×\(quantity)")
            },
            CommandSpec(name: "remove", abstract: "Remove a barcode mapping.", arguments: [code]) { parsed in
                let db = try parsed.openDatabase()
                _ = try parsed.operatorName()
                try db.inTransaction { try Catalogue(db).removeBarcode(parsed[code]) }
                Output.line("Barcode \(parsed[code]) removed")
            }
        ])
}

enum LocationCommand: TopLevelCommand {
    static let commandName = "location"
    static let code = Argument(.location.named("code"), "Location code.")
    static let newCode = Argument(ValueKind.location.named("code").new, "Location code.")
    static let name = Required("--name", .text("name"), "Name.")
    static let kind = Required(
        "--kind", .oneOf("kind", ["warehouse", "market", "outreach"]), "warehouse, market or outreach.")
    static let newName = Option("--name", .text("name"), "New name.")
    static let deactivate = Flag("--deactivate", "Stop using it (it must be empty).", group: "activity")
    static let activate = Flag("--activate", "Use it again.", group: "activity")

    static let spec = CommandSpec(
        name: commandName, abstract: "Warehouses, the social market and other stock locations.",
        subcommands: [
            CommandSpec(name: "list", abstract: "List locations.", options: Common.listing) { parsed in
                try Output.emit(try Catalogue(try parsed.openDatabase()).locations(), parsed)
            },
            CommandSpec(name: "add", abstract: "Add a location.", options: [name, kind], arguments: [newCode]) {
                parsed in
                let db = try parsed.openDatabase()
                _ = try parsed.operatorName()
                let location = try db.inTransaction {
                    try Catalogue(db).addLocation(code: parsed[newCode], name: parsed[name], kind: parsed[kind])
                }
                Output.line("Added location \(location.code) (\(location.name))")
            },
            CommandSpec(
                name: "edit", abstract: "Rename or (de)activate a location.", options: [newName, deactivate, activate],
                arguments: [code]
            ) { parsed in
                let db = try parsed.openDatabase()
                _ = try parsed.operatorName()
                let active: Bool? = parsed[activate] ? true : parsed[deactivate] ? false : nil
                let location = try db.inTransaction {
                    let catalogue = Catalogue(db)
                    return try catalogue.editLocation(
                        try catalogue.location(code: parsed[code]), name: parsed[newName], active: active)
                }
                Output.line(
                    "Updated location \(location.code) (\(location.name)\(location.active ? "" : ", inactive"))")
            }
        ])
}

enum ChannelCommand: TopLevelCommand {
    static let commandName = "channel"
    static let code = Argument(ValueKind.channel.new, "Channel code.")
    static let name = Required("--name", .text("name"), "Name.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Distribution channels (mobile unit, day centre, ...).",
        subcommands: [
            CommandSpec(name: "list", abstract: "List channels.", options: Common.listing) { parsed in
                try Output.emit(try Catalogue(try parsed.openDatabase()).channels(), parsed)
            },
            CommandSpec(name: "add", abstract: "Add a channel.", options: [name], arguments: [code]) { parsed in
                let db = try parsed.openDatabase()
                _ = try parsed.operatorName()
                let channel = try db.inTransaction {
                    try Catalogue(db).addChannel(code: parsed[code], name: parsed[name])
                }
                Output.line("Added channel \(channel.code) (\(channel.name))")
            }
        ])
}
