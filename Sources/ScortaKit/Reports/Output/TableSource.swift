/// Rows of a report table, produced on demand. A small table wraps a
/// `Listing`; a register streams its rows from SQL each time it is walked,
/// so a year of lines is written out without being held in memory. Walking
/// it twice (widths, then the rows; or a page count, then the pages) runs the
/// query twice, which costs far less than holding it.
public struct TableSource {
    public let columns: [Listing.Column]
    public let walk: (_ body: ([JSONValue]) throws -> Void) throws -> Void

    public init(columns: [Listing.Column], walk: @escaping (_ body: ([JSONValue]) throws -> Void) throws -> Void) {
        self.columns = columns
        self.walk = walk
    }

    public init(_ listing: Listing) {
        self.columns = listing.columns
        self.walk = { body in for row in listing.rows { try body(row) } }
    }

    /// Every row, in memory (for tests and small tables).
    public func listing() throws -> Listing {
        var listing = Listing(columns: columns)
        try walk { listing.append($0) }
        return listing
    }
}

/// Where a report's text goes: standard output or a file, buffered.
public final class TextOutput {
    private var buffer: [UInt8] = []
    private let flush: ([UInt8]) throws -> Void

    public init(flush: @escaping ([UInt8]) throws -> Void) { self.flush = flush }

    /// Collects everything in memory (tests).
    public static func collecting() -> (TextOutput, () -> String) {
        final class Box { var bytes: [UInt8] = [] }
        let box = Box()
        let output = TextOutput { box.bytes += $0 }
        return (output, { try? output.finish(); return String(decoding: box.bytes, as: UTF8.self) })
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { try finish() }
    }

    public func finish() throws {
        guard !buffer.isEmpty else { return }
        try flush(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}
