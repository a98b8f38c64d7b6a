extension Database {
    /// Runs `body` with SQLite's page cache allowed to grow to `kibibytes`, then gives it back
    /// its size before. A transaction's changed pages stay in the cache until it commits; past
    /// the cache's size (SQLite's 2 MiB) SQLite writes them to the WAL early and reads them back
    /// from there when they change again. A receipt of 100,000 lines changes about 15 MiB of
    /// pages (a new ledger's file grew by 14.9 MB, 2 December 2026). The cache only holds pages
    /// that were read or changed: a small transaction takes
    /// no more memory with a larger limit. Nothing on PostgreSQL, whose server keeps the pages.
    func withPageCache<T>(kibibytes: Int, _ body: () throws -> T) throws -> T {
        guard !isPostgreSQL else { return try body() }
        let before = try scalar("PRAGMA cache_size") ?? -2_000
        try execute("PRAGMA cache_size = -\(kibibytes)")
        defer { try? execute("PRAGMA cache_size = \(before)") }
        return try body()
    }
}
