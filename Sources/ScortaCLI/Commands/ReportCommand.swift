import Foundation
import Glibc
import ScortaHarness
import ScortaKit

/// `scorta report ...`: the FEAD / ESF+ indicators, the registers and receipts.
enum ReportCommand: TopLevelCommand {
    static let commandName = "report"
    static let spec = CommandSpec(
        name: commandName, abstract: "FEAD / ESF+ indicators, stock and distribution registers, receipts.",
        subcommands: [fead, stockRegister, distributionRegister, receipt, transferNote, frameworks, benchmark])

    static let language = ValueKind<ReportLanguage>(
        "it|en", completion: .values(["it", "en"]), good: "en", bad: ["", "fr", "EN"]
    ) { text in
        guard let language = ReportLanguage(rawValue: text) else {
            throw ValueError(message: "'\(text)' must be it or en")
        }
        return language
    }
    static let lang = Option("--lang", language, "Report language (default it).")
    static let pdf = Option(
        "--pdf", .outputFile(), "Write an A4 PDF to this file instead of printing.", group: "output")
    static let output: [any OptionDeclaration] = [lang, pdf, Common.force, Common.json, Common.csv, Common.italian]
    static let from = Required("--from", .date, "First date of the period (inclusive).")
    static let to = Required("--to", .date, "Last date of the period (inclusive).")
    static let period: [any OptionDeclaration] = [from, to]
    static let framework = Option("--framework", .text("code"), "fead-2014 or esf-2021 (default esf-2021).")
    static let location = Option("--location", .location.named("code"), "Only distributions from this location.")
    static let channel = Option("--channel", .channel, "Only distributions through this channel.")
    static let at = Required("--at", .location, "The location.")

    static let fead = CommandSpec(
        name: "fead", abstract: "Indicator report for FEAD 2014-2020 or ESF+ 2021-2027 over a period.",
        discussion: """
            Persons reached (unique in the period) with the framework's breakdowns, estimates from anonymous
            distributions and unknown attributes; value of goods by report category (kits through their components);
            ESF+ value by target group; food in tonnes; quantities by item and kit; the same by channel and location.
            The counting rules used are printed at the end. Codes and wording come from Seeds/report-frameworks.json.
            Example: scorta report fead --from 2026-01-01 --to 2026-12-31 --framework esf-2021 --pdf fse-2026.pdf
            """,
        options: period + [framework, location, channel] + output
    ) { parsed in
        let (language, format, db, organisation) = try parsed.reportSetup()
        let framework = try parsed.framework(db)
        let filter = try parsed.distributionFilter()
        let result = try IndicatorReport(db: db, framework: framework, filter: filter).run()
        var document = result.document(language: language, organisation: organisation)
        document.markReopened(try Ledger(db).reopens(overlapping: filter.from, filter.to))
        try Presentation.write(document, as: format, to: .standardOutput, organisation: organisation)
    }

    static let stockRegister = CommandSpec(
        name: "stock-register", abstract: "Stock register (registro di carico e scarico) of a location over a period.",
        discussion:
            "Opening balance per item, every movement in date order with running balance, closing balance.\nExample: scorta report stock-register --at MAG-A --from 2026-01-01 --to 2026-03-31 --pdf registro.pdf",
        options: [at] + period + output
    ) { parsed in
        let (language, format, db, organisation) = try parsed.reportSetup()
        let (from, to) = try parsed.period()
        let location = parsed[at]
        // A distribution's movement names its household: the register is in the audit log
        // (once the location is known to exist: a refused command records nothing).
        _ = try Catalogue(db).location(code: location)
        try Audit.disclosure(
            db, operator: try parsed.operatorName(), format: format.auditName, subject: "distributions",
            detail: "stock register \(location), \(from) to \(to)")
        try db.inTransaction(.deferred) {
            let register = try StockRegister(db: db, location: location, from: from, to: to)
            try Presentation.write(
                register.document(language: language, organisation: organisation), as: format, to: .standardOutput,
                organisation: organisation)
        }
    }

    static let distributionRegister = CommandSpec(
        name: "distribution-register", abstract: "Every distribution of a period, line by line, with its value.",
        discussion:
            "Household codes only (\"anonimo\" for anonymous contacts); reversed distributions are marked.\nExample: scorta report distribution-register --from 2026-11-01 --to 2026-11-30 --csv --italian",
        options: period + [location, channel] + output
    ) { parsed in
        let (language, format, db, organisation) = try parsed.reportSetup()
        let filter = try parsed.distributionFilter()
        let register = try DistributionRegister(db: db, filter: filter).document(
            language: language, organisation: organisation)
        try Audit.disclosure(
            db, operator: try parsed.operatorName(), format: format.auditName, subject: "distributions",
            detail: "distribution register, " + filter.auditDescription)
        try Presentation.write(register, as: format, to: .standardOutput, organisation: organisation)
    }

