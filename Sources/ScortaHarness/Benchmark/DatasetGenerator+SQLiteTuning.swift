import ScortaKit

extension DatasetGenerator {
    /// How the generator's SQLite connection is set for a build of millions of lines. A month of a
    /// city's documents is one transaction; each one changes index leaves spread over every
    /// (location, item) of the city, thousands of pages, so its cost is in how often those pages go
    /// to disk. Nothing here changes what a command does: `synchronous` stays as the store sets it,
    /// every commit is durable in the WAL as before; only when the WAL is copied into the database
    /// file changes. Nothing on PostgreSQL.
    public struct SQLiteTuning: Sendable, Equatable {
        /// SQLite's page cache (MiB). A month's changed pages stay here until it commits, and the pages
        /// it reads stay for the next month of the same city; past the cache they are written to the
        /// WAL early and read back, and read again from the operating system every month.
        public var cacheMebibytes: Int
        /// Copy the WAL into the database file after each city's year, instead of SQLite's automatic
        /// checkpoint after every commit that leaves more than 1,000 pages in the WAL (every month
        /// here): a page changed in every month of a year is then written to the database file once,
        /// not twelve times. The WAL grows to a city's year of changed pages (a few hundred MiB).
        public var checkpointEachCityYear: Bool

        public init(cacheMebibytes: Int = 256, checkpointEachCityYear: Bool = true) {
            self.cacheMebibytes = cacheMebibytes
            self.checkpointEachCityYear = checkpointEachCityYear
        }

        /// What SQLite's defaults were before (2 MiB cache, checkpoint after every large commit)
        /// and the generator's until December 2026 (64 MiB): for a side-by-side run.
        public static let commandDefaults = SQLiteTuning(cacheMebibytes: 64, checkpointEachCityYear: false)

        /// One line for the bench's header.
        public var summary: String {
            "SQLite page cache \(cacheMebibytes) MiB, WAL checkpoint "
                + (checkpointEachCityYear ? "after each city's year" : "automatic (every 1,000 pages)")
                + ", temporary store in memory"
        }
    }

    /// Sets the connection for the build and returns what puts it back.
    func applyTuning() throws -> () -> Void {
        guard !db.isPostgreSQL else { return {} }
        let cacheBefore = try db.scalar("PRAGMA cache_size") ?? -2_000
        let checkpointBefore = try db.scalar("PRAGMA wal_autocheckpoint") ?? 1_000
        try db.execute("PRAGMA cache_size = -\(tuning.cacheMebibytes * 1_024)")
        // A month of documents is one all-or-nothing transaction here (no
        // savepoint a document, see `TransactionUnits`); what statement
        // journals SQLite still keeps (a statement of many rows) stay in
        // memory instead of going to a temporary file past 64 KiB.
        try db.execute("PRAGMA temp_store = MEMORY")
        if tuning.checkpointEachCityYear { try db.execute("PRAGMA wal_autocheckpoint = 0") }
        let db = db
        return {
            try? db.execute("PRAGMA temp_store = DEFAULT")
            try? db.execute("PRAGMA cache_size = \(cacheBefore)")
            try? db.execute("PRAGMA wal_autocheckpoint = \(checkpointBefore)")
            // What is still in the WAL goes to the database file now, not at some later command's commit.
            try? db.execute("PRAGMA wal_checkpoint(PASSIVE)")
        }
    }

    /// The checkpoint at the end of a city's year (`checkpointEachCityYear`).
    func checkpointCityYear() throws {
        guard !db.isPostgreSQL, tuning.checkpointEachCityYear else { return }
        try db.execute("PRAGMA wal_checkpoint(PASSIVE)")
    }
}
