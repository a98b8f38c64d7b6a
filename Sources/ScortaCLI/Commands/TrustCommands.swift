import ScortaKit

enum VerifyCommand {
    static let spec = CommandSpec(
        name: "verify", abstract: "Recompute the documents' hash chain: prove no document was changed outside Scorta.",
        discussion: """
            Every document carries a SHA-256 hash of its content chained to the previous document's hash.
            Without options: silent and exit status 0 when the chain is intact; otherwise names the first document
            that no longer matches and exits 1.
            --head prints the current head hash: write it in the paper register or send it to the managing authority.
            --expect HASH later proves that nothing up to the document that had that head has changed since.
            """,
        options: [.flag("--head", "Print the head hash (after verifying the chain)."),
                  .value("--expect", "hash", "A head hash written down earlier: prove nothing up to it has changed.")]
    ) { parsed in
        let db = try parsed.openDatabase()
        let expect = parsed.value("--expect")
        let result = try HashChain.verify(db, expect: expect)
        if let broken = result.firstBroken {
            throw ScortaError.refused("document \(broken) no longer matches its recorded hash: it, or a document or line before it, was changed outside Scorta (\(result.verified) documents verified before it)")
        }
        if let expect {
            guard result.expectedFound else {
                throw ScortaError.refused("hash \(expect) is not in the chain: the ledger up to that point has changed, or the hash was mistyped")
            }
            Output.line("Intact: the ledger up to hash \(expect.lowercased()) is unchanged (\(result.verified) documents verified).")
        }
        if parsed.flag("--head") { Output.line(result.head) }
    }
}

enum OperatorCommand {
    static let spec = CommandSpec(
        name: "operator", abstract: "Register operators and their roles (admin).",
        discussion: """
            Roles: warehouse (receive, transfer, kits, adjust, count, labels), market (households, distributions,
            the market till), manager (reports, catalogue, reversals, period close, verify), admin (operators,
            erasure, backups, audit log). Read-only queries need any registered operator.
            The operator name is an accountability record, not authentication: access control rests on OS accounts.
            """,
        subcommands: [list, add, edit])

    static let roles = CommandSpec.Option.value("--roles", "roles", "Comma-separated roles: warehouse, market, manager, admin (or all).")

    static let list = CommandSpec(name: "list", abstract: "List operators and their roles.", options: Common.listing) { parsed in
        Output.emit(try Operators(try parsed.openDatabase()).listing(), parsed, empty: "(no operators)")
    }

    static let add = CommandSpec(
        name: "add", abstract: "Register an operator with one or more roles.",
        discussion: "Example: scorta operator add anna --roles warehouse,market",
        options: [roles], arguments: [.init("name", "The operator's name (as given to --operator / SCORTA_OPERATOR).")],
        required: ["--roles"]
    ) { parsed in
        let roleSet = try Role.parseList(try parsed.require("--roles", "roles"))
        try Operators(try parsed.openDatabase()).add(parsed.arguments[0], roles: roleSet, by: try parsed.operatorName())
        Output.line("Registered operator '\(parsed.arguments[0].trimmingSpaces)' (\(roleSet.sorted().map(\.rawValue).joined(separator: ", "))).")
    }

    static let edit = CommandSpec(
        name: "edit", abstract: "Change an operator's roles, or deactivate / reactivate one.",
        discussion: "Operators are never deleted: their names stay on the documents they recorded.",
        options: [roles, .flag("--deactivate", "The operator may no longer run commands."), .flag("--activate", "Reactivate.")],
        arguments: [.init("name", "The operator.")]
    ) { parsed in
        guard !(parsed.flag("--activate") && parsed.flag("--deactivate")) else {
            throw ScortaError.usage("give --activate or --deactivate, not both")
        }
        let roleSet = try parsed.value("--roles").map { try Role.parseList($0) }
        let active: Bool? = parsed.flag("--activate") ? true : parsed.flag("--deactivate") ? false : nil
        guard roleSet != nil || active != nil else { throw ScortaError.usage("nothing to change: give --roles, --activate or --deactivate") }
        try Operators(try parsed.openDatabase()).edit(parsed.arguments[0], roles: roleSet, active: active, by: try parsed.operatorName())
        Output.line("Changed operator '\(parsed.arguments[0])'.")
    }
}

enum AuditCommand {
    static let spec = CommandSpec(
        name: "audit", abstract: "Who showed, exported, changed or erased a household's data, and when (admin).",
        options: [.value("--household", "code", "Only this household."), .value("--by", "operator", "Only this operator.")] + Common.listing
    ) { parsed in
        let db = try parsed.openDatabase()
        // The code as printed on the card (K7Q2-9XM4-P) or typed any other way; a mistyped one is an error, not an empty log.
        let subject = try parsed.value("--household").map { try Households(db).household(code: $0).code }
        let listing = try Audit.listing(db, subject: subject, operatorName: parsed.value("--by"))
        Output.emit(listing, parsed, empty: "(no audit entries)")
    }
}

enum BackupCommand {
    static let spec = CommandSpec(
        name: "backup", abstract: "Copy the live database into a new file, safely while others write (admin).",
        discussion: "Uses SQLite's online backup API. The copy is readable by its owner only. An existing file is replaced only\nwith --force, and never a SQLite file (an earlier backup) or the database itself.",
        options: [Common.force],
        arguments: [.init("file", "The new backup file.")]
    ) { parsed in
        let summary = try Backup.copy(try parsed.openDatabase(), to: try parsed.outputFile(parsed.arguments[0]))
        Output.line("Backed up \(summary.documents) documents to \(parsed.arguments[0])")
        Output.line("head hash \(summary.head)")
    }
}

enum RestoreCommand {
    static let spec = CommandSpec(
        name: "restore", abstract: "Restore a backup after checking it (admin).",
        discussion: """
            The copy is checked first (SQLite integrity check, ledger replay as in 'check', hash chain as in 'verify')
            and a damaged one is refused. An existing database is replaced only with --replace, and is first kept as
            a backup next to itself.
            """,
        options: [.flag("--replace", "Replace the existing database (kept as …before-restore-TIMESTAMP first).")],
        arguments: [.init("file", "The backup file.")]
    ) { parsed in
        let operatorName = try parsed.operatorName()
        let summary = try Backup.restore(from: parsed.arguments[0], to: parsed.databasePath, replace: parsed.flag("--replace"),
                                         operatorName: operatorName, live: Connection.current?.database) { copy in
            try AccessRules.authorize(parsed.path, operatorName: operatorName, in: copy)
        }
        for path in summary.staleRemoved { Output.line("Removed \(path), left by an earlier restore that was stopped") }
        if let kept = summary.keptAs { Output.line("The database it replaced is kept as \(kept)") }
        Output.line("Restored \(summary.documents) documents into \(parsed.databasePath) (checked: integrity, ledger replay, hash chain)")
        Output.line("head hash \(summary.head)")
    }
}
