import ScortaKit

enum KitCommand {
    static let spec = CommandSpec(
        name: "kit", abstract: "Kit recipes, assembly and disassembly.",
        subcommands: [list, show, recipe, assemble, disassemble])

    static let list = CommandSpec(name: "list", abstract: "List kits with their current recipe version.", options: Common.listing) { parsed in
        let catalogue = Catalogue(try parsed.openDatabase())
        var listing = Listing(columns: [.init("sku", "SKU"), .init("name", "NAME"), .init("version", "VERSION", alignRight: true),
                                        .init("components", "COMPONENTS", alignRight: true)])
        for kit in try catalogue.items(kitsOnly: true) {
            let recipe = try catalogue.currentRecipe(kit: kit)
            listing.append([.string(kit.sku), .string(kit.name), .int(recipe.version), .int(recipe.components.count)])
        }
        Output.emit(listing, parsed)
    }

    static let show = CommandSpec(
        name: "show", abstract: "Show a kit's recipe (all versions with --all).",
        options: [.flag("--all", "Every recipe version, oldest first."), Common.json],
        arguments: [.init("kit", "Kit SKU.")]
    ) { parsed in
        let catalogue = Catalogue(try parsed.openDatabase())
        let kit = try catalogue.item(sku: parsed.arguments[0])
        let recipes = parsed.flag("--all") ? try catalogue.recipes(kit: kit) : [try catalogue.currentRecipe(kit: kit)]
        if parsed.flag("--json") {
            Output.line(JSONValue.object([("sku", .string(kit.sku)), ("name", .string(kit.name)), ("recipes", .array(recipes.map { recipe in
                .object([("version", .int(recipe.version)), ("created_at", .string(recipe.createdAt)),
                         ("components", .array(recipe.components.map { .object([("sku", .string($0.sku)), ("quantity", .int($0.quantity))]) }))])
            }))]).serialized())
            return
        }
        Output.line("\(kit.sku)  \(kit.name)")
        for recipe in recipes {
            Output.line("\nversion \(recipe.version) (\(recipe.createdAt))")
            var listing = Listing(columns: [.init("sku", "SKU"), .init("name", "NAME"), .init("quantity", "QTY", alignRight: true)])
            for component in recipe.components { listing.append([.string(component.sku), .string(component.name), .int(component.quantity)]) }
            Output.write(listing.text())
        }
    }

    static let recipe = CommandSpec(
        name: "recipe", abstract: "Record a new recipe version for a kit; assembled lots keep theirs.",
        discussion: "Example: scorta kit recipe KIT-IGM IG-SAP:1 IG-SPZ:1 IG-DEN:1",
        options: [.value("--note", "text", "Why the recipe changed.")],
        arguments: [.init("kit", "Kit SKU."), .init("SKU:QTY", "Component and quantity per kit.", repeating: true)]
    ) { parsed in
        let db = try parsed.openDatabase()
        let operatorName = try parsed.operatorName()
        let components = try parsed.arguments.dropFirst().map { text -> (sku: String, quantity: Int) in
            let spec = try LineSpec(parsing: text)
            guard spec.lot == nil else { throw ScortaError.invalid("component '\(text)': a recipe names items, not lots") }
            return (spec.sku, spec.quantity)
        }
        let recipe = try db.inTransaction {
            let catalogue = Catalogue(db)
            return try catalogue.addRecipe(kit: try catalogue.item(sku: parsed.arguments[0]), components: components,
                                           operatorName: operatorName, note: parsed.value("--note"))
        }
        Output.line("\(parsed.arguments[0]) recipe version \(recipe.version) recorded (\(recipe.components.count) components)")
    }

    static let assemble = CommandSpec(
        name: "assemble", abstract: "Assemble kits: components out, a kit lot in (assemblaggio).",
        discussion: "Example: scorta kit assemble KIT-IGM --qty 50 --at MAG-A",
        options: [.value("--qty", "n", "How many kits."), .value("--at", "location", "Warehouse where they are assembled."),
                  .value("--lot", "code", "Kit lot code (default: the document number).")] + Common.posting + [Common.json],
        arguments: [.init("kit", "Kit SKU.")], required: ["--qty", "--at"]
    ) { parsed in
        let db = try parsed.openDatabase()
        let posted = try Ledger(db).assemble(kit: parsed.arguments[0], quantity: try parsed.int("--qty", range: 1...1_000_000) ?? 0,
                                             at: try parsed.require("--at", "location"), lotCode: parsed.value("--lot"),
                                             context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }

    static let disassemble = CommandSpec(
        name: "disassemble", abstract: "Take kits of a lot apart: components back in stock.",
        options: [.value("--lot", "code", "Kit lot."), .value("--qty", "n", "How many kits."),
                  .value("--at", "location", "Where the kits are.")] + Common.posting + [Common.json],
        arguments: [.init("kit", "Kit SKU.")], required: ["--lot", "--qty", "--at"]
    ) { parsed in
        let db = try parsed.openDatabase()
        let posted = try Ledger(db).disassemble(kit: parsed.arguments[0], lot: try parsed.require("--lot", "code"),
                                                quantity: try parsed.int("--qty", range: 1...1_000_000) ?? 0,
                                                at: try parsed.require("--at", "location"), context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }
}
