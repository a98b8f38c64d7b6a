/// A spreadsheet file as an office saves it, read the same way by every
/// import (receipts, transfers, adjustments, distributions, counts,
/// households, the catalogue): Italian or English headers, `;` or `,`, a BOM,
/// CRLF, empty trailing columns, and every bad row reported at once.
///
///     let sheet = try Sheet(text, source: "ddt.csv", columns: SheetColumns.lines)
///     let specs = try sheet.rows { row in try sheet.require(row, "sku") }
public struct Sheet {
    public let table: CSV.Table
    /// Canonical column name → field index.
    let columns: [String: Int]

    /// At most this many bad rows are listed; the rest are counted.
    public static let reportedRows = 20

    public var source: String { table.source }

    public init(_ text: String, source: String, columns known: [SheetColumn]) throws {
        table = try CSV.parse(text, source: source)
        let normalized = table.header.map(SheetColumn.normalize)
        var columns: [String: Int] = [:]
        for column in known {
            // The first alias present wins, so a file with both "codice" and "ean" reads the item from "codice".
            for alias in column.aliases {
                if let index = normalized.firstIndex(of: alias) {
                    columns[column.name] = index
                    break
                }
            }
        }
        self.columns = columns
        self.known = known
    }

    let known: [SheetColumn]

    public func has(_ column: String) -> Bool { columns[column] != nil }

    /// Refuses a file without the columns an import cannot do without, naming the names it accepts.
    public func require(columns names: String...) throws {
        let missing = names.filter { columns[$0] == nil }
        guard let first = missing.first else { return }
        let aliases = known.first { $0.name == first }?.aliases.filter { $0 != first }.prefix(4) ?? []
        throw ScortaError.invalid(
            "\(source):1: missing column '\(first)'"
                + (aliases.isEmpty ? "" : " (or \(aliases.joined(separator: ", ")))")
                + " (header is: \(table.header.joined(separator: ",")))")
    }

    /// The trimmed value of a column in a row; nil when the column is absent or the cell empty.
    public subscript(_ record: CSV.Record, _ column: String) -> String? { self[record, columns[column]] }

    /// The same by the column's field index (`index(of:)`), looked up once for a file rather
    /// than by name in every row: a bulk receipt reads four cells a line of 100,000 lines.
    public subscript(_ record: CSV.Record, _ index: Int?) -> String? {
        guard let index, index < record.fields.count else { return nil }
        let value = record.fields[index].trimmingSpaces
        return value.isEmpty ? nil : value
    }

    /// The field index of a column, nil when the file does not have it.
    public func index(of column: String) -> Int? { columns[column] }

    /// The value of a column that must be filled in.
    public func require(_ record: CSV.Record, _ column: String) throws -> String {
        try require(record, column, at: columns[column])
    }

    /// The same by the column's field index (`index(of:)`).
    public func require(_ record: CSV.Record, _ column: String, at index: Int?) throws -> String {
        guard let value = self[record, index] else { throw ScortaError.invalid("\(column) is empty") }
        return value
    }

    /// Runs `body` on every row and collects what is wrong with each, so the
    /// office fixes the whole file at once. Nothing is returned unless every
    /// row is good; then the rows' results, in file order.
    public func rows<T>(_ body: (CSV.Record) throws -> T) throws -> [T] {
        var results: [T] = []
        results.reserveCapacity(table.records.count)
        var problems = SheetProblems(source: source)
        for record in table.records {
            // A row Excel saved as ";;;;" because it was once formatted is no row.
            // (Spaces and tabs alone, the bytes looked at without a trimmed copy made.)
            if record.fields.allSatisfy({ $0.utf8.allSatisfy { $0 == 0x20 || $0 == 0x09 } }) { continue }
            do {
                results.append(try body(record))
            } catch let error as ScortaError {
                problems.add(line: record.line, error.description)
            }
        }
        try problems.throwIfAny()
        guard !results.isEmpty else { throw ScortaError.invalid("\(source): no rows after the header") }
        return results
    }
}

/// The bad rows of one file: `file:line: what is wrong`, up to 20, then a count.
public struct SheetProblems {
    let source: String
    var lines: [String] = []
    var count = 0

    public init(source: String) { self.source = source }

    public mutating func add(line: Int, _ message: String) {
        count += 1
        if lines.count < Sheet.reportedRows { lines.append("\(source):\(line): \(message)") }
    }

    public func throwIfAny() throws {
        guard count > 0 else { return }
        var rows = lines
        if count > lines.count { rows.append("\(source): … and \(count - lines.count) more") }
        throw ScortaError.badRows(
            summary: "\(source): \(count) row\(count == 1 ? "" : "s") cannot be imported; nothing was written",
            rows: rows)
    }
}

/// A column an import reads, with the header names it accepts (Italian and
/// English, compared lower-case without accents, spaces or dots).
public struct SheetColumn: Sendable {
    public let name: String
    public let aliases: [String]

    public init(_ name: String, _ aliases: [String]) {
        self.name = name
        self.aliases = [name] + aliases
    }