    static let receiptNumber = Argument(.documentNumber, "Distribution document number, e.g. CON-2026-00042.")

    static let receipt = CommandSpec(
        name: "receipt", abstract: "PDF receipt for one distribution: barcode, lines, value, signature, EU statement.",
        discussion:
            "Shows the household code only, never personal data.\nExample: scorta report receipt CON-2026-00042 --pdf ricevuta.pdf",
        options: [
            Option("--pdf", .outputFile(), "Output file (default: NUMBER.pdf)."), Common.force,
            Option("--lang", language, "Language (default it)."),
            Option(
                "--framework", .text("code"), "Which publicity statement: esf-2021 (default, co-funding) or fead-2014.")
        ],
        arguments: [receiptNumber]
    ) { parsed in
        let language = parsed[lang] ?? .italian
        let number = parsed[receiptNumber]
        let file = try parsed.outputFile(parsed[pdf] ?? number + ".pdf")
        let db = try parsed.openDatabase()
        let organisation = try Organisation.load(db)
        let framework = try parsed.framework(db)
        guard let statement = organisation.settings[framework.publicitySetting] else {
            throw ScortaError.invalid("Seeds/organisation.json has no '\(framework.publicitySetting)' statement")
        }
        let receipt = try db.inTransaction(.deferred) {
            try DistributionReceipt(db: db, number: number, language: language)
        }
        if let household = try Audit.household(ofDocument: number, in: db) {
            try Audit.disclosure(
                db, operator: try parsed.operatorName(), format: "pdf", subject: household, detail: "receipt \(number)")
        }
        let pages = try receipt.writePDF(to: file, language: language, organisation: organisation, statement: statement)
        Output.line(language.pick("Scritto", "Wrote") + " \(file.path) (\(number), \(language.pages(pages)))")
    }

    static let transferNumber = Argument(.documentNumber, "Transfer document number, e.g. TRA-2026-00003.")

    static let transferNote = CommandSpec(
        name: "transfer-note",
        abstract: "PDF transport document (DDT) for a transfer: sites and addresses, goods, lots, signatures.",
        discussion:
            "Addresses come from 'address CODE' entries in Seeds/organisation.json.\nExample: scorta report transfer-note TRA-2026-00003 --pdf ddt.pdf",
        options: [
            Option("--pdf", .outputFile(), "Output file (default: NUMBER.pdf)."), Common.force,
            Option("--lang", language, "Language (default it).")
        ],
        arguments: [transferNumber]
    ) { parsed in
        let language = parsed[lang] ?? .italian
        let number = parsed[transferNumber]
        let file = try parsed.outputFile(parsed[pdf] ?? number + ".pdf")
        let db = try parsed.openDatabase()
        let organisation = try Organisation.load(db)
        let note = try db.inTransaction(.deferred) { try TransferNote(db: db, number: number, language: language) }
        let pages = try note.writePDF(to: file, language: language, organisation: organisation)
        Output.line(language.pick("Scritto", "Wrote") + " \(file.path) (\(number), \(language.pages(pages)))")
    }

    static let update = Flag("--update", "Check Seeds/report-frameworks.json and store it in the database.")
    static let updateSeeds = Option("--seeds", .seeds, "With --update: the seed folder to read (default: as for init).")

    static let frameworks = CommandSpec(
        name: "frameworks",
        abstract: "List the report frameworks and their indicator codes; --update reloads them from Seeds.",
        discussion:
            "The frameworks are read from Seeds/report-frameworks.json at init and kept in the database, so a report\nprints the wording checked at the time. After correcting the wording in the seed file, run with --update.",
        options: [update, updateSeeds] + Common.listing
    ) { parsed in
        // Without --update the stored frameworks are listed: a seed folder given
        // then would be silently ignored, so it is refused instead.
        if parsed[updateSeeds] != nil, !parsed[update] {
            throw UsageError(
                "--seeds is read only with --update (the listing shows the frameworks stored in the database)")
        }
        let db = try parsed.openDatabase()
        let seeds = { try SeedFiles.locate(explicit: parsed[updateSeeds]) }
        if parsed[update] { _ = try parsed.operatorName() }
        let frameworks =
            parsed[update]
            ? try ReportFrameworks.update(db, from: try seeds()) : try ReportFrameworks.load(db, seeds: seeds)
        try Output.emit(frameworks.indicatorRows, parsed)
    }

    enum Bench {
        static let lines = Option("--lines", .number(1...50_000_000), "Distribution lines (default 1000000).")
        static let persons = Option("--persons", .number(1...5_000_000), "Persons in households (default 50000).")
        static let folder = Option(
            "--dir", .directory("folder"), "Where to build it (default: a temporary folder, removed afterwards).")
        static let seeds = Option("--seeds", .seeds, "Seed folder (default: as for init).")
    }

