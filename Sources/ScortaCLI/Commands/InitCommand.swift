import ScortaKit

enum InitCommand: TopLevelCommand {
    static let commandName = "init"
    static let seedsOption = Option(
        "--seeds", .seeds, "Seed folder (default: $SCORTA_SEEDS, else ./Seeds, else the source tree's Seeds).")

    static let spec = CommandSpec(
        name: commandName, abstract: "Create a new database from the seed files.",
        discussion:
            "Reads locations, channels, report categories, the catalogue, barcodes and kits from Seeds/.\nNever overwrites an existing database: a file, or a PostgreSQL database (--db postgresql://…) that already has tables. The operator who runs it (--operator, else\n$SCORTA_OPERATOR, else $USER) is registered with every role and can then register the others.",
        options: [seedsOption]
    ) { parsed in
        let seeds = try SeedFiles.locate(explicit: parsed[seedsOption])
        let path = parsed.databasePath
        let operatorName = try parsed.firstOperatorName()
        let db = try Store.create(path: path, seeds: seeds, firstOperator: operatorName)
        let items = try db.scalar("SELECT count(*) FROM item WHERE is_kit = 0") ?? 0
        let kits = try db.scalar("SELECT count(*) FROM item WHERE is_kit = 1") ?? 0
        let locations = try Catalogue(db).locations().map(\.code).joined(separator: ", ")
        Output.line("Created \(Store.displayName(path))")
        Output.line("  from \(seeds.directory): \(items) items, \(kits) kits, locations \(locations)")
        Output.line(
            "  registered operator '\(operatorName)' with every role (\(Role.allCases.map(\.rawValue).joined(separator: ", ")));"
        )
        Output.line("  add the others with 'scorta operator add NAME --roles warehouse,market'")
    }
}
