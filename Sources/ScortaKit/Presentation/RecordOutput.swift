/// One record (a document, a household) for people: a `key  value` line per
/// field that has a value, then each list of rows as a table titled by its
/// key; as JSON, the object itself.
public struct RecordOutput: Presentable {
    public let object: JSONValue
    /// Width of the key column of the text form.
    public let keyWidth: Int

    public init(_ object: JSONValue, keyWidth: Int) {
        self.object = object
        self.keyWidth = keyWidth
    }

    public func writeText(to out: TextOutput) throws {
        guard case .object(let members) = object else { return }
        func padded(_ key: String) -> String { key + String(repeating: " ", count: max(1, keyWidth - key.count)) }
        for (key, value) in members {
            switch value {
            case .null: continue
            case .string(let text): try out.write(padded(key) + text + "\n")
            case .array(let rows):
                try out.write("\n\(key):\n")
                try TableSource(Listing(objects: rows)).writeText(to: out, titlesWhenEmpty: true)
            default: try out.write(padded(key) + value.serialized(pretty: false) + "\n")
            }
        }
    }

    public func writeJSON(to out: TextOutput) throws {
        try out.write(object.serialized() + "\n")
    }
}

extension Listing {
    /// A table of JSON objects that share keys (a record's nested rows): each
    /// key is a column titled in capitals, numbers right-aligned.
    init(objects rows: [JSONValue]) {
        guard case .object(let first)? = rows.first else {
            self.init(columns: [])
            return
        }
        self.init(
            columns: first.map { key, value in
                if case .int = value { return Column(key, key.uppercased(), alignRight: true) }
                return Column(key, key.uppercased())
            })
        for row in rows { if case .object(let members) = row { append(members.map(\.1)) } }
    }
}

extension DocumentDetail: Presentable {
    public func writeText(to out: TextOutput) throws { try RecordOutput(json, keyWidth: 13).writeText(to: out) }
    public func writeJSON(to out: TextOutput) throws { try RecordOutput(json, keyWidth: 13).writeJSON(to: out) }
}
