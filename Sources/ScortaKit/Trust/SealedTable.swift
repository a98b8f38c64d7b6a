/// A table whose rows a report, register, receipt or `check` reads and that is
/// not part of a document. Each row's current state is a *record* in the hash
/// chain: `kind` = the table, `subject` = the row's key, `digest` = SHA-256 of
/// the row's sealed columns. A row that changes (a card suspension that ends,
/// an operator's roles, an erasure) gets a new record for the same subject;
/// `verify` proves every row equal to its latest record and every record's
/// row present, so a row changed, deleted or inserted outside Scorta is named.
///
/// Why records of the live rows rather than a journal the tables are rebuilt
/// from: the tables stay what every query already reads, and the seal is one
/// call after each write, in the same transaction.
///
/// Personal data (household name and note, member names) is never a sealed
/// column, so it stays erasable and `verify` passes after an erasure.
public struct SealedTable: Sendable, Equatable {
    public let name: String
    /// The primary key, first among `columns`.
    let key: [String]
    /// Every column the chain covers, key included.
    let columns: [String]
    /// Rows sealed as records; the others belong to a document's hash.
    let filter: String?

    init(_ name: String, key: [String], _ columns: [String], filter: String? = nil) {
        self.name = name
        self.key = key
        self.columns = key + columns
        self.filter = filter
        selectByKeySQL =
            "SELECT \((key + columns).joined(separator: ", ")) FROM \(name) WHERE "
            + key.map { "\($0) = ?" }.joined(separator: " AND ") + (filter.map { " AND \($0)" } ?? "")
    }

    /// The row with a given key, as sealed (built once: a bulk receipt seals a lot per row).
    let selectByKeySQL: String

    public static let setting = SealedTable("setting", key: ["key"], ["value"])
    public static let location = SealedTable("location", key: ["id"], ["code", "name", "kind", "active"])
    public static let channel = SealedTable("channel", key: ["id"], ["code", "name"])
    public static let category = SealedTable("category", key: ["id"], ["code", "name", "name_en", "kind"])
    public static let item = SealedTable(
        "item", key: ["id"], ["sku", "name", "unit", "category_id", "gtin", "net_grams", "is_kit", "active"])
    public static let itemValue = SealedTable(
        "item_value", key: ["item_id", "valid_from"], ["cents", "recorded_at", "operator"])
    public static let barcode = SealedTable("barcode", key: ["code"], ["item_id", "quantity"])
    public static let kitRecipe = SealedTable(
        "kit_recipe", key: ["id"], ["kit_item_id", "version", "created_at", "operator", "note"])
    public static let kitComponent = SealedTable(
        "kit_component", key: ["recipe_id", "item_id"], ["quantity", "position"])
    /// A lot its document created (`document_id`, a receipt's new lots) is sealed inside that document (form 3).
    public static let lot = SealedTable(
        "lot", key: ["id"], ["item_id", "code", "expiry", "recipe_id"], filter: "document_id IS NULL")
    /// A close with the chain head it recorded, and its undoing ("0007-ledger-rules").
    public static let periodClose = SealedTable(
        "period_close", key: ["id"], ["until", "closed_at", "operator", "chain_head", "document_count"])
    public static let periodReopen = SealedTable(
        "period_reopen", key: ["id"],
        ["close_id", "reopened_from", "reopened_until", "reopened_at", "operator", "reason"])
    /// Not `name` or `note`: personal data.
    public static let household = SealedTable(
        "household", key: ["id"], ["code", "referred_by", "registered_on", "erased_at"])
    /// Not `name`: personal data.
    public static let member = SealedTable(
        "member", key: ["id"],
        [
            "household_id", "birth", "age_band", "sex", "homeless", "disability",
            "third_country", "foreign_minority", "joined_on", "left_on"
        ])
    public static let memberVersion = SealedTable(
        "member_version", key: ["member_id", "valid_from"],
        [
            "birth", "age_band", "sex", "homeless", "disability", "third_country",
            "foreign_minority", "recorded_at", "operator"
        ])
    public static let cardPeriod = SealedTable(
        "card_period", key: ["id"], ["household_id", "valid_from", "valid_until", "recorded_at", "operator"])
    public static let cardSuspension = SealedTable(
        "card_suspension", key: ["id"],
        ["household_id", "from_date", "until_date", "reason", "recorded_at", "operator"])
    /// A lost card replaced: which code is blocked, which replaced it ("0012-card-replacement").
    public static let cardReplacement = SealedTable(
        "card_replacement", key: ["id"],
        ["household_id", "old_code", "new_code", "replaced_on", "reason", "recorded_at", "operator"])
    public static let pointsRule = SealedTable(
        "points_rule", key: ["valid_from"],
        [
            "cycle", "cycle_days", "first_member", "further_member", "child_extra", "child_under",
            "maximum", "lapse", "card_months", "market_location", "market_channel"
        ])
    public static let marketPrice = SealedTable(
        "market_price", key: ["item_id", "valid_from"], ["points", "recorded_at", "operator"])
    public static let marketLimit = SealedTable(
        "market_limit", key: ["id"], ["item_id", "category_id", "per", "quantity"])
    /// Allowances, lapses and adjustments; a checkout's spend is part of its document.
    public static let pointsEntry = SealedTable(
        "points_entry", key: ["id"],
        [
            "household_id", "date", "kind", "points", "cycle_start", "document_id", "reason",
            "balance_after", "recorded_at", "operator"
        ], filter: "document_id IS NULL")
    public static let operatorRole = SealedTable(
        "operator", key: ["name"], ["roles", "active", "created_at", "created_by", "changed_at", "changed_by"])
    public static let audit = SealedTable("audit", key: ["id"], ["at", "operator", "action", "subject", "detail"])

