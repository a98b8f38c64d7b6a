import ScortaKit

enum StockCommand: TopLevelCommand {
    static let commandName = "stock"
    static let at = Option("--at", .location, "Only this location.")
    static let item = Option("--item", .sku, "Only this item.")
    static let zero = Flag("--zero", "Include rows that are at zero.")

    static let value = Flag("--value", "Value of the stock in euro by location and category, with totals.")
    static let date = Option(
        "--date", .date, "With --value: the stock and unit values at the end of this date (default today).")

    static let spec = CommandSpec(
        name: commandName, abstract: "Stock on hand by location, item and lot.",
        options: [at, item, zero, value, date] + Common.listing
    ) { parsed in
        let db = try parsed.openDatabase()
        if parsed[value] {
            guard parsed[item] == nil, !parsed[zero] else { throw UsageError("--value takes only --at and --date") }
            try Output.emit(try Ledger(db).stockValue(on: parsed[date] ?? .today(), location: parsed[at]), parsed)
            return
        }
        guard parsed[date] == nil else { throw UsageError("--date goes with --value") }
        let source = try Ledger(db).stock(location: parsed[at], sku: parsed[item], includeZero: parsed[zero])
        try Output.emit(source, parsed, empty: "(no stock)", in: db)
    }
}

enum HistoryCommand: TopLevelCommand {
    static let commandName = "history"
    static let item = Option("--item", .sku, "The item.")
    static let at = Option("--at", .location, "The location.")
    static let from = Option("--from", .date, "First date (inclusive).")
    static let to = Option("--to", .date, "Last date (inclusive).")

    static let spec = CommandSpec(
        name: commandName, abstract: "Movements of an item or at a location over a period.",
        options: [item, at, from, to] + Common.listing
    ) { parsed in
        guard parsed[item] != nil || parsed[at] != nil else {
            throw UsageError("history needs --item SKU or --at LOCATION (or both)")
        }
        let db = try parsed.openDatabase()
        let source = try Ledger(db).history(sku: parsed[item], location: parsed[at], from: parsed[from], to: parsed[to])
        try Output.emit(source, parsed, empty: "(no movements)", in: db)
    }
}

enum DocumentsCommand: TopLevelCommand {
    static let commandName = "documents"
    static let from = Option("--from", .date, "First date (inclusive).")
    static let to = Option("--to", .date, "Last date (inclusive).")
    static let type = Option(
        "--type", .documentType,
        "receipt, transfer, assembly, disassembly, adjustment, count, reversal, distribution (or RIC, TRA...).")
    static let at = Option("--at", .location, "Documents of this location or moving stock in or out of it.")
    static let supplier = Option("--supplier", .text("text"), "Supplier or donor containing this text.")
    static let ref = Option("--ref", .text("text"), "Reference (delivery note) containing this text.")

    static let spec = CommandSpec(
        name: commandName, abstract: "List documents by period, type, location, supplier or reference.",
        discussion: "Example: scorta documents --type receipt --supplier \"banco\" --from 2026-01-01 --to 2026-03-31",
        options: [from, to, type, at, supplier, ref] + Common.listing
    ) { parsed in
        let db = try parsed.openDatabase()
        let filter = DocumentFilter(
            from: parsed[from], to: parsed[to], type: parsed[type], location: parsed[at],
            supplier: parsed[supplier], reference: parsed[ref])
        try Output.emit(try Ledger(db).documents(filter), parsed, empty: "(no documents)", in: db)
    }
}

enum ExpiringCommand: TopLevelCommand {
    static let commandName = "expiring"
    static let days = Option("--days", .number(0...36_500), "Window in days (default 30).")
    static let at = Option("--at", .location, "Only this location.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Lots in stock expiring within N days (and expired ones).",
        options: [days, at] + Common.listing
    ) { parsed in
        let db = try parsed.openDatabase()
        let source = try Ledger(db).expiring(within: parsed[days] ?? 30, today: .today(), location: parsed[at])
        try Output.emit(source, parsed, empty: "(no lots expiring)", in: db)
    }
}

enum ShowCommand: TopLevelCommand {
    static let commandName = "show"
    static let number = Argument(.documentNumber, "Document number, e.g. TRA-2026-00003.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Show one document by number.",
        options: [Common.json], arguments: [number]
    ) { parsed in
        let db = try parsed.openDatabase()
        let document = try Ledger(db).document(number: parsed[number])
        if let household = try Audit.household(ofDocument: parsed[number], in: db) {
            try Audit.disclosure(
                db, operator: try parsed.operatorName(), format: parsed.listingFormat, subject: household,
                detail: "document \(parsed[number])")
        }
        try Presentation.write(document, as: parsed[Common.json] ? .json : .text, to: .standardOutput)
    }
}

