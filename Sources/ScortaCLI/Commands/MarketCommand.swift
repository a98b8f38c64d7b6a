import Glibc
import ScortaKit

enum MarketCommand: TopLevelCommand {
    static let commandName = "market"
    static let spec = CommandSpec(
        name: commandName,
        abstract: "The social market (emporio solidale): checkout, till, points, prices, limits, cards.",
        subcommands: [
            checkout, void, scan, receipt, balance, statement, adjust, prices, price, limits, limit, renew, suspend,
            resume,
            replaceCard
        ])

    static let card = Required("--card", .household, "The household's card code.")
    static let override = Option(
        "--override", .reason("reason"), "Exceed a per-visit or per-cycle limit, recording this reason.")
    static let code = Argument(.household, "Household code.")
    static let basket = Arguments(
        ValueKind<LineSpec>.line(signed: false, "SKU:QTY"), "Item (SKU or barcode) and quantity.")

    static let checkout = CommandSpec(
        name: "checkout",
        abstract: "Hand over a basket: stock out of the market, points debited, distribution recorded.",
        discussion:
            "All or nothing: a refusal lists every reason (card, stock, limits, points) and writes nothing.\nExample: scorta market checkout --card K7Q2-9XM4-P AL-PAS:3 AL-OLI:1 IG-SAP:2",
        options: [card, override, Common.date, Common.note, Common.json],
        arguments: [basket]
    ) { parsed in
        guard !parsed[basket].isEmpty else { throw UsageError("the basket is empty: list SKU:QTY") }
        let db = try parsed.openDatabase()
        let done = try Market(db).checkout(
            card: parsed[card], lines: parsed[basket], context: try parsed.postingContext(),
            override: parsed[override])
        report(done, db, parsed)
    }

    static func report(_ done: Checkout, _ db: Database, _ parsed: ParsedCommand) {
        let evaluation = done.evaluation
        if parsed[Common.json] {
            Output.line(
                JSONValue.object([
                    ("document", .string(done.document.number)),
                    ("card", .string(HouseholdCode.display(done.householdCode))),
                    ("date", .string(done.document.date.description)), ("points_spent", .int(evaluation.total)),
                    ("points_left", .int(evaluation.left)),
                    (
                        "lines",
                        .array(
                            evaluation.lines.map {
                                .object([
                                    ("sku", .string($0.item.sku)), ("quantity", .int($0.quantity)),
                                    ("unit_points", .optional($0.unitPoints)), ("points", .int($0.points))
                                ])
                            })
                    ),
                    ("overridden", .array(evaluation.overridden.map { .string($0) }))
                ]).serialized())
            return
        }
        Output.line(
            "\(done.document.number) posted: card \(HouseholdCode.display(done.householdCode)), \(evaluation.lines.count) item\(evaluation.lines.count == 1 ? "" : "s"), \(evaluation.total) points spent, \(evaluation.left) left"
        )
        for rule in evaluation.overridden { Output.line("  override recorded: \(rule)") }
        Output.line("  receipt: scorta market receipt \(done.document.number)")
    }

    static let voidNumber = Argument(.documentNumber, "The checkout to void, e.g. CON-2026-00012.")
    static let voidReason = Required("--reason", .reason(), "Why (recorded on the reversal).")
    static let void = CommandSpec(
        name: "void",
        abstract: "Void your own checkout of today: stock and points go back (a sealed reversal, STO-...).",
        discussion: """
            For the clerk who made the mistake, the same day. Another clerk's checkout, or an older one, is refused:
            a manager reverses any document with 'scorta reverse NUMBER --reason TEXT'.
            Example: scorta market void CON-2026-00012 --reason "wrong card scanned"
            """,
        options: [voidReason, Common.json],
        arguments: [voidNumber]
    ) { parsed in
        let db = try parsed.openDatabase()
        let voided = try Market(db).void(
            number: parsed[voidNumber], reason: parsed[voidReason], operatorName: try parsed.operatorName())
        let card = HouseholdCode.display(voided.householdCode)
        if parsed[Common.json] {
            Output.line(
                JSONValue.object([
                    ("voided", .string(voided.checkout)), ("reversal", .string(voided.reversal.number)),
                    ("card", .string(card)), ("points_returned", .int(voided.points)),
                    ("lines", .int(voided.reversal.lines.count))
                ]).serialized())
            return
        }
        Output.line(
            "\(voided.checkout) voided by \(voided.reversal.number): \(voided.reversal.lines.count) line\(voided.reversal.lines.count == 1 ? "" : "s") back at the market, \(voided.points) points back to card \(card)"
        )
    }

