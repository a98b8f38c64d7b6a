import ScortaKit

enum VerifyCommand: TopLevelCommand {
    static let commandName = "verify"
    static let head = Flag("--head", "Print the head hash (after verifying the chain).")
    static let expected = Option(
        "--expect", .hash,
        "A head hash (or its first 8+ digits) written down earlier: prove nothing up to it has changed.")

    static let spec = CommandSpec(
        name: commandName,
        abstract: "Recompute the hash chain: prove nothing sealed was changed, added or deleted outside Scorta.",
        discussion: """
            One chain of SHA-256 hashes covers every document (header, lines, recipient snapshots, sales, points, counts)
            and every record a report reads (values, prices, recipes, lots, cards, member versions, operators, closes,
            erasures, the audit log). verify recomputes it, proves every sealed row equal to its record, and proves the
            numbering whole (no gaps; the last number given out is present).
            Without options: silent and exit status 0 when intact; otherwise names what no longer matches and exits 1.
            --head prints the current head hash: write it in the paper register or send it to the managing authority.
            Every report, register, receipt and close prints the head's first 12 digits.
            --expect HASH (the whole hash, or at least its first 8 digits as printed on a report) later proves that
            nothing up to the entry that had that head has changed since.
            """,
        options: [head, expected]
    ) { parsed in
        let db = try parsed.openDatabase()
        let expect = parsed[expected]
        let result = try HashChain.verify(db, expect: expect)
        if let broken = result.firstBroken {
            throw ScortaError.refused(
                "\(result.firstBrokenIsRecord ? "record" : "document") \(broken) no longer matches its recorded hash: it, or something sealed before it, was changed outside Scorta (\(result.documents) documents and \(result.records) sealed records verified before it)"
            )
        }
        guard result.problems.isEmpty else {
            let shown = result.problems.prefix(10)
            throw ScortaError.refused(
                shown.joined(separator: "; ")
                    + (result.problems.count > shown.count ? "; and \(result.problems.count - shown.count) more" : ""))
        }
        if let expect {
            guard result.expectedFound else {
                throw ScortaError.refused(
                    "hash \(expect) is not in the chain: the ledger up to that point has changed, or the hash was mistyped"
                )
            }
            guard result.expectedMatches == 1 else {
                throw UsageError("hash \(expect) matches \(result.expectedMatches) chain entries: give more digits")
            }
            Output.line(
                "Intact: the ledger up to hash \(expect.lowercased()) is unchanged (\(result.documents) documents and \(result.records) sealed records verified)."
            )
        }
        if parsed[head] { Output.line(result.head) }
    }
}

enum OperatorCommand: TopLevelCommand {
    static let commandName = "operator"
    static let spec = CommandSpec(
        name: commandName, abstract: "Register operators and their roles (admin).",
        discussion: """
            Roles: warehouse (receive, transfer, kits, adjust, count, labels), market (households, distributions,
            the market till), manager (reports, catalogue, reversals, period close, verify), admin (operators,
            erasure, backups, audit log). Read-only queries need any registered operator.
            On a SQLite file the operator name is an accountability record, not authentication: access control rests
            on OS accounts. On PostgreSQL the operator is the login: 'operator add' creates the login (or grants an
            existing one) and puts it in the groups its roles need; the ledger's history is append-only for every login
            but the schema's owner.
            """,
        subcommands: [list, add, edit])

    static let rolesHelp = "Comma-separated roles: warehouse, market, manager, admin (or all)."
    static let roles = Required("--roles", .roles, rolesHelp)
    static let newRoles = Option("--roles", .roles, rolesHelp)
    static let name = Argument(.operatorName, "The operator's name (as given to --operator / SCORTA_OPERATOR).")
    static let deactivate = Flag("--deactivate", "The operator may no longer run commands.", group: "activity")
    static let activate = Flag("--activate", "Reactivate.", group: "activity")

    static let list = CommandSpec(name: "list", abstract: "List operators and their roles.", options: Common.listing) {
        parsed in
        try Output.emit(try Operators(try parsed.openDatabase()).all(), parsed, empty: "(no operators)")
    }

    static let add = CommandSpec(
        name: "add", abstract: "Register an operator with one or more roles.",
        discussion: "Example: scorta operator add anna --roles warehouse,market",
        options: [roles], arguments: [name]
    ) { parsed in
        let roleSet = parsed[roles]
        try Operators(try parsed.openDatabase()).register(parsed[name], roles: roleSet, by: try parsed.operatorName())
        Output.line(
            "Registered operator '\(parsed[name].trimmingSpaces)' (\(roleSet.sorted().map(\.rawValue).joined(separator: ", ")))."
        )
    }

