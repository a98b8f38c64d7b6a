import ScortaKit

/// The command tree. Each subcommand lives in its own file.
enum Commands {
    static let db = Option(
        "--db", ValueKind("path|uri", completion: .file) { $0 },
        "Database file, or a PostgreSQL database: postgresql://USER@HOST:PORT/NAME?sslmode=require or service=NAME (default: $SCORTA_DB, else ~/.local/share/scorta/scorta.sqlite)."
    )
    static let operatorName = Option("--operator", .text("name"), "Who is recording (default: $SCORTA_OPERATOR).")
    /// Accepted by every command, before or after the subcommand.
    static let globalOptions: [CommandSpec.Option] = [db.option, operatorName.option]
    /// Read by the program; shown in `scorta help` and the man page.
    static let environment: [CommandParser.EnvironmentVariable] = [
        .init("SCORTA_DB", "The database when --db is not given."),
        .init("SCORTA_OPERATOR", "The operator when --operator is not given."),
        .init("SCORTA_SEEDS", "Seed folder for init and demo (default: ./Seeds, else PREFIX/share/scorta/Seeds)."),
        .init(
            "SCORTA_LABELS",
            "Label templates (default: ./Labels, else beside the seeds, else PREFIX/share/scorta/Labels).")
    ]

    static var root: CommandSpec {
        CommandSpec(
            name: "scorta",
            abstract: "The stock ledger for material aid: warehouses, social market, FEAD / ESF+ reports.",
            subcommands: [
                InitCommand.spec, DemoCommand.spec,
                ReceiveCommand.spec, TransferCommand.spec, KitCommand.spec, AdjustCommand.spec, CountCommand.spec,
                ReverseCommand.spec,
                HouseholdCommand.spec, DistributeCommand.spec, DistributionsCommand.spec, MarketCommand.spec,
                StockCommand.spec, HistoryCommand.spec, DocumentsCommand.spec, ExpiringCommand.spec,
                ReorderCommand.spec, ShowCommand.spec,
                ItemCommand.spec, BarcodeCommand.spec, LocationCommand.spec, ChannelCommand.spec,
                CheckCommand.spec, CloseCommand.spec, ReopenCommand.spec,
                ReportCommand.spec, LabelsCommand.spec,
                VerifyCommand.spec, OperatorCommand.spec, AuditCommand.spec, BackupCommand.spec, RestoreCommand.spec,
                CopyCommand.spec,
                TrialCommand.spec, CompletionsCommand.spec, ManCommand.spec
            ])
    }
}