    /// "Quantità" → "quantita", "Q.tà" → "qta", "Data scadenza" → "data_scadenza", "Valore (€)" → "valore_euro".
    public static func normalize(_ header: String) -> String {
        var out = ""
        for c in header.lowercased() {
            switch c {
            case "à", "á": out.append("a")
            case "è", "é": out.append("e")
            case "ì", "í": out.append("i")
            case "ò", "ó": out.append("o")
            case "ù", "ú": out.append("u")
            case "€": out.append("_euro")
            case ".", "(", ")", "'", "\"": continue
            case " ", "-", "/", "_", "\t": if !out.isEmpty, out.last != "_" { out.append("_") }
            default: out.append(c)
            }
        }
        while out.last == "_" { out.removeLast() }
        while out.first == "_" { out.removeFirst() }
        return out.replacing("__", with: "_")
    }
}

/// The column names of each import, in one place.
public enum SheetColumns {
    static let item = SheetColumn(
        "sku",
        [
            "codice", "codice_articolo", "cod_articolo", "articolo", "cod", "item", "code",
            "ean", "gtin", "barcode", "codice_a_barre", "ean13"
        ])
    static let lot = SheetColumn("lot", ["lotto", "n_lotto", "numero_lotto", "batch"])

    /// Lines of a receipt, transfer, adjustment or distribution.
    public static let lines = [
        item, SheetColumn("quantity", ["quantita", "qta", "qty", "q", "pezzi", "quant", "numero", "n"]), lot,
        SheetColumn("expiry", ["scadenza", "data_scadenza", "expiry_date", "expires", "best_before", "tmc"])
    ]

    /// A count sheet: the counted quantity, or a plain quantity column.
    public static let count = [
        item, SheetColumn("counted", ["contato", "contati", "conteggio", "quantita_contata", "rilevato", "giacenza"]),
        SheetColumn("quantity", ["quantita", "qta", "qty", "pezzi"]), lot
    ]

    /// Members of households (one row per member; rows with the same key are one household).
    public static let households = [
        SheetColumn("household", ["nucleo", "famiglia", "nucleo_familiare", "codice_nucleo", "key"]),
        SheetColumn("sex", ["sesso", "genere"]),
        SheetColumn(
            "born",
            ["nato", "nata", "nascita", "data_nascita", "data_di_nascita", "anno_nascita", "birth", "birth_date"]),
        SheetColumn("band", ["fascia", "fascia_eta", "fascia_di_eta", "age_band"]),
        SheetColumn("homeless", ["senza_dimora", "senza_fissa_dimora", "sfd"]),
        SheetColumn("disability", ["disabilita", "disabile"]),
        SheetColumn("third_country", ["paese_terzo", "extra_ue", "cittadino_paese_terzo", "extracomunitario"]),
        SheetColumn("foreign_minority", ["straniero", "origine_straniera", "minoranza", "background_straniero"]),
        SheetColumn("member_name", ["nome_membro", "nome_componente", "componente"]),
        SheetColumn("referred_by", ["inviato_da", "segnalato_da", "invio", "ente_inviante"]),
        SheetColumn("name", ["nome", "cognome_nome", "nominativo"]),
        SheetColumn("note", ["nota", "note_nucleo"]),
        SheetColumn("registered_on", ["registrato_il", "data_registrazione", "data_iscrizione", "iscritto_il"])
    ]

    /// New catalogue items.
    public static let items = [
        SheetColumn("sku", ["codice", "codice_articolo", "cod_articolo", "articolo", "cod"]),
        SheetColumn("name", ["nome", "descrizione", "denominazione", "articolo_descrizione"]),
        SheetColumn("unit", ["unita", "um", "unita_di_misura", "u_m"]),
        SheetColumn("category", ["categoria", "categoria_fead", "category_code"]),
        SheetColumn(
            "value",
            ["valore", "euro", "valore_euro", "valore_unitario", "prezzo", "value_euro", "valore_unitario_euro"]),
        SheetColumn("value_cents", ["centesimi", "valore_centesimi"]),
        SheetColumn("gtin", ["ean", "ean13", "codice_a_barre", "barcode"]),
        SheetColumn("grams", ["grammi", "peso_netto_g", "net_grams", "peso_g", "peso_grammi", "grammi_netti"])
    ]
}

/// Dates as spreadsheets write them: ISO `2028-06-30`, or Italian
/// `30/06/2028`, `30/06/28` (also with `.` or `-`). A two-digit year is
/// 20yy; for a birth date (`past: true`) it is 19yy when 20yy is still to come.
public enum SheetDate {
    public static func parse(_ text: String, past: Bool = false) throws -> CivilDate {
        let text = text.trimmingSpaces
        if let iso = try? CivilDate(parsing: text) { return iso }
        let separators: Set<Character> = ["/", ".", "-"]
        let parts = text.split(omittingEmptySubsequences: false) { separators.contains($0) }
        if parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2 {
            throw ScortaError.invalid("date '\(text)' is not a valid date")
        }
        guard parts.count == 3, parts[0].count <= 2, parts[1].count <= 2, [2, 4].contains(parts[2].count),
            let day = Int(parts[0]), let month = Int(parts[1]), var year = Int(parts[2])
        else {
            throw ScortaError.invalid("date '\(text)' must be YYYY-MM-DD, DD/MM/YYYY or DD/MM/YY")
        }
        if parts[2].count == 2 {
            year += 2000
            if past, year > CivilDate.today().year { year -= 100 }
        }
        guard let date = CivilDate(year: year, month: month, day: day) else {
            throw ScortaError.invalid("date '\(text)' is not a valid date")
        }
        return date
    }
}
