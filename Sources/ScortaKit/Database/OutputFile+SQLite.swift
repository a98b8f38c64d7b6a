extension OutputFile {
    /// A new SQLite file holding a ledger (a backup, or a copy of a server's
    /// ledger), made under `OutputFile`'s rules: filled by `fill` in a
    /// temporary file beside the target, readable by its owner only, and
    /// renamed into place only when `fill` returns. SQLite's own files beside
    /// the draft go too if anything stops it, and the result is one
    /// self-contained file (no -wal), easy to carry on a USB stick.
    func writeLedgerFile<Result>(_ fill: (Database) throws -> Result) throws -> Result {
        let file = carrying(householdCodes: true)
        let draft = try file.createTemporary()
        try? draft.handle.close()
        let journals = ["-wal", "-shm", "-journal"].map { draft.path + $0 }
        journals.forEach(TemporaryFiles.register)
        defer { journals.forEach(TemporaryFiles.remove) }
        let result: Result
        do {
            let target = try Database(path: draft.path)
            result = try fill(target)
            try target.execute("PRAGMA journal_mode = DELETE")
        } catch {
            file.discard(draft.path)
            throw error
        }
        try file.commit(draft.path)
        return result
    }
}