    static let scan = CommandSpec(
        name: "scan", abstract: "The till loop for a USB barcode scanner: one code per line, then 'done'.",
        discussion: """
            Each line is an item barcode or SKU, optionally with a quantity: 3*8001234567859.
            After each line the till shows the item, the basket total and the points left, or why the line was refused.
              undo     removes the last line
              done     posts the basket as one checkout
              cancel   abandons it (so does the end of input): nothing is written
            Works with piped input: printf 'AL-PAS\\n2*AL-LAT\\ndone\\n' | scorta market scan --card K7Q2-9XM4-P
            """,
        options: [card, override, Common.date, Common.note]
    ) { parsed in
        let db = try parsed.openDatabase()
        var till = try Till(db, card: parsed[card], context: try parsed.postingContext(), override: parsed[override])
        say(
            "Card \(HouseholdCode.display(till.household.code)): \(till.balance) points. Scan items (N*CODE for several); undo, done, cancel."
        )
        while let line = readLine(strippingNewline: true) {
            switch try till.enter(line) {
            case .ignored: continue
            case .added(let item, let total, let left):
                say("+ \(describe(item))  | basket \(total) pt | left \(left) pt")
            case .refused(let text, let reasons):
                say("! \(text) refused: \(reasons.joined(separator: "; "))")
            case .removed(let item, let total, let left):
                say("- undo \(describe(item))  | basket \(total) pt | left \(left) pt")
            case .nothingToUndo: say("! nothing to undo")
            case .empty: say("! the basket is empty: scan an item, or 'cancel'")
            case .commitRefused(let reasons): say("! checkout refused: \(reasons.joined(separator: "; "))")
            case .committed(let done):
                report(done, db, parsed)
                fflush(nil)
                return
            case .cancelled:
                say("Cancelled: nothing written.")
                return
            }
        }
        throw ScortaError.refused("input ended before 'done': the basket was abandoned, nothing written")
    }

    static func describe(_ line: CheckoutEvaluation.Line) -> String {
        "\(line.quantity) x \(line.item.sku) \(line.item.name) @ \(line.unitPoints.map(String.init) ?? "?") = \(line.points) pt"
    }

    /// One line out at once: a clerk (or a pipe) sees each reply before the next scan.
    static func say(_ text: String) {
        Output.line(text)
        fflush(nil)
    }

    static let receiptNumber = Argument(.documentNumber, "Checkout document number, e.g. CON-2026-00012.")
    static let receipt = CommandSpec(
        name: "receipt", abstract: "Print the household's receipt for a checkout (plain text; no personal data).",
        discussion: "For the A4 PDF with the barcode, signature lines and EU statement: scorta report receipt NUMBER.",
        arguments: [receiptNumber]
    ) { parsed in
        let db = try parsed.openDatabase()
        let number = parsed[receiptNumber]
        let receipt = try Market(db).receipt(number: number)
        if let household = try Audit.household(ofDocument: number, in: db) {
            try Audit.disclosure(
                db, operator: try parsed.operatorName(), format: nil, subject: household,
                detail: "market receipt \(number)")
        }
        Output.write(receipt)
    }

    static let balance = CommandSpec(
        name: "balance", abstract: "Points left on a card (today or --date) and the card's state.",
        options: [Option("--date", .date, "As on this date (default today)."), Common.json],
        arguments: [code]
    ) { parsed in
        let db = try parsed.openDatabase()
        let date = parsed[Common.date] ?? .today()
        let household = try Households(db).household(code: parsed[code])
        let points = try PointsLedger(db).balance(household, on: date)
        let card = try Cards(db).status(householdID: household.id, on: date)
        if parsed[Common.json] {
            Output.line(
                JSONValue.object([
                    ("card", .string(HouseholdCode.display(household.code))), ("date", .string(date.description)),
                    ("points", .int(points)), ("card_status", .string(card.summary))
                ]).serialized())
            return
        }
        Output.line("\(HouseholdCode.display(household.code)): \(points) points on \(date); card \(card.summary)")
    }

