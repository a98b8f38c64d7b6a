import Foundation
import Glibc
import ScortaKit

/// What most commands need from the global options.
extension ParsedCommand {
    var databasePath: String { Store.path(explicit: self[Commands.db]) }

    /// The command's one connection: the access check and the command share
    /// it, so the file is opened and its migrations checked once.
    func openDatabase() throws -> Database {
        if let open = Connection.current?.database, open.path == Store.displayName(databasePath) { return open }
        let db = try Store.open(path: databasePath)
        Connection.current?.database = db
        return db
    }

    /// The operator recorded on every document. On a SQLite file the name
    /// given (accountability, not authentication); on PostgreSQL the login
    /// the server authenticated, and a name given that is not it is refused.
    func operatorName() throws -> String {
        let claimed = self[Commands.operatorName] ?? Environment.value("SCORTA_OPERATOR")
        if Store.isPostgreSQL(databasePath) {
            // A restore into an empty server database has no ledger to open yet; the login is asked all the same.
            let server =
                try path == ["scorta", "restore"] && !Store.exists(databasePath)
                ? Database(postgreSQL: databasePath) : openDatabase()
            return try serverLogin(claimed: claimed, in: server)
        }
        guard let name = claimed, !name.trimmingSpaces.isEmpty else {
            throw UsageError("an operator is required: give --operator NAME or set SCORTA_OPERATOR")
        }
        return name.trimmingSpaces
    }

    /// Who creates a database: --operator, else $SCORTA_OPERATOR, else the OS
    /// account ($USER, else the account's name), so `scorta demo` just works.
    /// On PostgreSQL: the login.
    func firstOperatorName() throws -> String {
        let claimed = self[Commands.operatorName] ?? Environment.value("SCORTA_OPERATOR")
        if Store.isPostgreSQL(databasePath) {
            return try serverLogin(claimed: claimed, in: try Database(postgreSQL: databasePath))
        }
        let account =
            Environment.value("USER") ?? getpwuid(getuid()).flatMap { $0.pointee.pw_name.map { String(cString: $0) } }
        guard let name = claimed ?? account, !name.trimmingSpaces.isEmpty else {
            throw UsageError("an operator is required: give --operator NAME or set SCORTA_OPERATOR")
        }
        return name.trimmingSpaces
    }

    /// The server's login, or a refusal when --operator or SCORTA_OPERATOR names someone else.
    private func serverLogin(claimed: String?, in db: Database) throws -> String {
        guard let login = try Operators(db).login() else {
            throw ScortaError.invalid("\(db.path) is not a PostgreSQL database")
        }
        if let claimed, !claimed.trimmingSpaces.isEmpty, claimed.trimmingSpaces != login {
            let source = self[Commands.operatorName] != nil ? "--operator" : "SCORTA_OPERATOR"
            throw ScortaError.refused(
                """
                on a PostgreSQL ledger the operator is the login the server authenticated ('\(login)'); \(source) '\(claimed.trimmingSpaces)' \
                names someone else: connect as that person (their own login), or leave \(source) out
                """)
        }
        return login
    }

    /// Refuses the command unless the operator may run it (the one table in
    /// `AccessRules`). Runs before the command, so a refusal writes nothing.
    func authorize() throws {
        // Restoring into a missing database: the copy's own admins are asked, after it is checked.
        if path == ["scorta", "restore"], try !Store.exists(databasePath) { return }
        try AccessRules.authorize(path, operatorName: try operatorName(), in: try openDatabase())
    }

    /// `--json` or `--csv` as the audit log names an export; nil on screen.
    var listingFormat: String? { listingOutput.auditName }

    /// How a list command prints: `--json`, `--csv [--italian]`, else a text table.
    var listingOutput: OutputFormat {
        self[Common.json] ? .json : self[Common.csv] ? .csv(italian: self[Common.italian]) : .text
    }

