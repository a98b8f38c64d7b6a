import CSQLite

extension Row {
    /// A `YYYY-MM-DD` column as the number YYYYMMDD, read without making a
    /// String: the indicator report reads two million of them.
    func dateKey(_ index: Int) -> Int {
        if statement.cursor != nil {
            let digits = self.text(index).utf8.filter { $0 != UInt8(ascii: "-") }
            guard digits.count == 8 else { return 0 }
            return digits.reduce(0) { $0 * 10 + Int($1) - 48 }
        }
        guard let text = sqlite3_column_text(statement.handle, Int32(index)),
            sqlite3_column_bytes(statement.handle, Int32(index)) == 10
        else { return 0 }
        func digits(_ from: Int, _ count: Int) -> Int {
            var value = 0
            for offset in from..<(from + count) { value = value * 10 + Int(text[offset]) - 48 }
            return value
        }
        return digits(0, 4) * 10_000 + digits(5, 2) * 100 + digits(8, 2)
    }

    /// The first two bytes of a text column (0 when shorter): enough to tell
    /// the age bands and the sexes apart without making Strings.
    func leadingBytes(_ index: Int) -> (UInt8, UInt8) {
        if statement.cursor != nil {
            let bytes = Array(self.text(index).utf8.prefix(2))
            return (bytes.first ?? 0, bytes.count > 1 ? bytes[1] : 0)
        }
        guard let text = sqlite3_column_text(statement.handle, Int32(index)) else { return (0, 0) }
        let first = text[0]
        return (first, first == 0 ? 0 : text[1])
    }
}

extension Row {
    /// A blob column as bytes (a report facts row).
    func bytes(_ index: Int) -> [UInt8] {
        if statement.cursor != nil, case .blob(let bytes) = value(index) { return bytes }
        let count = Int(sqlite3_column_bytes(statement.handle, Int32(index)))
        guard count > 0, let base = sqlite3_column_blob(statement.handle, Int32(index)) else { return [] }
        return Array(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// A blob column in place, valid until the statement steps again: the
    /// report walks a year of them without copying.
    func blob(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        if let cursor = statement.cursor { return cursor.blob(index) }
        let count = Int(sqlite3_column_bytes(statement.handle, Int32(index)))
        guard count > 0, let base = sqlite3_column_blob(statement.handle, Int32(index)) else {
            return UnsafeBufferPointer(start: nil, count: 0)
        }
        return UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count)
    }
}