    static let statementFrom = Option("--from", .date, "First date shown.")
    static let statementTo = Option("--to", .date, "Last date (default today).")
    static let statement = CommandSpec(
        name: "statement", abstract: "A card's points movements with the running balance.",
        discussion:
            "Allowances and lapses due but not yet written (they are written at the next checkout) show as 'not yet recorded'.",
        options: [statementFrom, statementTo] + Common.listing,
        arguments: [code]
    ) { parsed in
        let db = try parsed.openDatabase()
        let listing = try PointsLedger(db).statement(
            code: parsed[code], through: parsed[statementTo] ?? .today(), from: parsed[statementFrom])
        // A household's whole history at the market: shown or exported, it is in the audit log.
        try Audit.disclosure(
            db, operator: try parsed.operatorName(), format: parsed.listingFormat,
            subject: try Households(db).household(code: parsed[code]).code, detail: "points statement")
        try Output.emit(listing, parsed, empty: "(no points movements)")
    }

    static let adjustReason = Required("--reason", .reason(), "Why (recorded).")
    static let adjustPoints = Argument(
        .number(-1_000_000...1_000_000, "points"), "Signed points, e.g. 20 or -10 (after '--').")
    static let adjust = CommandSpec(
        name: "adjust", abstract: "Add or take points by hand, with a reason.",
        discussion: "Example: scorta market adjust K7Q2-9XM4-P -- -10 --reason \"double allowance in March\"",
        options: [adjustReason, Common.date],
        arguments: [code, adjustPoints]
    ) { parsed in
        let points = parsed[adjustPoints]
        guard points != 0 else { throw UsageError("an adjustment needs points other than 0") }
        let balance = try PointsLedger(try parsed.openDatabase()).adjust(
            code: parsed[code], points: points,
            reason: parsed[adjustReason], context: try parsed.postingContext())
        Output.line("Adjusted by \(points > 0 ? "+" : "")\(points): \(balance) points left")
    }

    static let prices = CommandSpec(
        name: "prices", abstract: "Points prices in force, with stock at the market.",
        options: [Option("--date", .date, "Prices on this date (default today).")] + Common.listing
    ) { parsed in
        try Output.emit(
            try Market(try parsed.openDatabase()).prices(on: parsed[Common.date] ?? .today()).table, parsed,
            empty: "(no prices)")
    }

    static let priceFrom = Option("--from", .date, "Effective from (default today).")
    static let priceSKU = Argument(.sku, "Item SKU.")
    static let pricePoints = Argument(.number(0...1_000_000, "points"), "Points per unit.")
    static let price = CommandSpec(
        name: "price", abstract: "Set an item's points price from a date (history is kept).",
        discussion:
            "A date inside a closed period, or one that already starts a price, is refused: reports may have read it.",
        options: [priceFrom],
        arguments: [priceSKU, pricePoints]
    ) { parsed in
        let points = parsed[pricePoints]
        let db = try parsed.openDatabase()
        let operatorName = try parsed.operatorName()
        let from = parsed[priceFrom] ?? .today()
        try db.inTransaction {
            try Market(db).setPrice(
                item: try Catalogue(db).item(sku: parsed[priceSKU]), points: points, from: from,
                operatorName: operatorName)
        }
        Output.line("\(parsed[priceSKU]): \(points) points from \(from)")
    }

    static let limits = CommandSpec(
        name: "limits", abstract: "Limits per item or category, per visit or per cycle.", options: Common.listing
    ) { parsed in
        try Output.emit(try Market(try parsed.openDatabase()).limits(), parsed, empty: "(no limits)")
    }