enum CheckCommand: TopLevelCommand {
    static let commandName = "check"
    static let spec = CommandSpec(
        name: commandName, abstract: "Replay the whole ledger and verify balances and invariants.",
        discussion:
            "Also checks the points ledger (each checkout's spend, balances never below zero) and that the indicator report's\nfacts (one row per distribution) equal its lines and recipients.\nSilent with exit status 0 when all is well; one line per discrepancy and exit status 1 otherwise."
    ) { parsed in
        let db = try parsed.openDatabase()
        let problems = try Consistency.problems(in: db)
        guard problems.isEmpty else {
            for problem in problems { Output.line(problem) }
            throw CheckFailed(count: problems.count)
        }
    }

    struct CheckFailed: Error, CustomStringConvertible {
        let count: Int
        var description: String { "\(count) discrepanc\(count == 1 ? "y" : "ies") found" }
    }
}

enum CloseCommand: TopLevelCommand {
    static let commandName = "close"
    static let until = Required("--until", .date, "Last date of the closed period.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Close a period: documents dated on or before DATE are then refused.",
        discussion:
            "DATE cannot be after today. Values, points prices and member attributes that would take effect on or before it\n"
            + "are refused too. The close records the chain head and the number of documents. Only an admin can undo a\n"
            + "mistaken close, with a reason: scorta reopen --reason TEXT.",
        options: [until]
    ) { parsed in
        let until = parsed[until]
        let db = try parsed.openDatabase()
        let close = try Ledger(db).closePeriod(until: until, operatorName: try parsed.operatorName())
        Output.line("Closed up to \(until): documents dated on or before it are refused.")
        Output.line(
            "Chain head \(close.chainHead.map { String($0.prefix(16)) } ?? "-"), \(close.documentCount ?? 0) documents."
        )
        // The chain with the close sealed in it: the anchor to keep on paper.
        Output.line(try HashChain.anchor(db).line(.english))
    }
}

enum ReopenCommand: TopLevelCommand {
    static let commandName = "reopen"
    static let reason = Required("--reason", .reason(), "Why the close is undone.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Undo the latest period close (admin, with a reason).",
        discussion:
            "The dates that close had closed, after any earlier close still in force, are open again. The undoing is\n"
            + "recorded with the operator, the time and the reason, and reports of those dates say the period was reopened.",
        options: [reason]
    ) { parsed in
        let reopen = try Ledger(try parsed.openDatabase()).reopenPeriod(
            reason: parsed[reason], operatorName: try parsed.operatorName())
        Output.line(
            "Reopened \(reopen.from == CivilDate(year: 1, month: 1, day: 1)! ? "every date" : "from \(reopen.from)") up to \(reopen.until): documents dated then can be posted again."
        )
    }
}

extension String {
    func padding(_ width: Int) -> String { self + String(repeating: " ", count: max(1, width - count)) }
}

/// Reorder levels (scorte minime) per item and location, and what is under them.
enum ReorderCommand: TopLevelCommand {
    static let commandName = "reorder"
    static let spec = CommandSpec(
        name: commandName, abstract: "Reorder levels per item and location, and what is under them.",
        subcommands: [set, list])

    static let setAt = Required("--at", .location, "The location.")
    static let sku = Argument(.sku, "Item SKU.")
    static let level = Argument(
        .number(0...1_000_000_000, "level"), "Units under which to reorder (0 removes the level).")

    static let set = CommandSpec(
        name: "set", abstract: "Set the reorder level of an item at a location (0 removes it).",
        discussion: "Example: scorta reorder set IG-SAP --at EMP 20",
        options: [setAt], arguments: [sku, level]
    ) { parsed in
        let db = try parsed.openDatabase()
        let (item, location) = try db.inTransaction { () -> (String, String) in
            let ledger = Ledger(db)
            try ledger.setReorderLevel(sku: parsed[sku], at: parsed[setAt], level: parsed[level])
            return (
                try ledger.catalogue.item(sku: parsed[sku]).sku, try ledger.catalogue.location(code: parsed[setAt]).code
            )
        }
        Output.line(
            parsed[level] == 0
                ? "No reorder level for \(item) at \(location)"
                : "Reorder \(item) at \(location) under \(parsed[level])")
    }

    static let listAt = Option("--at", .location, "Only this location.")
    static let all = Flag("--all", "Every level set, also those above it.")

    static let list = CommandSpec(
        name: "list", abstract: "Items at or under their reorder level, most short first.",
        options: [listAt, all] + Common.listing
    ) { parsed in
        let db = try parsed.openDatabase()
        try Output.emit(
            try Ledger(db).reorderList(location: parsed[listAt], all: parsed[all]), parsed,
            empty: "(nothing under its level)")
    }
}
