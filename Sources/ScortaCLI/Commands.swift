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

    /// The root: each command is built only when it runs or is listed.
    static var root: CommandSpec {
        CommandSpec(
            name: "scorta",
            abstract: "The stock ledger for material aid: warehouses, social market, FEAD / ESF+ reports.",
            commands: [
                InitCommand.self, DemoCommand.self,
                ReceiveCommand.self, TransferCommand.self, KitCommand.self, AdjustCommand.self, CountCommand.self,
                ReverseCommand.self,
                HouseholdCommand.self, DistributeCommand.self, DistributionsCommand.self, MarketCommand.self,
                StockCommand.self, HistoryCommand.self, DocumentsCommand.self, ExpiringCommand.self,
                ReorderCommand.self, ShowCommand.self,
                ItemCommand.self, BarcodeCommand.self, LocationCommand.self, ChannelCommand.self,
                CheckCommand.self, CloseCommand.self, ReopenCommand.self,
                ReportCommand.self, LabelsCommand.self,
                VerifyCommand.self, OperatorCommand.self, AuditCommand.self, BackupCommand.self, RestoreCommand.self,
                CopyCommand.self,
                TrialCommand.self, CompletionsCommand.self, ManCommand.self
            ])
    }
}