    public static let all: [SealedTable] = [
        setting, location, channel, category, item, itemValue, barcode, kitRecipe, kitComponent, lot,
        periodClose, periodReopen, household, member, memberVersion, cardPeriod, cardSuspension, cardReplacement,
        pointsRule,
        marketPrice, marketLimit, pointsEntry, operatorRole, audit
    ]

    /// Tables that belong to a document and are covered by its hash (form 2),
    /// with the document type that carries them.
    static let dependents: [(table: String, type: String, condition: String)] = [
        ("document_line", "", "1 = 1"),
        ("distribution_recipient", "distribution", "1 = 1"),
        ("market_sale", "distribution", "1 = 1"),
        ("market_override", "distribution", "1 = 1"),
        ("points_entry", "distribution", "document_id IS NOT NULL"),
        ("count_line", "count", "1 = 1")
    ]

    /// Tables outside the chain on purpose, each with the reason (a test
    /// fails when a table is in none of the lists).
    static let unsealed: [String: String] = [
        "balance": "a cache of the lines; check replays the ledger into it",
        "stock_day": "a cache of the lines per day; check replays the ledger in date order into it",
        "reorder_level": "an office's alert threshold; no report, register, receipt or check reads it",
        "distribution_fact": "a cache of the distributions; check re-encodes every row",
        "document_sequence": "verify proves every number up to the last one present",
        "document": "each document is a chain entry of its own",
        "chain": "the chain itself",
        "schema_migration": "the schema's own bookkeeping",
        "sqlite_sequence": "SQLite's own bookkeeping"
    ]

    var selectSQL: String { "SELECT \(columns.joined(separator: ", ")) FROM \(name)" }

    var keyCondition: String { key.map { "\($0) = ?" }.joined(separator: " AND ") }

    /// The chain's name for a row: its key values, text quoted.
    static func subject(_ values: [SQLValue]) -> String {
        values.map { value -> String in
            switch value {
            case .null: return "NULL"
            case .integer(let number): return String(number)
            case .real(let number): return String(number)
            case .text(let text): return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
            case .blob(let bytes): return "x'" + SHA256.hexString(bytes) + "'"
            }
        }.joined(separator: " ")
    }

    func subject(of row: Row) -> String { SealedTable.subject((0..<key.count).map { row.value($0) }) }

    /// SHA-256 of the row's sealed columns in the canonical form.
    func digest(of row: Row) -> String {
        SHA256.hex(HashChain.canonical(row, columns).utf8)
    }

    /// The same digest from the values of the sealed columns, in order.
    func digest(of values: [SQLValue]) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(160)
        HashChain.appendCanonical(zip(columns, values), to: &bytes)
        return SHA256.hex(bytes)
    }
}