    static let benchmark = CommandSpec(
        name: "benchmark",
        abstract: "Build a year of distributions and time the indicator report (figures, not a test).",
        discussion:
            "Fills a new database with N distribution lines to P persons (direct inserts, not the posting path: only the\nreport is measured), then runs 'report fead' for the year as a child process and prints wall time and peak memory.",
        options: [Bench.lines, Bench.persons, Bench.folder, Bench.seeds]
    ) { parsed in
        let lines = parsed[Bench.lines] ?? 1_000_000
        let persons = parsed[Bench.persons] ?? 50_000
        let folder = parsed[Bench.folder] ?? (NSTemporaryDirectory() + "scorta-report-bench-\(getpid())")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { if parsed[Bench.folder] == nil { try? FileManager.default.removeItem(atPath: folder) } }
        let path = folder + "/report-bench.sqlite"
        // A folder of the user's own (--dir) may hold a file by that name: never removed, refused.
        if parsed[Bench.folder] != nil, FileManager.default.fileExists(atPath: path) {
            throw ScortaError.refused("'\(path)' already exists; remove it or give another --dir")
        }
        let seeds = try SeedFiles.locate(explicit: parsed[Bench.seeds])
        // The timed reports run as a manager would run them: a registered operator with the manager role.
        let db = try Store.create(
            path: path, seeds: seeds, date: CivilDate(year: 2026, month: 1, day: 1)!, firstOperator: "bench")
        let environment = ["SCORTA_DB": path, "SCORTA_OPERATOR": "bench"]
        let started = Clock.monotonicSeconds()
        let built = try ReportBenchmark(db: db).build(lines: lines, persons: persons, year: 2026)
        try db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        Output.line(
            "dataset: \(built.lines) distribution lines, \(built.documents) distributions, \(built.persons) persons in \(built.households) households, \(built.anonymous) anonymous contacts (\(String(format: "%.1f", Clock.monotonicSeconds() - started)) s)"
        )
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().path
        var failed = 0
        for framework in ["esf-2021", "fead-2014"] {
            let run = ProcessMeasurement.median(
                3,
                [
                    binary, "report", "fead", "--from", "2026-01-01", "--to", "2026-12-31", "--framework", framework,
                    "--json"
                ], environment: environment)
            if run.status != 0 { failed += 1 }
            Output.line(
                "report fead --framework \(framework), one year: \(String(format: "%.3f", run.seconds)) s (median of 3), peak \(run.peakKilobytes / 1024) MiB, exit \(run.status)"
            )
        }
        let register = ProcessMeasurement.run(
            [binary, "report", "distribution-register", "--from", "2026-01-01", "--to", "2026-12-31", "--csv"],
            environment: environment)
        Output.line(
            "report distribution-register --csv, one year: \(String(format: "%.3f", register.seconds)) s, peak \(register.peakKilobytes / 1024) MiB, exit \(register.status)"
        )
        if register.status != 0 { failed += 1 }
        guard failed == 0 else {
            throw ScortaError.refused("\(failed) timed report(s) failed: those figures are not valid")
        }
    }
}

extension ParsedCommand {
    /// Language, output format, database and organisation: what every report starts from.
    func reportSetup() throws -> (ReportLanguage, OutputFormat, Database, Organisation) {
        let language = self[ReportCommand.lang] ?? .italian
        let format = try reportFormat()
        let db = try openDatabase()
        return (language, format, db, try Organisation.load(db))
    }

    /// `--framework` (default esf-2021) from the frameworks stored at init.
    func framework(_ db: Database) throws -> ReportFramework {
        let frameworks = try ReportFrameworks.load(db) { try SeedFiles.locate(explicit: nil) }
        let code = self[ReportCommand.framework] ?? "esf-2021"
        guard let framework = frameworks.frameworks.first(where: { $0.code == code }) else {
            throw UsageError(
                "--framework '\(code)' is not one of: \(frameworks.frameworks.map(\.code).joined(separator: ", "))")
        }
        return framework
    }

    /// `--from` and `--to`, in that order.
    func period() throws -> (from: CivilDate, to: CivilDate) {
        let from = self[ReportCommand.from]
        let to = self[ReportCommand.to]
        guard from <= to else { throw UsageError("--from \(from) is after --to \(to)") }
        return (from, to)
    }

    /// `--from`, `--to`, `--location`, `--channel`.
    func distributionFilter() throws -> DistributionFilter {
        let (from, to) = try period()
        return try DistributionFilter(
            from: from, to: to, location: self[ReportCommand.location], channel: self[ReportCommand.channel])
    }

    /// `--pdf FILE`, `--json`, `--csv [--italian]`, else a text table (the parser refuses two of them).
    func reportFormat() throws -> OutputFormat {
        if let path = self[ReportCommand.pdf] { return .pdf(try outputFile(path)) }
        if self[Common.force] { throw UsageError("--force is for the file of --pdf") }
        if self[Common.json] { return .json }
        if self[Common.csv] { return .csv(italian: self[Common.italian]) }
        return .text
    }
}
