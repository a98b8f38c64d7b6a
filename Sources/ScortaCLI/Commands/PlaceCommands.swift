import ScortaKit

enum BarcodeCommand {
    static let spec = CommandSpec(name: "barcode", abstract: "Map scanned barcodes to items and quantities.", subcommands: [
        CommandSpec(name: "list", abstract: "List barcodes.", options: [.value("--item", "sku", "Only this item.")] + Common.listing) { parsed in
            let catalogue = Catalogue(try parsed.openDatabase())
            let item = try parsed.value("--item").map { try catalogue.item(sku: $0) }
            var listing = Listing(columns: [.init("code", "BARCODE"), .init("sku", "SKU"), .init("quantity", "PER SCAN", alignRight: true)])
            for barcode in try catalogue.barcodes(item: item) { listing.append([.string(barcode.code), .string(barcode.sku), .int(barcode.quantity)]) }
            Output.emit(listing, parsed, empty: "(no barcodes)")
        },
        CommandSpec(name: "add", abstract: "Map a barcode to an item (e.g. a box of 12: --qty 12).",
                    options: [.value("--qty", "n", "Units per scan (default 1).")],
                    arguments: [.init("code", "The barcode."), .init("sku", "Item SKU.")]) { parsed in
            let db = try parsed.openDatabase()
            _ = try parsed.operatorName()
            let quantity = try parsed.int("--qty", range: 1...100_000) ?? 1
            try db.inTransaction {
                let catalogue = Catalogue(db)
                try catalogue.addBarcode(parsed.arguments[0], item: try catalogue.item(sku: parsed.arguments[1]), quantity: quantity)
            }
            Output.line("Barcode \(parsed.arguments[0]) → \(parsed.arguments[1]) ×\(quantity)")
        },
        CommandSpec(name: "remove", abstract: "Remove a barcode mapping.", arguments: [.init("code", "The barcode.")]) { parsed in
            let db = try parsed.openDatabase()
            _ = try parsed.operatorName()
            try db.inTransaction { try Catalogue(db).removeBarcode(parsed.arguments[0]) }
            Output.line("Barcode \(parsed.arguments[0]) removed")
        },
    ])
}

enum LocationCommand {
    static let spec = CommandSpec(name: "location", abstract: "Warehouses, the social market and other stock locations.", subcommands: [
        CommandSpec(name: "list", abstract: "List locations.", options: Common.listing) { parsed in
            var listing = Listing(columns: [.init("code", "CODE"), .init("name", "NAME"), .init("kind", "KIND"), .init("active", "ACTIVE")])
            for location in try Catalogue(try parsed.openDatabase()).locations() {
                listing.append([.string(location.code), .string(location.name), .string(location.kind), .bool(location.active)])
            }
            Output.emit(listing, parsed)
        },
        CommandSpec(name: "add", abstract: "Add a location.",
                    options: [.value("--name", "name", "Name."), .value("--kind", "kind", "warehouse, market or outreach.")],
                    arguments: [.init("code", "Location code.")], required: ["--name", "--kind"]) { parsed in
            let db = try parsed.openDatabase()
            _ = try parsed.operatorName()
            let location = try db.inTransaction {
                try Catalogue(db).addLocation(code: parsed.arguments[0], name: try parsed.require("--name", "name"), kind: try parsed.require("--kind", "kind"))
            }
            Output.line("Added location \(location.code) (\(location.name))")
        },
        CommandSpec(name: "edit", abstract: "Rename or (de)activate a location.",
                    options: [.value("--name", "name", "New name."), .flag("--deactivate", "Stop using it (it must be empty)."),
                              .flag("--activate", "Use it again.")],
                    arguments: [.init("code", "Location code.")]) { parsed in
            let db = try parsed.openDatabase()
            _ = try parsed.operatorName()
            let active: Bool? = parsed.flag("--activate") ? true : parsed.flag("--deactivate") ? false : nil
            let location = try db.inTransaction {
                let catalogue = Catalogue(db)
                return try catalogue.editLocation(try catalogue.location(code: parsed.arguments[0]), name: parsed.value("--name"), active: active)
            }
            Output.line("Updated location \(location.code) (\(location.name)\(location.active ? "" : ", inactive"))")
        },
    ])
}

enum ChannelCommand {
    static let spec = CommandSpec(name: "channel", abstract: "Distribution channels (mobile unit, day centre, ...).", subcommands: [
        CommandSpec(name: "list", abstract: "List channels.", options: Common.listing) { parsed in
            var listing = Listing(columns: [.init("code", "CODE"), .init("name", "NAME")])
            for channel in try Catalogue(try parsed.openDatabase()).channels() { listing.append([.string(channel.code), .string(channel.name)]) }
            Output.emit(listing, parsed)
        },
        CommandSpec(name: "add", abstract: "Add a channel.", options: [.value("--name", "name", "Name.")],
                    arguments: [.init("code", "Channel code.")], required: ["--name"]) { parsed in
            let db = try parsed.openDatabase()
            _ = try parsed.operatorName()
            let channel = try db.inTransaction { try Catalogue(db).addChannel(code: parsed.arguments[0], name: try parsed.require("--name", "name")) }
            Output.line("Added channel \(channel.code) (\(channel.name))")
        },
    ])
}