    static let limitItem = Option("--item", .sku, "The item.")
    static let limitCategory = Option("--category", .category, "The report category.")
    static let limitPer = Required("--per", .oneOf("visit|cycle", ["visit", "cycle"]), "Per visit or per points cycle.")
    static let limitRemove = Flag("--remove", "Remove the limit.")
    static let limitQuantity = OptionalArgument(.number(0...1_000_000, "quantity"), "At most this many units.")
    static let limit = CommandSpec(
        name: "limit", abstract: "Set (or with --remove, drop) a limit on an item or a category.",
        discussion:
            "Example: scorta market limit --item AL-OLI --per visit 1\n         scorta market limit --category hygiene --per cycle 12",
        options: [limitItem, limitCategory, limitPer, limitRemove],
        arguments: [limitQuantity]
    ) { parsed in
        let quantity: Int
        if parsed[limitRemove] {
            quantity = -1
        } else {
            guard let value = parsed[limitQuantity] else {
                throw UsageError("give the quantity (a whole number), or --remove")
            }
            quantity = value
        }
        let db = try parsed.openDatabase()
        _ = try parsed.operatorName()
        try db.inTransaction {
            try Market(db).setLimit(
                sku: parsed[limitItem], category: parsed[limitCategory], per: parsed[limitPer], quantity: quantity)
        }
        try Output.emit(try Market(db).limits(), parsed, empty: "(no limits)")
    }

    static let renewMonths = Option("--months", .number(1...120), "Term in months (default: Seeds/market.json).")
    static let renew = CommandSpec(
        name: "renew",
        abstract: "Renew a card for another term (from the day after it ends, or today if it has lapsed).",
        options: [renewMonths, Common.date],
        arguments: [code]
    ) { parsed in
        let context = try parsed.postingContext()
        let period = try Cards(try parsed.openDatabase()).renew(
            code: parsed[code], on: context.date,
            months: parsed[renewMonths], operatorName: context.operatorName)
        Output.line("Card renewed: valid from \(period.from) until \(period.until)")
    }

    static let suspendReason = Required("--reason", .reason(), "Why (recorded; no personal details).")
    static let suspend = CommandSpec(
        name: "suspend", abstract: "Suspend a card from a date until it is resumed.",
        options: [suspendReason, Common.date],
        arguments: [code]
    ) { parsed in
        let context = try parsed.postingContext()
        try Cards(try parsed.openDatabase()).suspend(
            code: parsed[code], on: context.date, reason: parsed[suspendReason],
            operatorName: context.operatorName)
        Output.line("Card suspended from \(context.date)")
    }

    static let resume = CommandSpec(
        name: "resume", abstract: "End a card's suspension: it works again from the date.",
        options: [Common.date], arguments: [code]
    ) { parsed in
        let context = try parsed.postingContext()
        try Cards(try parsed.openDatabase()).resume(
            code: parsed[code], on: context.date, operatorName: context.operatorName)
        Output.line("Card works again from \(context.date)")
    }

    static let replaceReason = Required(
        "--reason", .reason(), "Why: lost, stolen, damaged... (recorded; no personal details).")
    static let replaceCard = CommandSpec(
        name: "replace-card", abstract: "Replace a lost card: a new code for the household, the old card blocked.",
        discussion: """
            The household keeps its members, distributions, points and card term under the new code; scanning the old
            card is refused as replaced. Find the household with 'scorta household find NAME' when its code is not at
            hand. Print the new card at once with 'scorta labels card NEW-CODE'.
            Example: scorta market replace-card K7Q2-9XM4-P --reason "lost"
            """,
        options: [replaceReason, Common.json],
        arguments: [code]
    ) { parsed in
        let db = try parsed.openDatabase()
        let old = try Households(db).household(code: parsed[code]).code
        let new = try Cards(db).replace(
            code: old, on: .today(), reason: parsed[replaceReason], operatorName: try parsed.operatorName())
        if parsed[Common.json] {
            Output.line(
                JSONValue.object([
                    ("blocked", .string(HouseholdCode.display(old))), ("card", .string(HouseholdCode.display(new)))
                ]).serialized())
            return
        }
        Output.line(
            "Card \(HouseholdCode.display(old)) blocked; the household's new card is \(HouseholdCode.display(new))")
        Output.line("  print it: scorta labels card \(HouseholdCode.display(new))")
    }
}
