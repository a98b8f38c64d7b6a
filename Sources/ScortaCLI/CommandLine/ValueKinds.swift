import ScortaKit

// The value kinds of Scorta's command line. Domain parsers do the reading, so
// a value the command line accepts is one the library accepts.

extension ValueKind where Value == String {
    /// Free text (names, notes, references): no wrong value.
    public static func text(_ placeholder: String) -> ValueKind {
        ValueKind(placeholder) { $0 }
    }

    /// A reason or other text that is recorded and may not be left blank.
    public static func reason(_ placeholder: String = "text") -> ValueKind {
        ValueKind(placeholder, good: "checked", bad: ["", "   "]) { text in
            guard !text.trimmingSpaces.isEmpty else { throw ValueError(message: "a reason is needed (it is recorded)") }
            return text
        }
    }

    /// An operator's name: 1 to 64 printable characters (it is printed on documents).
    public static let operatorName = ValueKind(
        "name", good: "anna", bad: ["", "   ", String(repeating: "n", count: 65)]
    ) { text in
        _ = try Operators.validName(text)
        return text
    }

    /// A code typed by staff (location, SKU, channel, lot): printable ASCII, the shape `Catalogue.validateCode` allows.
    static func code(
        _ placeholder: String, what: String, good: String, bad: @autoclosure @escaping @Sendable () -> [String]
    ) -> ValueKind {
        ValueKind(placeholder, good: good, bad: bad()) { text in
            do { try Catalogue.validateCode(text, what: what) } catch {
                throw ValueError(
                    message:
                        "\(what) '\(text)' must be 1-40 printable ASCII characters without spaces, ':', '=', ',' or ';'"
                )
            }
            return text
        }
    }

    public static let location = code(
        "location", what: "location", good: "MAG-A",
        bad: ["NOPE", "", "MAG-A\nX", "MAG-A'; DROP TABLE balance;--", String(repeating: "X", count: 5_000)])
    public static let sku = code(
        "sku", what: "SKU", good: "IG-SAP",
        bad: ["NOPE-SKU", "", "IG-SAP\n", "%", String(repeating: "S", count: 5_000)])
    public static let kit = sku.named("kit")
    public static let channel = code("code", what: "channel", good: "CD", bad: ["NOPE", "", "C D"])
    public static let lot = code("code", what: "lot", good: "L1", bad: ["", "L 1", "L1:2"])
    public static let category = code("code", what: "category", good: "hygiene", bad: ["nope", ""])

    /// A household code as printed on its card (K7Q2-9XM4-P); case, dashes and O/I/L do not matter.
    /// A malformed one gets the domain's own message.
    public static let household = ValueKind(
        "code", good: wellFormedHouseholdCode, bad: ["", "K7Q2-9XM4", "NOPE", "Città", wellFormedHouseholdCode]
    ) { text in
        guard HouseholdCode.normalise(text) != nil else {
            throw ValueError(
                message: "'\(text)' is not a household code (9 symbols, e.g. K7Q2-9XM4-P; check the last symbol)")
        }
        return text
    }

    /// A code with a right check symbol (that no household is likely to hold).
    static let wellFormedHouseholdCode: String = {
        let candidates = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".map { "0000-0000-\($0)" }
        return candidates.first { HouseholdCode.normalise($0) != nil } ?? candidates[0]
    }()

