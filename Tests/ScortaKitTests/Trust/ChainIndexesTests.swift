import ScortaHarness
import Testing

@testable import ScortaKit

/// Schema step 0017: the chain's indexes cover only the side looked up through them.
@Suite struct ChainIndexesTests {
    /// A ledger from before the step: its chain as 0008 made it.
    static func undoStep(_ db: Database) throws {
        if db.isPostgreSQL {
            try db.execute(
                """
                DROP INDEX chain_document;
                DROP INDEX chain_subject;
                ALTER TABLE chain ADD CONSTRAINT chain_document_id_key UNIQUE (document_id);
                CREATE INDEX chain_subject ON chain(kind, subject, seq);
                """)
        } else {
            try db.execute(
                """
                CREATE TABLE chain_before (
                    seq INTEGER PRIMARY KEY, document_id INTEGER UNIQUE, kind TEXT NOT NULL, subject TEXT NOT NULL,
                    form INTEGER NOT NULL, digest TEXT, hash TEXT NOT NULL
                );
                INSERT INTO chain_before SELECT seq, document_id, kind, subject, form, digest, hash FROM chain;
                DROP TABLE chain;
                ALTER TABLE chain_before RENAME TO chain;
                CREATE INDEX chain_subject ON chain(kind, subject, seq);
                """)
        }
        try db.execute("DELETE FROM schema_migration WHERE identifier = '0017-chain-partial-indexes'")
    }

    static func indexDefinitions(_ db: Database) throws -> [String] {
        db.isPostgreSQL
            ? try db.query(
                "SELECT indexdef FROM pg_indexes WHERE tablename = 'chain' AND schemaname = current_schema() ORDER BY indexname"
            ) { $0.text(0) }
            : try db.query("SELECT coalesce(sql, name) FROM sqlite_master WHERE tbl_name = 'chain' ORDER BY name") {
                $0.text(0)
            }
    }

    /// The step keeps every entry, its order, the head and what verify says;
    /// a document still has at most one entry.
    @Test(arguments: Engine.tested) func aLedgerFromBeforeKeepsItsChainAndHead(engine: Engine) throws {
        let (t, household) = try SealScenario.build(engine)
        let db = t.db
        func entries() throws -> [String] {
            try db.query("SELECT seq, document_id, kind, subject, form, digest, hash FROM chain ORDER BY seq") { row in
                "\(row.int64(0))|\(row.optionalInt(1).map(String.init) ?? "-")|\(row.text(2))|\(row.text(3))|"
                    + "\(row.int(4))|\(row.optionalText(5) ?? "-")|\(row.text(6))"
            }
        }
        let before = try entries()
        let anchor = try HashChain.anchor(db)
        try Self.undoStep(db)
        #expect(try HashChain.anchor(db) == anchor)
        try db.migrate()
        #expect(try entries() == before)
        #expect(try HashChain.anchor(db) == anchor)
        #expect(anchor.documents > 0 && anchor.records > 0)
        #expect(try HashChain.verify(db).intact)
        let definitions = try Self.indexDefinitions(db).joined(separator: "\n")
        #expect(definitions.contains("chain_document"), "\(definitions)")
        #expect(
            definitions.contains("WHERE (document_id IS NOT NULL)")
                || definitions.contains("WHERE document_id IS NOT NULL"))
        #expect(
            definitions.contains("WHERE (document_id IS NULL)") || definitions.contains("WHERE document_id IS NULL"))
        #expect(!definitions.contains("chain_document_id_key") && !definitions.contains("autoindex"))

        // Still one entry a document; records (NULL there) are as many as sealed.
        let document = try #require(try db.scalar("SELECT max(document_id) FROM chain"))
        let error = #expect(throws: DatabaseError.self) {
            try db.run(
                "INSERT INTO chain(document_id, kind, subject, form, hash) VALUES (?, 'document', 'X', 2, 'x')",
                [document])
        }
        #expect(error?.resultCode == .constraintUnique)
        // Posting goes on from the migrated ledger and verifies.
        _ = try t.checkout(household, "AL-PAS:1", on: "2026-01-20")
        #expect(try HashChain.verify(db).intact)
    }

    /// Every record look-up says it reads records, so SQLite takes the
    /// partial index (without it, the plan would scan the chain).
    @Test func recordLookupsUseThePartialIndex() throws {
        let t = try TestDatabase()
        let plan = try t.db.query(
            """
            EXPLAIN QUERY PLAN
            SELECT digest FROM chain WHERE kind = ? AND subject = ? AND document_id IS NULL ORDER BY seq DESC LIMIT 1
            """, ["member", "1"]
        ) { $0.text(3) }
        #expect(plan == ["SEARCH chain USING INDEX chain_subject (kind=? AND subject=?)"], "\(plan)")
        let byDocument = try t.db.query("EXPLAIN QUERY PLAN SELECT seq, subject FROM chain WHERE document_id = ?", [1])
        {
            $0.text(3)
        }
        #expect(byDocument == ["SEARCH chain USING INDEX chain_document (document_id=?)"], "\(byDocument)")
    }
}