    /// A file the command writes, with `--force`; checked now, before any work.
    func outputFile(_ path: String) throws -> OutputFile {
        let file = OutputFile(path, force: self[Common.force])
        try file.check()
        return file
    }

    /// Business date (`--date`, default today), reference and note.
    func postingContext() throws -> PostingContext {
        PostingContext(
            date: self[Common.date] ?? .today(), operatorName: try operatorName(),
            reference: self[Common.ref], note: self[Common.note])
    }

    /// Lines from arguments and/or a CSV file (`--file`).
    func lineSpecs(_ lines: Arguments<LineSpec>, in db: Database, allowNegative: Bool = false) throws -> [LineSpec] {
        var specs = self[lines]
        if let file = self[Common.file] {
            specs += try LineSpec.read(
                csv: try Files.read(file), source: file, catalogue: Catalogue(db), allowNegative: allowNegative)
        }
        guard !specs.isEmpty else {
            throw UsageError("no lines given: list SKU:QTY[:LOT[:EXPIRY]] arguments or --file FILE.csv")
        }
        return specs
    }
}

/// The connection one run of a command opened, kept for the rest of it.
/// Task-local, so tests running commands in process side by side each have
/// their own; a run uses it from one thread only.
final class Connection: @unchecked Sendable {
    var database: Database?

    @TaskLocal static var current: Connection?
}

/// Options shared by several commands.
enum Common {
    static let date = Option(
        "--date", .date, "Business date, YYYY-MM-DD (default: today; backdating is allowed, a later date is not).")
    static let ref = Option("--ref", .text("reference"), "Reference, e.g. the delivery note (DDT) number.")
    static let note = Option("--note", .text("text"), "A note on the document.")
    static let file = Option(
        "--file", .inputFile("csv"),
        "Read lines from a CSV file (columns sku|codice|EAN, quantity|quantità, [lot|lotto, expiry|scadenza]).")
    static let json = Flag("--json", "Print JSON for scripts.", group: "output")
    static let csv = Flag("--csv", "Print CSV.", group: "output")
    static let italian = Flag("--italian", "With --csv: ';' separator and decimal comma for Italian spreadsheets.")
    static let listing: [any OptionDeclaration] = [json, csv, italian]
    /// The one way every command that writes a file is told it may replace one (`OutputFile`).
    static let force = Flag(
        "--force",
        "Overwrite an existing output file (never the database, its -wal/-shm, or any SQLite file such as a backup).")
    static let posting: [any OptionDeclaration] = [date, ref, note]
    static let allLines = Flag(
        "--lines", "List every line of the posted document (one of more than \(summarisedAbove) lines is summarised).")
    /// Past this many lines a posted document is summarised: printing the
    /// 100,000 lines of a bulk receipt took about a sixth of its time, and
    /// nobody reads them on a terminal.
    static let summarisedAbove = 50
    static let lines = Arguments(.line(), "Item, quantity, and optionally lot and expiry (YYYY-MM-DD).")
}

/// Prints what a posting did: the number and its lines.
func reportPosted(_ posted: PostedDocument, _ db: Database, _ parsed: ParsedCommand) throws {
    let ledger = Ledger(db)
    if parsed[Common.json] {
        Output.line(try ledger.document(number: posted.number).json.serialized())
        return
    }
    Output.line(
        "\(posted.number) posted (\(posted.type.rawValue), \(posted.date), \(posted.lines.count) line\(posted.lines.count == 1 ? "" : "s"))"
    )
    if posted.lines.count > Common.summarisedAbove && !parsed[Common.allLines] {
        let units = posted.lines.reduce(0) { $0 + $1.quantity }
        let items = Set(posted.lines.map(\.itemID)).count
        Output.line(
            "\(units) units of \(items) item\(items == 1 ? "" : "s"); list them with 'scorta show \(posted.number)'")
    } else if !posted.lines.isEmpty {
        Output.write(Listing(try ledger.documentLines(documentID: posted.id)).text())
    }
}
