import Foundation
import ScortaHarness
import ScortaKit

enum DemoCommand: TopLevelCommand {
    static let commandName = "demo"
    static let seedsOption = Option("--seeds", .seeds, "Seed folder (default: as for init).")

    static let spec = CommandSpec(
        name: commandName, abstract: "Create a demo database from the seeds, post a sample week and show stock.",
        discussion:
            "Posts a FEAD delivery, a food donation, a transfer to the social market, a batch of hygiene kits, a kit handed\nout by the night unit and a household's checkout at the social market through the ordinary posting path. Replaces an earlier demo database, never any other file.",
        options: [seedsOption]
    ) { parsed in
        let path = parsed[Commands.db] ?? "scorta-demo.sqlite"
        try Store.removeDemo(at: path)
        let seeds = try SeedFiles.locate(explicit: parsed[seedsOption])
        let operatorName = try parsed.firstOperatorName()
        let db = try Store.create(path: path, seeds: seeds, firstOperator: operatorName)
        try db.run("INSERT INTO setting(key, value) VALUES ('demo', '1')")
        try HashChain.seal(.setting, key: ["demo"], in: db)
        let numbers = try DemoScenario.post(into: db)
        let ledger = Ledger(db)
        Output.line("Created demo database \(Store.displayName(path)) from \(seeds.directory)\n")
        for number in numbers {
            let document = try ledger.document(number: number)
            let what =
                document.reference ?? [document.channel, document.household].compactMap { $0 }.joined(separator: " ")
            Output.line("  \(number)  \(document.type.rawValue.padding(13))\(document.date)  \(what)")
        }
        Output.line("\nStock on hand:\n")
        Output.write(Listing(try ledger.stock().array()).text())
        if let checkout = numbers.last, let receipt = try? Market(db).receipt(number: checkout) {
            Output.line("\nThe family's receipt at the social market:\n")
            Output.write(receipt)
        }
        Output.line(
            "\nTry:  export SCORTA_DB=\(Store.isPostgreSQL(path) ? "'\(path)'" : path) SCORTA_OPERATOR=\(operatorName)   # registered with every role"
        )
        // As the user types it: the build folder's binary in the source tree, else the installed one on the PATH.
        let binary = URL(fileURLWithPath: Installation.executable)
        let scorta =
            binary.path.contains("/.build/")
            ? ".build/\(binary.deletingLastPathComponent().lastPathComponent)/scorta" : "scorta"
        for example in ["help", "expiring --days 30", "distributions", "household list"] {
            Output.line("      \(scorta) \(example)")
        }
    }
}
