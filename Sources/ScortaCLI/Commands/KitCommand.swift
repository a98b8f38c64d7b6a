import ScortaKit

enum KitCommand: TopLevelCommand {
    static let commandName = "kit"
    static let spec = CommandSpec(
        name: commandName, abstract: "Kit recipes, assembly and disassembly.",
        subcommands: [list, show, recipe, assemble, disassemble])

    static let kit = Argument(.kit, "Kit SKU.")
    static let all = Flag("--all", "Every recipe version, oldest first.")
    static let recipeNote = Option("--note", .text("text"), "Why the recipe changed.")
    /// A recipe names items, not lots.
    static let component = ValueKind<LineSpec>("SKU:QTY", good: "IG-SAP:1", bad: ["IG-SAP", "IG-SAP:1:L1", "IG-SAP:0"])
    { text in
        let spec = try LineSpec(parsing: text)
        guard spec.lot == nil else { throw ValueError(message: "component '\(text)': a recipe names items, not lots") }
        return spec
    }
    static let components = Arguments(component, "Component and quantity per kit.", atLeastOne: true)
    static let quantity = Required("--qty", .number(1...1_000_000), "How many kits.")
    static let lotCode = Option("--lot", .lot, "Kit lot code (default: the document number).")
    static let lot = Required("--lot", .lot, "Kit lot.")
    static let assembleAt = Required("--at", .location, "Warehouse where they are assembled.")
    static let disassembleAt = Required("--at", .location, "Where the kits are.")

    static let list = CommandSpec(
        name: "list", abstract: "List kits with their current recipe version.", options: Common.listing
    ) { parsed in
        try Output.emit(try Catalogue(try parsed.openDatabase()).kitList(), parsed)
    }

    static let show = CommandSpec(
        name: "show", abstract: "Show a kit's recipe (all versions with --all).",
        options: [all, Common.json],
        arguments: [kit]
    ) { parsed in
        let catalogue = Catalogue(try parsed.openDatabase())
        let kit = try catalogue.item(sku: parsed[kit])
        let recipes = parsed[all] ? try catalogue.recipes(kit: kit) : [try catalogue.currentRecipe(kit: kit)]
        if parsed[Common.json] {
            Output.line(
                JSONValue.object([
                    ("sku", .string(kit.sku)), ("name", .string(kit.name)),
                    (
                        "recipes",
                        .array(
                            recipes.map { recipe in
                                .object([
                                    ("version", .int(recipe.version)), ("created_at", .string(recipe.createdAt)),
                                    (
                                        "components",
                                        .array(
                                            recipe.components.map {
                                                .object([("sku", .string($0.sku)), ("quantity", .int($0.quantity))])
                                            })
                                    )
                                ])
                            })
                    )
                ]).serialized())
            return
        }
        Output.line("\(kit.sku)  \(kit.name)")
        for recipe in recipes {
            Output.line("\nversion \(recipe.version) (\(recipe.createdAt))")
            Output.write(Listing(recipe.components).text())
        }
    }

    static let recipe = CommandSpec(
        name: "recipe", abstract: "Record a new recipe version for a kit; assembled lots keep theirs.",
        discussion: "Example: scorta kit recipe KIT-IGM IG-SAP:1 IG-SPZ:1 IG-DEN:1",
        options: [recipeNote],
        arguments: [kit, components]
    ) { parsed in
        let db = try parsed.openDatabase()
        let operatorName = try parsed.operatorName()
        let components = parsed[components].map { (sku: $0.sku, quantity: $0.quantity) }
        let recipe = try db.inTransaction {
            let catalogue = Catalogue(db)
            return try catalogue.addRecipe(
                kit: try catalogue.item(sku: parsed[kit]), components: components,
                operatorName: operatorName, note: parsed[recipeNote])
        }
        Output.line("\(parsed[kit]) recipe version \(recipe.version) recorded (\(recipe.components.count) components)")
    }

    static let assemble = CommandSpec(
        name: "assemble", abstract: "Assemble kits: components out, a kit lot in (assemblaggio).",
        discussion: "Example: scorta kit assemble KIT-IGM --qty 50 --at MAG-A",
        options: [quantity, assembleAt, lotCode] + Common.posting + [Common.json, Common.allLines],
        arguments: [kit]
    ) { parsed in
        let db = try parsed.openDatabase()
        let posted = try Ledger(db).assemble(
            kit: parsed[kit], quantity: parsed[quantity],
            at: parsed[assembleAt], lotCode: parsed[lotCode],
            context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }

    static let disassemble = CommandSpec(
        name: "disassemble", abstract: "Take kits of a lot apart: components back in stock.",
        options: [lot, quantity, disassembleAt] + Common.posting + [Common.json, Common.allLines],
        arguments: [kit]
    ) { parsed in
        let db = try parsed.openDatabase()
        let posted = try Ledger(db).disassemble(
            kit: parsed[kit], lot: parsed[lot], quantity: parsed[quantity],
            at: parsed[disassembleAt], context: try parsed.postingContext())
        try reportPosted(posted, db, parsed)
    }
}