    static let editedName = Argument(.text("name"), "The operator.")

    static let edit = CommandSpec(
        name: "edit", abstract: "Change an operator's roles, or deactivate / reactivate one.",
        discussion: "Operators are never deleted: their names stay on the documents they recorded.",
        options: [newRoles, deactivate, activate],
        arguments: [editedName]
    ) { parsed in
        let roleSet = parsed[newRoles]
        let active: Bool? = parsed[activate] ? true : parsed[deactivate] ? false : nil
        guard roleSet != nil || active != nil else {
            throw UsageError("nothing to change: give --roles, --activate or --deactivate")
        }
        try Operators(try parsed.openDatabase()).change(
            parsed[editedName], roles: roleSet, active: active, by: try parsed.operatorName())
        Output.line("Changed operator '\(parsed[editedName])'.")
    }
}

enum AuditCommand: TopLevelCommand {
    static let commandName = "audit"
    static let household = Option("--household", .household, "Only this household.")
    static let by = Option("--by", .text("operator"), "Only this operator.")

    static let spec = CommandSpec(
        name: commandName,
        abstract: "Who showed, exported, changed, erased or searched a household's data, and when (admin).",
        options: [household, by] + Common.listing
    ) { parsed in
        let db = try parsed.openDatabase()
        // The code as printed on the card (K7Q2-9XM4-P) or typed any other way; a mistyped one is an error, not an empty log.
        // A replaced card's code finds the household too, and its trail under every code it had.
        let codes = try parsed[household].map { try Cards(db).codes(ofAny: $0) }
        let entries = try Audit.entries(
            db, subject: codes?.current, formerly: codes?.former ?? [], operatorName: parsed[by])
        try Output.emit(entries, parsed, empty: "(no audit entries)")
    }
}

enum BackupCommand: TopLevelCommand {
    static let commandName = "backup"
    static let file = Argument(.outputFile(), "The new backup file.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Copy the live database into a new file, safely while others write (admin).",
        discussion:
            "Uses SQLite's online backup API; a ledger on a PostgreSQL server is copied row by row from one snapshot into\nthe same kind of SQLite file (same documents, numbers and chain head). The copy is readable by its owner only.\nAn existing file is replaced only with --force, and never a SQLite file (an earlier backup) or the database itself.",
        options: [Common.force],
        arguments: [file]
    ) { parsed in
        let summary = try Backup.copy(try parsed.openDatabase(), to: try parsed.outputFile(parsed[file]))
        Output.line("Backed up \(summary.documents) documents to \(parsed[file])")
        Output.line("head hash \(summary.head)")
    }
}

enum RestoreCommand: TopLevelCommand {
    static let commandName = "restore"
    static let replace = Flag("--replace", "Replace the existing database (kept as …before-restore-TIMESTAMP first).")
    static let file = Argument(.inputFile(), "The backup file.")

    static let spec = CommandSpec(
        name: commandName, abstract: "Restore a backup after checking it (admin).",
        discussion: """
            The copy is checked first (SQLite integrity check, everything 'check' proves: ledger replay, points ledger,
            report facts; everything 'verify' proves: hash chain, sealed records, numbering) and a damaged one is
            refused. An existing database is replaced only with --replace, and is first kept as a backup next to
            itself. A staging copy left by a restore that was killed is removed (and said so). Into a PostgreSQL
            database (--db postgresql://…) a backup goes only when the database is empty; it is moved row by row
            and proven again on the server before it commits.
            """,
        options: [replace],
        arguments: [file]
    ) { parsed in
        let operatorName = try parsed.operatorName()
        let summary = try Backup.restore(
            from: parsed[file], to: parsed.databasePath, replace: parsed[replace],
            operatorName: operatorName, live: Connection.current?.database
        ) { copy in
            try AccessRules.authorize(parsed.path, operatorName: operatorName, in: copy)
        }
        // A note on the side, on stderr: stdout is the restore's result.
        for path in summary.staleRemoved {
            Output.error("Removed \(path), left by an earlier restore that was stopped")
        }
        if let kept = summary.keptAs { Output.line("The database it replaced is kept as \(kept)") }
        Output.line(
            "Restored \(summary.documents) documents into \(Store.displayName(parsed.databasePath)) (checked: integrity, ledger replay, points, report facts, hash chain, numbering)"
        )
        Output.line("head hash \(summary.head)")
    }
}
