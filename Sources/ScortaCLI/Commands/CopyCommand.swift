import ScortaKit

/// `scorta copy --to TARGET`: the ledger of `--db` into a new database on
/// either engine (issue 14), to move an office onto a shared server, or to
/// take a server's ledger home as a SQLite file.
enum CopyCommand: TopLevelCommand {
    static let commandName = "copy"
    static let target = Required(
        "--to", ValueKind("database", completion: .file) { $0 },
        "The new database: a postgresql:// URI or service=NAME (an empty database), or a SQLite file that does not exist yet."
    )

    static let spec = CommandSpec(
        name: commandName, abstract: "Copy the whole ledger into a new, empty database, SQLite or PostgreSQL (admin).",
        discussion: """
            Every document, number, record and operator is copied as it is, so the copy has the same chain head:
            'scorta --db TARGET verify --expect HEAD' passes on it. The copy is read from one snapshot while others
            go on posting, and it is proven (everything 'check' and 'verify' prove) before it is committed: the
            target gets the whole ledger or nothing. A PostgreSQL target must hold no table; a file target must
            not exist. Examples:
              scorta --db ufficio.sqlite copy --to postgresql://scorta@ledger.example.org/scorta?sslmode=require
              scorta --db service=scorta copy --to copia-2026-12-01.sqlite
            """,
        options: [target]
    ) { parsed in
        let source = try parsed.openDatabase()
        let to = parsed[target]
        let summary: LedgerCopy.Summary
        if Store.isPostgreSQL(to) {
            summary = try LedgerCopy.copy(from: source, into: try Database(postgreSQL: to))
        } else {
            summary = try LedgerCopy.copy(from: source, into: OutputFile(to))
        }
        Output.line(
            "Copied \(summary.documents) documents (\(summary.rows) rows in \(summary.tables) tables) into \(Store.displayName(to))"
        )
        Output.line("head hash \(summary.head)")
    }
}