    /// A document number: TYPE-YEAR-NUMBER, e.g. RIC-2026-00042.
    public static let documentNumber = ValueKind(
        "number", good: "RIC-2026-00001",
        bad: ["NOPE-1", "", "RIC-2026-99999", "RIC-2026-0000１"]
    ) { text in
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }),
            parts[1].count == 4, parts[1].allSatisfy(\.isNumber), parts[2].allSatisfy(\.isNumber)
        else {
            throw ValueError(message: "'\(text)' is not a document number (like RIC-2026-00042)")
        }
        return text
    }

    /// A SHA-256 head hash: 64 hexadecimal digits, or the first 8 or more
    /// of them as printed on a report (`verify` refuses an ambiguous one).
    public static let hash = ValueKind(
        "hash", good: String(repeating: "0", count: 64),
        bad: [
            "", "xyz", String(repeating: "0", count: 7), String(repeating: "0", count: 65),
            String(repeating: "g", count: 64),
            String(repeating: "a", count: 64)
        ]
    ) { text in
        guard (8...64).contains(text.count), text.allSatisfy(\.isHexDigit) else {
            throw ValueError(message: "'\(text)' is not a head hash (8 to 64 hexadecimal digits)")
        }
        return text
    }

    /// A GTIN-8/12/13/14 with its check digit.
    public static let gtin = ValueKind(
        "gtin", good: "4006381333931", bad: ["123", "abcdefgh", "12345678901234567890", "4006381333932"]
    ) { text in
        do { try GTIN.validate(text) } catch { throw ValueError(message: "\(error)") }
        return text
    }

    /// A file Scorta reads; `-` is standard input.
    public static func inputFile(_ placeholder: String = "file") -> ValueKind {
        ValueKind(placeholder, completion: .file, good: "-", bad: ["", "/nonexistent-scorta-dir/in.csv", "/"]) { text in
            guard !text.isEmpty else { throw ValueError(message: "the file name is empty") }
            return text
        }
    }

    /// A file Scorta writes.
    public static func outputFile(_ placeholder: String = "file") -> ValueKind {
        ValueKind(placeholder, completion: .file, good: "out.pdf", bad: ["", "/nonexistent-scorta-dir/out.pdf", "/"]) {
            text in
            guard !text.isEmpty else { throw ValueError(message: "the file name is empty") }
            return text
        }
    }

    /// A folder (a work folder may be created, so only the empty name is wrong).
    public static func directory(_ placeholder: String = "dir") -> ValueKind {
        ValueKind(placeholder, completion: .directory, good: "/tmp", bad: [""]) { text in
            guard !text.isEmpty else { throw ValueError(message: "the folder name is empty") }
            return text
        }
    }

    /// The seed folder (`init --seeds`): one that does not exist is refused.
    public static let seeds = ValueKind(
        directory().placeholder, completion: .directory, good: "Seeds",
        bad: ["", "/nonexistent-scorta-seeds"], read: directory().read)

    /// One of a fixed list of words.
    public static func oneOf(_ placeholder: String, _ words: [String]) -> ValueKind {
        ValueKind(
            placeholder, completion: .values(words), good: words[0],
            bad: ["", words[0].uppercased() + "X", words[0] + "\n"]
        ) { text in
            guard words.contains(text) else {
                throw ValueError(message: "'\(text)' must be one of: \(words.joined(separator: ", "))")
            }
            return text
        }
    }
}

extension ValueKind where Value == CivilDate {
    public static let date = ValueKind(
        "date", good: "2026-06-02",
        bad: [
            "2026-02-30", "2026-13-01", "26-01-01", "01/02/2026", "", "tomorrow", "2026-1-1", "99999-01-01",
            "2026-06-01T00:00", "２０２６-01-01"
        ]
    ) { text in
        do { return try CivilDate(parsing: text) } catch {
            throw ValueError(message: "'\(text)' is not a valid YYYY-MM-DD date")
        }
    }
}

extension ValueKind where Value == Int {
    /// A whole number in `range` (counts, days, months, copies).
    public static func number(_ range: ClosedRange<Int>, _ placeholder: String = "n") -> ValueKind {
        ValueKind(
            placeholder, good: String(max(range.lowerBound, min(1, range.upperBound))),
            bad: ["abc", "1.5", "99999999999999999999", "", "0x10", "1e3", " 1", "１"]
                + (range.lowerBound > Int.min ? [String(range.lowerBound - 1)] : [])
        ) { text in
            guard let number = Int(text), range.contains(number) else {
                throw ValueError(
                    message:
                        "'\(text)' must be a whole number\(range.lowerBound > Int.min ? " from \(range.lowerBound)" : "")\(range.upperBound < Int.max ? " to \(range.upperBound)" : "")"
                )
            }
            return number
        }
    }

    /// Euro with up to two decimals, read as cents.
    public static let money = ValueKind(
        "euro", good: "1.00", bad: ["abc", "-1", "1,2,3", "1.999", "99999999999999999", "", "€", "1e3", "--1"]
    ) { text in
        guard let cents = Money.parseCents(text) else {
            throw ValueError(message: "'\(text)' must be euro with up to two decimals, e.g. 2.50")
        }
        return cents
    }
}

