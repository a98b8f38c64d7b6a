import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct HashChainTests {
    /// Three documents: a receipt, a transfer and an adjustment.
    func ledgerWithThreeDocuments(_ engine: Engine) throws -> TestDatabase {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: "Banco",
            lines: [LineSpec(sku: "IG-SAP", quantity: 10), LineSpec(sku: "IG-DEN", quantity: 4)],
            context: TestDatabase.on("2026-03-01", ref: "DDT-1"))
        try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 3)],
            context: TestDatabase.on("2026-03-02"))
        try t.ledger.adjust(
            at: "MAG-A", reason: .damaged, lines: [LineSpec(sku: "IG-DEN", quantity: -1)],
            context: TestDatabase.on("2026-03-03"))
        return t
    }

    @Test(arguments: Engine.tested) func everyPostedDocumentIsChainedToThePreviousOne(engine: Engine) throws {
        let t = try ledgerWithThreeDocuments(engine)
        let hashes = try t.db.query("SELECT hash FROM document ORDER BY id") { $0.text(0) }
        #expect(hashes.count == 3)
        #expect(Set(hashes).count == 3)
        #expect(hashes.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
        #expect(try HashChain.hash(documentID: 2, previous: hashes[0], in: t.db) == hashes[1])
        #expect(try HashChain.hash(documentID: 2, previous: HashChain.genesis, in: t.db) != hashes[1])
        let result = try HashChain.verify(t.db)
        #expect(result.firstBroken == nil)
        #expect(result.documents == 3)
        #expect(result.verified == result.documents + result.records)
        // The seeds' records come first; the three documents are the last entries.
        #expect(try t.db.query("SELECT hash FROM chain ORDER BY seq DESC LIMIT 3") { $0.text(0) }.reversed() == hashes)
        #expect(result.head == hashes[2])
        #expect(try HashChain.head(t.db) == hashes[2])
    }

    /// verify walks the ledger in batches of ids (bounded memory): the
    /// chain carries across batch edges, and a break is found in any batch.
    @Test(arguments: Engine.tested) func batchesGiveTheSameAnswerAsOneWalk(engine: Engine) throws {
        let t = try ledgerWithThreeDocuments(engine)
        let whole = try HashChain.verify(t.db)
        for batch in [1, 2, 3, 4] {
            #expect(try HashChain.verify(t.db, batch: batch) == whole, "batch \(batch)")
        }
        try t.db.run("UPDATE document SET note = 'edited' WHERE id = 3")
        for batch in [1, 2, 5_000] {
            let broken = try HashChain.verify(t.db, batch: batch)
            #expect(broken.firstBroken == "RET-2026-00001" && broken.documents == 2, "batch \(batch)")
        }
    }

    @Test(arguments: Engine.tested) func aChangedLineNamesItsDocument(engine: Engine) throws {
        let t = try ledgerWithThreeDocuments(engine)
        try t.db.run("UPDATE document_line SET quantity = 4 WHERE document_id = 2")
        let result = try HashChain.verify(t.db)
        #expect(result.firstBroken == "TRA-2026-00001")
        #expect(result.documents == 1)
    }

    @Test(arguments: Engine.tested) func aChangedHeaderADeletedDocumentOrARecomputedHashIsFound(engine: Engine) throws {
        let header = try ledgerWithThreeDocuments(engine)
        try header.db.run("UPDATE document SET operator = 'someone else' WHERE id = 1")
        #expect(try HashChain.verify(header.db).firstBroken == "RIC-2026-00001")

        let deleted = try ledgerWithThreeDocuments(engine)
        try deleted.db.run("DELETE FROM document_line WHERE document_id = 2")
        try deleted.db.run("DELETE FROM document WHERE id = 2")
        // The deleted document's chain entry is still there: it is named itself.
        #expect(try HashChain.verify(deleted.db).firstBroken == "TRA-2026-00001")

        // Rewriting one document and recomputing only its own hash still breaks the next link.
        let resealed = try ledgerWithThreeDocuments(engine)
        try resealed.db.run("UPDATE document_line SET quantity = 2 WHERE document_id = 2")
        let previous = try #require(try resealed.db.scalarText("SELECT hash FROM document WHERE id = 1"))
        let forged = try #require(try HashChain.hash(documentID: 2, previous: previous, in: resealed.db))
        try resealed.db.run("UPDATE chain SET hash = ? WHERE document_id = 2", [forged])
        try resealed.db.run("UPDATE document SET hash = ? WHERE id = 2", [forged])
        #expect(throws: ScortaError.self) { try HashChain.seal(documentID: 2, in: resealed.db) }
        #expect(try HashChain.verify(resealed.db).firstBroken == "RET-2026-00001")
    }

    @Test(arguments: Engine.tested) func anExpectedHeadProvesTheLedgerUpToItUnchanged(engine: Engine) throws {
        let t = try ledgerWithThreeDocuments(engine)
        let written = try HashChain.head(t.db)
        try t.ledger.receive(
            at: "MAG-B", from: nil, lines: [LineSpec(sku: "EM-COP", quantity: 2)],
            context: TestDatabase.on("2026-03-04"))
        #expect(try HashChain.verify(t.db, expect: written).expectedFound)
        #expect(try HashChain.verify(t.db, expect: written.uppercased()).expectedFound)
        #expect(try !HashChain.verify(t.db, expect: String(repeating: "a", count: 64)).expectedFound)
        try t.db.run("UPDATE document SET reference = 'DDT-2' WHERE id = 1")
        #expect(try !HashChain.verify(t.db, expect: written).expectedFound)
    }

    /// "0005-trust" sealed documents of databases older than the chain (form
    /// 1); "0008-seal" then takes them into the one chain with those hashes.
    @Test(arguments: Engine.tested) func theMigrationsSealDocumentsPostedBeforeThem(engine: Engine) throws {
        let t = try ledgerWithThreeDocuments(engine)
        try t.db.run("UPDATE document SET hash = NULL")
        try t.db.run("DELETE FROM schema_migration WHERE identifier = '0008-seal'")
        try t.db.execute("DROP TABLE chain")
        try HashChain.sealUnsealed(in: t.db)
        try t.db.migrate()
        #expect(try t.db.scalar("SELECT count(*) FROM document WHERE hash IS NULL") == 0)
        #expect(try t.db.scalar("SELECT count(*) FROM chain WHERE form = 1") == 3)
        let result = try HashChain.verify(t.db)
        #expect(result.intact && result.documents == 3, "\(result.problems)")
    }
}