extension ValueKind where Value == LineSpec {
    /// `SKU:QTY[:LOT[:EXPIRY]]`; with `signed`, `SKU:±QTY…` (adjustments).
    public static func line(signed: Bool = false, _ placeholder: String = "SKU:QTY[:LOT[:EXPIRY]]") -> ValueKind {
        ValueKind(
            placeholder, good: "IG-SAP:1",
            bad: [
                "IG-SAP", "IG-SAP:", ":5", "IG-SAP:0", "IG-SAP:abc", "NOPE:1", "IG-SAP:1:L1:2026-02-30",
                "IG-SAP:1:L1:notadate",
                "IG-SAP:99999999999999999999", "IG-SAP:1.5", "IG-SAP:1::2027-01-01", "IG-SAP:+-1", "::::",
                "IG-SAP:1:\(String(repeating: "L", count: 3_000))"
            ]
        ) { text in
            try LineSpec(parsing: text, allowNegative: signed)
        }
    }
}

extension ValueKind where Value == CountEntry {
    public static let count = ValueKind(
        "SKU[:LOT]=QTY", good: "IG-SAP=1",
        bad: [
            "IG-SAP", "IG-SAP=", "=1", "IG-SAP=-1", "IG-SAP=abc", "NOPE=1", "IG-SAP=1.5", "IG-SAP==1",
            "IG-SAP=99999999999999999999"
        ]
    ) { try CountEntry(parsing: $0) }
}

extension ValueKind where Value == Set<Role> {
    public static let roles = ValueKind(
        "roles", completion: .values(Role.allCases.map(\.rawValue) + ["all"]), good: "warehouse",
        bad: ["boss", "", "warehouse,,market", "warehouse;admin", "ALL"]
    ) { try Role.parseList($0) }
}

extension ValueKind where Value == MemberSpec {
    public static let member = ValueKind(
        "key=value,...", good: "born=1980,sex=f", bad: ["", "born=1980-13", "sex=q", "nope=1"]
    ) {
        try MemberSpec(parsing: $0)
    }
}

extension ValueKind where Value == DocumentType {
    /// A document type by its name or its prefix, in any case (`receipt`, `RIC`).
    public static let documentType = ValueKind(
        "type", completion: .values(DocumentType.allCases.map(\.rawValue)), good: "receipt",
        bad: ["", "nope", "RICX"]
    ) { try DocumentType(parsing: $0) }
}

extension ValueKind where Value == AgeBand {
    public static let ageBand = ValueKind(
        "band", completion: .values(AgeBand.allCases.map(\.rawValue)), good: "30-64", bad: ["", "99-100", "adult"]
    ) {
        try AgeBand(parsing: $0)
    }
}

extension ValueKind where Value == Sex {
    public static let sex = ValueKind("sex", completion: .values(["f", "m", "x", "u"]), good: "f", bad: ["", "q"]) {
        try Sex(parsing: $0)
    }
}

extension ValueKind where Value: RawRepresentable & CaseIterable & Sendable, Value.RawValue == String {
    /// One of an enumeration's cases, by its raw value (`--reason damaged`).
    public static func choice(_ placeholder: String) -> ValueKind {
        let words = Value.allCases.map(\.rawValue)
        return ValueKind(
            placeholder, completion: .values(words), good: words[0],
            bad: ["", words[0].uppercased() + "X", words[0] + "\n"]
        ) { text in
            guard let value = Value(rawValue: text) else {
                throw ValueError(message: "'\(text)' must be one of: \(words.joined(separator: ", "))")
            }
            return value
        }
    }
}

extension ValueKind {
    /// A value, or the word `none` to remove it (read as nil).
    public static func orNone<Wrapped>(_ kind: ValueKind<Wrapped>) -> ValueKind<Wrapped?> where Value == Wrapped? {
        ValueKind<Wrapped?>(
            kind.placeholder + "|none", completion: kind.completion, good: "none", bad: kind.bad.filter { !$0.isEmpty }
        ) { text in
            text == "none" ? nil : try kind.read(text)
        }
    }
}
