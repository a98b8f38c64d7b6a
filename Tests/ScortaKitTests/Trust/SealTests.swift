import ScortaHarness
import Testing

@testable import ScortaKit

/// Issue 12, reproduction 5 ("the seal is narrower than the README says")
/// and the tamper matrix: direct SQL edits of every sealed table — a changed
/// value, a deleted row, an inserted row — and of every document dependent
/// are each caught by `verify` or `check`, with the message naming the
/// document or record.
@Suite struct SealTests {
    @Test(arguments: Engine.tested) func theScenarioIsIntactAndTouchesEverySealedTable(engine: Engine) throws {
        let (t, _) = try SealScenario.build(engine)
        #expect(try SealScenario.findings(t.db) == [])
        for table in SealedTable.all {
            let rows =
                try t.db.makeStatement(
                    "SELECT count(*) FROM \(table.name)" + (table.filter.map { " WHERE \($0)" } ?? "")
                ).scalar() ?? 0
            #expect(rows > 0, "no \(table.name) row in the scenario")
        }
        for dependent in SealedTable.dependents {
            #expect(
                try t.db.makeStatement("SELECT count(*) FROM \(dependent.table) WHERE \(dependent.condition)").scalar()
                    ?? 0 > 0, "no \(dependent.table) row")
        }
        let verification = try HashChain.verify(t.db)
        #expect(verification.documents == (try t.db.scalar("SELECT count(*) FROM document")).map(Int.init))
        #expect(verification.records > 50)
        #expect(verification.head == (try HashChain.head(t.db)))
    }

    /// `verify` reads a batch of documents a table at a time: every kind of
    /// document and dependent row hashes to what sealing it alone gives, and
    /// a batch boundary anywhere (a batch of one, of three) changes nothing.
    @Test(arguments: Engine.tested) func aBatchOfDocumentsHashesAsEachDocumentAlone(engine: Engine) throws {
        let (t, _) = try SealScenario.build(engine)
        let db = t.db
        let last = try db.scalar("SELECT max(seq) FROM chain") ?? 0
        let contents = try HashChain.contents(after: 0, through: last, in: db)
        let documents = try db.query("SELECT id, type FROM document ORDER BY id") { ($0.int64(0), $0.text(1)) }
        #expect(Set(documents.map(\.1)).isSuperset(of: ["receipt", "assembly", "distribution", "count"]))
        for (id, _) in documents {
            let alone = try HashChain.hash(documentID: id, previous: "previous", in: db)
            #expect(alone != nil)
            #expect(contents.hash(id, previous: "previous") == alone, "document \(id)")
        }
        #expect(contents.hash(-1, previous: "previous") == nil)
        let whole = try HashChain.verify(db)
        #expect(whole.intact)
        for size in [1, 3] { #expect(try HashChain.verify(db, batch: size) == whole) }
    }

    /// Recipients are hashed in the order written, which PostgreSQL's
    /// physical order is not: a row rewritten with the same values moves
    /// (as after a page's room is reused, or VACUUM FULL), and `verify` had
    /// named a document nobody changed. Moving every recipient one place on
    /// is still caught: their order is sealed.
    @Test(arguments: Engine.tested) func aRecipientMovedUnchangedStaysIntactAndReorderedIsCaught(engine: Engine)
        throws
    {
        let (t, _) = try SealScenario.build(engine)
        let db = t.db
        let family = try t.household("born=1980,sex=f", "born=2015,sex=m", on: "2026-01-20")
        _ = try t.checkout(family, "AL-PAS:1", on: "2026-01-20")
        let document = try #require(
            try db.scalar(
                """
                SELECT document_id FROM distribution_recipient GROUP BY document_id
                HAVING count(DISTINCT age_band || sex) > 1 ORDER BY document_id LIMIT 1
                """))
        let order = db.dialect.insertionOrder
        try db.execute(
            """
            UPDATE distribution_recipient SET sex = sex WHERE document_id = \(document) AND \(order) = (
                SELECT min(r.\(order)) FROM distribution_recipient r WHERE r.document_id = \(document))
            """)
        #expect(try HashChain.verify(db).intact)
        #expect(try SealScenario.findings(db) == [])
        let number = try #require(
            try db.makeStatement("SELECT number FROM document WHERE id = ?").scalarText([document]))
        let places = try db.query(
            "SELECT ordinal FROM distribution_recipient WHERE document_id = ? ORDER BY ordinal", [document]
        ) { $0.int64(0) }
        #expect(places == Array(0..<Int64(places.count)))
        try db.execute(
            """
            UPDATE distribution_recipient SET ordinal = (ordinal + 1) % \(places.count) WHERE document_id = \(document)
            """)
        #expect(try SealScenario.findings(db).contains { $0.contains(number) })
    }

    /// A ledger written before the recipients and overrides had their places
    /// gets them numbered in the order written, and keeps its head.
    @Test(arguments: Engine.tested) func aLedgerFromBeforeTheOrdinalsIsNumberedInTheOrderWritten(engine: Engine)
        throws
    {
        let (t, _) = try SealScenario.build(engine)
        let db = t.db
        let head = try HashChain.head(db)
        func places() throws -> [String] {
            try db.query("SELECT document_id, ordinal FROM distribution_recipient ORDER BY document_id, ordinal") {
                "\($0.int64(0)):\($0.int64(1))"
            }
        }
        let before = try places()
        try db.execute(
            """
            ALTER TABLE distribution_recipient DROP COLUMN ordinal;
            ALTER TABLE market_override DROP COLUMN ordinal;
            DELETE FROM schema_migration WHERE identifier = '0015-dependent-ordinal';
            """)
        try db.migrate()
        #expect(try places() == before)
        #expect(try db.scalar("SELECT count(*) FROM market_override WHERE ordinal IS NULL") == 0)
        #expect(try HashChain.verify(db).intact)
        #expect(try HashChain.head(db) == head)
    }

    /// Reproduction 5: deleting the last document and fixing the balances and
    /// the numbering by hand passed `verify` and `check`.
    @Test(arguments: Engine.tested) func aDeletedLastDocumentIsCaughtEvenWithBalancesAndSequenceFixed(engine: Engine)
        throws
    {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: "Banco", lines: [LineSpec(sku: "IG-SAP", quantity: 10)],
            context: TestDatabase.on("2026-03-01"))
        try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "IG-SAP", quantity: 3)],
            context: TestDatabase.on("2026-03-02"))
        let findings = try SealScenario.findings(
            after: { db in
                try db.execute(
                    """
                    DELETE FROM document_line WHERE document_id = (SELECT id FROM document WHERE number = 'TRA-2026-00001');
                    DELETE FROM document WHERE number = 'TRA-2026-00001';
                    UPDATE balance SET quantity = 10 WHERE location_id = (SELECT id FROM location WHERE code = 'MAG-A');
                    DELETE FROM balance WHERE location_id = (SELECT id FROM location WHERE code = 'EMP');
                    UPDATE document_sequence SET last = last - 1 WHERE prefix = 'TRA';
                    DELETE FROM document_sequence WHERE last = 0;
                    """)
            }, in: t.db)
        #expect(try Consistency.problems(in: t.db) == [])
        #expect(findings.contains { $0.contains("TRA-2026-00001") }, "\(findings)")

        // Without the chain entry too, the numbering still names it…
        let numbering = try SealScenario.findings(
            after: { db in
                try db.execute(
                    """
                    DELETE FROM chain WHERE document_id = (SELECT id FROM document WHERE number = 'TRA-2026-00001');
                    DELETE FROM document_line WHERE document_id = (SELECT id FROM document WHERE number = 'TRA-2026-00001');
                    DELETE FROM document WHERE number = 'TRA-2026-00001';
                    UPDATE balance SET quantity = 10 WHERE location_id = (SELECT id FROM location WHERE code = 'MAG-A');
                    DELETE FROM balance WHERE location_id = (SELECT id FROM location WHERE code = 'EMP');
                    """)
            }, in: t.db)
        #expect(numbering.contains { $0.contains("TRA-2026-00001") && $0.contains("numbering") }, "\(numbering)")

        // …and with the sequence wound back as well only an anchor kept outside the database catches it.
        let anchor = try HashChain.head(t.db)
        try t.db.enforceForeignKeys(false)
        try t.db.execute(
            """
            DELETE FROM chain WHERE document_id = (SELECT id FROM document WHERE number = 'TRA-2026-00001');
            DELETE FROM document_line WHERE document_id = (SELECT id FROM document WHERE number = 'TRA-2026-00001');
            DELETE FROM document WHERE number = 'TRA-2026-00001';
            UPDATE balance SET quantity = 10 WHERE location_id = (SELECT id FROM location WHERE code = 'MAG-A');
            DELETE FROM balance WHERE location_id = (SELECT id FROM location WHERE code = 'EMP');
            DELETE FROM document_sequence WHERE prefix = 'TRA';
            DELETE FROM stock_day;
            INSERT INTO stock_day(location_id, item_id, lot_id, date, net, low)
            SELECT l.to_location_id, l.item_id, l.lot_id, d.date, l.quantity, l.quantity FROM document_line l JOIN document d ON d.id = l.document_id;
            """)
        let forged = try SealScenario.findings(t.db)
        #expect(forged == [], "\(forged)")
        #expect(try !HashChain.verify(t.db, expect: anchor).expectedFound)
        #expect(try !HashChain.verify(t.db, expect: String(anchor.prefix(12))).expectedFound)
    }

    /// Reproduction 5: editing a recipient snapshot and rebuilding the report
    /// facts changed the FEAD homeless count and nothing noticed.
    @Test(arguments: Engine.tested) func anEditedSnapshotWithRebuiltReportFactsIsCaught(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 5)],
            context: TestDatabase.on("2026-03-01"))
        let household = try t.household("born=1980,sex=m,homeless=yes", on: "2026-03-01", months: 0)
        let posted = try Distributions(t.db).distribute(
            from: "MAG-A", to: .household(household), channel: "UMN",
            lines: [LineSpec(sku: "IG-SAP", quantity: 1)], context: TestDatabase.on("2026-03-02"))
        let findings = try SealScenario.findings(
            after: { db in
                try db.run("UPDATE distribution_recipient SET homeless = 0 WHERE document_id = ?", [posted.id])
                try DistributionFacts(db).record(documentID: posted.id)
                #expect(try DistributionFacts(db).check() == [], "the rebuilt facts agree with the edited snapshot")
            }, in: t.db)
        #expect(findings == ["\(posted.number) no longer matches its recorded hash"])
    }

    // MARK: - The tamper matrix

    /// The first sealed row of `table` as a key condition with its arguments.
    func firstRow(_ table: SealedTable, _ db: Database) throws -> (
        condition: String, arguments: [SQLValue], subject: String
    ) {
        let key = try #require(
            try db.makeStatement(
                "SELECT \(table.key.joined(separator: ", ")) FROM \(table.name)"
                    + (table.filter.map { " WHERE \($0)" } ?? "")
                    + " ORDER BY \(table.key.joined(separator: ", ")) LIMIT 1"
            ).first { row in
                (0..<table.key.count).map { row.value($0) }
            })
        return (table.keyCondition, key, SealedTable.subject(key))
    }

    /// Tries each statement until one is accepted by the engine's constraints
    /// (a forger picks values that fit); the test fails if none is. Each try
    /// is a savepoint: on PostgreSQL a refused statement would otherwise end
    /// the whole transaction the edit is made in.
    func firstAccepted(_ statements: [String], _ arguments: [SQLValue], _ db: Database) -> Bool {
        for sql in statements {
            let accepted = try? db.inSavepoint {
                try db.makeStatement(sql).run(arguments)
                return db.changes > 0
            }
            if accepted == true { return true }
        }
        return false
    }

    /// What `column` of the row holds ("integer", "text", …): its value's
    /// type on SQLite, its declared type on PostgreSQL (where a column's
    /// values all have one).
    func kind(of column: String, in name: String, _ condition: String, _ arguments: [SQLValue], _ db: Database) throws
        -> String
    {
        guard db.isPostgreSQL else {
            return try db.makeStatement("SELECT typeof(\(column)) FROM \(name) WHERE \(condition)")
                .scalarText(arguments) ?? "null"
        }
        let declared = try db.scalarText(
            "SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = ? AND column_name = ?",
            [name, column])
        return declared == "bigint" ? "integer" : declared ?? "null"
    }

    /// On PostgreSQL the edits are made as the schema's owner with its own
    /// connection, as someone with psql would (the superuser `tester`).
    @Test(arguments: Engine.tested, SealedTable.all.map(\.name))
    func aChangedDeletedOrInsertedRowOfASealedTableIsNamed(engine: Engine, _ name: String) throws {
        let table = try #require(SealedTable.all.first { $0.name == name })
        let (t, _) = try SealScenario.build(engine)
        let row = try firstRow(table, t.db)
        let content = table.columns.filter { !table.key.contains($0) }

        let changed = try SealScenario.findings(
            after: { db in
                let statements = content.flatMap { column in
                    [
                        "CASE WHEN \(column) IS NULL THEN 1 ELSE 1 - \(column) END", "\(column) + 1",
                        "\(column) || 'x'", "NULL"
                    ].map {
                        "UPDATE \(name) SET \(column) = \($0) WHERE \(row.condition)"
                    }
                }
                #expect(firstAccepted(statements, row.arguments, db), "no change of \(name) was accepted")
            }, in: t.db)
        #expect(changed.contains { $0.contains("\(name) \(row.subject)") }, "\(name) changed: \(changed)")

        let deleted = try SealScenario.findings(
            after: { db in
                try db.makeStatement("DELETE FROM \(name) WHERE \(row.condition)").run(row.arguments)
            }, in: t.db)
        #expect(
            deleted.contains { $0.contains("\(name) \(row.subject)") && $0.contains("deleted") },
            "\(name) deleted: \(deleted)")

        let inserted = try SealScenario.findings(
            after: { db in
                // A copy of the first row under a new key (and, where a unique column or a check stands in the way, other values).
                let kinds = try Dictionary(
                    uniqueKeysWithValues: table.columns.map {
                        ($0, try kind(of: $0, in: name, row.condition, row.arguments, db))
                    })
                let newKey = table.key.map { column in
                    kinds[column] == "integer"
                        ? "(SELECT max(\(column)) + 1000 FROM \(name))" : "\(column) || '-forged'"
                }
                func copy(_ value: (String) -> String) -> String {
                    "INSERT INTO \(name)(\(table.columns.joined(separator: ", "))) SELECT \((newKey + content.map(value)).joined(separator: ", ")) FROM \(name) WHERE \(row.condition)"
                }
                #expect(
                    firstAccepted(
                        [
                            copy { $0 }, copy { ["code", "sku"].contains($0) ? "\($0) || '-f'" : $0 },
                            copy { kinds[$0] == "text" ? "\($0) || '-f'" : $0 },
                            copy { kinds[$0] == "integer" ? "\($0) + 1000" : $0 }
                        ], row.arguments, db),
                    "no insert into \(name) was accepted")
            }, in: t.db)
        #expect(
            inserted.contains { $0.contains("\(name) ") && $0.contains("added outside Scorta") },
            "\(name) inserted: \(inserted)")
    }

    /// Rows that belong to a document: each edit names the document.
    @Test(arguments: Engine.tested) func aChangedDeletedOrInsertedDependentRowNamesItsDocument(engine: Engine) throws {
        let (t, _) = try SealScenario.build(engine)
        func number(_ sql: String) throws -> String { try #require(try t.db.makeStatement(sql).scalarText()) }
        let checkout = try number("SELECT number FROM document WHERE id = (SELECT min(document_id) FROM market_sale)")
        let count = try number("SELECT number FROM document WHERE type = 'count'")
        let receipt = try number("SELECT number FROM document WHERE type = 'receipt' ORDER BY id DESC LIMIT 1")
        let cases: [(String, String)] = [
            (
                "UPDATE distribution_recipient SET sex = 'female' WHERE document_id = (SELECT min(document_id) FROM market_sale)",
                checkout
            ),
            (
                "DELETE FROM distribution_recipient WHERE document_id = (SELECT min(document_id) FROM market_sale)",
                checkout
            ),
            (
                "INSERT INTO distribution_recipient SELECT * FROM distribution_recipient WHERE document_id = (SELECT min(document_id) FROM market_sale)",
                checkout
            ),
            (
                "UPDATE market_sale SET unit_points = unit_points + 1 WHERE item_id = (SELECT min(item_id) FROM market_sale)",
                checkout
            ),
            ("DELETE FROM market_sale WHERE item_id = (SELECT min(item_id) FROM market_sale)", checkout),
            (
                "INSERT INTO market_sale SELECT document_id, item_id + 1000, quantity, unit_points FROM market_sale LIMIT 1",
                checkout
            ),
            ("UPDATE market_override SET reason = 'other'", checkout),
            ("DELETE FROM market_override", checkout),
            ("INSERT INTO market_override SELECT * FROM market_override", checkout),
            ("UPDATE points_entry SET points = points - 1 WHERE kind = 'spend'", checkout),
            ("DELETE FROM points_entry WHERE kind = 'spend'", checkout),
            (
                "INSERT INTO points_entry(household_id, date, kind, points, cycle_start, document_id, recorded_at, operator) SELECT household_id, date, kind, -1, cycle_start, document_id, recorded_at, operator FROM points_entry WHERE kind = 'spend'",
                checkout
            ),
            ("UPDATE count_line SET counted = counted + 1", count),
            ("DELETE FROM count_line", count),
            (
                "INSERT INTO count_line SELECT document_id, item_id + 1000, lot_id, expected, counted FROM count_line",
                count
            ),
            (
                "UPDATE document_line SET quantity = quantity + 1 WHERE id = (SELECT max(id) FROM document_line WHERE document_id = (SELECT id FROM document WHERE number = '\(receipt)'))",
                receipt
            ),
            (
                "DELETE FROM document_line WHERE id = (SELECT max(id) FROM document_line WHERE document_id = (SELECT id FROM document WHERE number = '\(receipt)'))",
                receipt
            ),
            (
                "INSERT INTO document_line(document_id, item_id, lot_id, quantity, to_location_id) SELECT id, 1, 0, 1, location_id FROM document WHERE number = '\(receipt)'",
                receipt
            ),
            ("UPDATE document SET date = '2026-01-02' WHERE number = '\(receipt)'", receipt),
            ("DELETE FROM document WHERE number = '\(receipt)'", receipt)
        ]
        for (sql, document) in cases {
            let findings = try SealScenario.findings(after: { try $0.execute(sql) }, in: t.db)
            #expect(findings.contains { $0.contains(document) }, "\(sql): \(findings)")
        }
        let forged = try SealScenario.findings(
            after: { db in
                try db.execute(
                    """
                    INSERT INTO document(type, number, date, recorded_at, operator, location_id)
                    SELECT type, 'RIC-2026-00099', date, recorded_at, operator, location_id FROM document WHERE number = '\(receipt)'
                    """)
            }, in: t.db)
        #expect(forged.contains { $0.contains("RIC-2026-00099") && $0.contains("not in the hash chain") }, "\(forged)")
        #expect(forged.contains { $0.contains("numbering") }, "\(forged)")
    }

    /// Issue 13: a receipt's new lots are sealed inside the receipt
    /// (canonical form 3), not as one chain record each. A lot the receipt
    /// created that is changed, deleted, unlinked from it, moved to another
    /// document, or added under its name is still caught.
    @Test(arguments: Engine.tested) func aLotSealedInsideItsReceiptIsCaughtWhenTamperedWith(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let records = try t.db.scalar("SELECT count(*) FROM chain WHERE kind = 'lot'")
        let expiry = CivilDate(year: 2027, month: 6, day: 30)
        let receipt = try t.ledger.receive(
            at: "MAG-A", from: "FEAD",
            lines: [
                LineSpec(sku: "IG-SAP", quantity: 5, lot: "N1", expiry: expiry),
                LineSpec(sku: "IG-DEN", quantity: 2, lot: "N2"), LineSpec(sku: "IG-DEN", quantity: 4),
                LineSpec(sku: "IG-SAP", quantity: 3, lot: "N1")
            ], context: TestDatabase.on("2026-03-01"))
        let other = try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 1, lot: "N1")],
            context: TestDatabase.on("2026-03-02"))
        #expect(try t.db.scalar("SELECT form FROM chain WHERE document_id = ?", [receipt.id]) == 3)
        #expect(try t.db.scalar("SELECT form FROM chain WHERE document_id = ?", [other.id]) == 2, "no new lot")
        #expect(try t.db.scalar("SELECT count(*) FROM chain WHERE kind = 'lot'") == records, "no record a lot")
        #expect(try t.db.scalar("SELECT count(*) FROM lot WHERE document_id = ?", [receipt.id]) == 2)
        #expect(receipt.lines.map(\.lotID).allSatisfy { $0 != nil })
        #expect(receipt.lines[0].lotID == receipt.lines[3].lotID)
        #expect(try SealScenario.findings(t.db) == [])
        // Form 3 is not form 2: the lots are in the hash.
        let head = try #require(try t.db.scalarText("SELECT hash FROM document WHERE id = ?", [receipt.id]))
        let previous = try #require(
            try t.db.scalarText(
                "SELECT hash FROM chain WHERE seq < (SELECT seq FROM chain WHERE document_id = ?) ORDER BY seq DESC LIMIT 1",
                [receipt.id]))
        #expect(try HashChain.hash(documentID: receipt.id, form: 3, previous: previous, in: t.db) == head)
        #expect(try HashChain.hash(documentID: receipt.id, form: 2, previous: previous, in: t.db) != head)

        let cases = [
            "UPDATE lot SET expiry = '2030-01-01' WHERE code = 'N1'",
            "UPDATE lot SET code = 'N9' WHERE code = 'N1'",
            "DELETE FROM lot WHERE code = 'N2'",
            "UPDATE lot SET document_id = NULL WHERE code = 'N2'",
            "UPDATE lot SET document_id = \(other.id) WHERE code = 'N2'",
            "INSERT INTO lot(item_id, code, expiry, document_id) SELECT item_id, 'N3', expiry, document_id FROM lot WHERE code = 'N1'"
        ]
        for sql in cases {
            let findings = try SealScenario.findings(after: { try $0.execute(sql) }, in: t.db)
            #expect(findings.contains { $0.contains(receipt.number) }, "\(sql): \(findings)")
        }
        // A lot added under the receipt's name is in no hash: the receipt still verifies, the lot is named.
        let added = try SealScenario.findings(
            after: {
                try $0.execute(
                    "INSERT INTO lot(item_id, code, document_id) SELECT item_id, 'N4', document_id FROM lot WHERE code = 'N1'"
                )
            }, in: t.db)
        let named = "names document \(receipt.number) but is not sealed by it: it was changed outside Scorta"
        #expect(added.count == 1 && added[0].hasPrefix("lot ") && added[0].hasSuffix(named), "\(added)")
    }

    // MARK: - Personal data, form 1, and the list of tables

    @Test(arguments: Engine.tested) func erasureRemovesNamesAndDistributionNotesAndTheChainStillVerifies(engine: Engine)
        throws
    {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 5)],
            context: TestDatabase.on("2026-03-01"))
        let household = try t.household("born=1980,sex=m", on: "2026-03-01", months: 0, name: "Mario Rossi")
        var context = TestDatabase.on("2026-03-02")
        context.note = "lives under the bridge"
        let posted = try Distributions(t.db).distribute(
            from: "MAG-A", to: .household(household), channel: "UMN",
            lines: [LineSpec(sku: "IG-SAP", quantity: 1)], context: context)
        let before = try HashChain.verify(t.db)
        #expect(try Households(t.db).erase(code: household, operatorName: "tester") == 0)
        #expect(try t.db.scalarText("SELECT note FROM document WHERE id = ?", [posted.id]) == nil)
        #expect(try t.db.scalarText("SELECT name FROM household") == nil)
        let after = try HashChain.verify(t.db)
        #expect(after.intact)
        #expect(after.records > before.records, "the erasure itself is sealed")
        #expect(try t.db.scalarText("SELECT detail FROM audit WHERE action = 'erase'") == nil)
        // The erasure is a sealed fact: undoing it by hand shows.
        let undone = try SealScenario.findings(
            after: { try $0.execute("UPDATE household SET erased_at = NULL") }, in: t.db)
        #expect(undone.contains { $0.contains("household") && $0.contains("changed outside Scorta") }, "\(undone)")
    }

    /// A database sealed before the "0008-seal" migration: its documents keep
    /// their form-1 hashes (heads written down earlier stay in the chain) and
    /// their recipients are sealed by the migration.
    @Test(arguments: Engine.tested) func formOneDocumentsKeepVerifyingAndTheirDependentsAreSealedByTheMigration(
        engine: Engine
    ) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 5)],
            context: TestDatabase.on("2026-03-01"))
        try Distributions(t.db).distribute(
            from: "MAG-A", to: .anonymous(.from18To29, .female), channel: "UMN",
            lines: [LineSpec(sku: "IG-SAP", quantity: 1)], context: TestDatabase.on("2026-03-02"))
        // Back to the database as the first chain left it: form-1 hashes on the documents, no chain table.
        try t.db.execute(
            "DROP TABLE chain; UPDATE document SET hash = NULL; DELETE FROM schema_migration WHERE identifier = '0008-seal'"
        )
        try HashChain.sealUnsealed(in: t.db)
        let oldHead = try #require(try t.db.scalarText("SELECT hash FROM document ORDER BY id DESC LIMIT 1"))
        try t.db.migrate()
        let verification = try HashChain.verify(t.db, expect: oldHead)
        #expect(verification.intact, "\(verification.problems)")
        #expect(verification.expectedFound)
        #expect(try t.db.scalar("SELECT count(*) FROM chain WHERE kind = 'dependents'") == 1)
        // New documents are form 2, chained after the adopted ones.
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-SAP", quantity: 1)],
            context: TestDatabase.on("2026-03-03"))
        #expect(try t.db.scalar("SELECT form FROM chain WHERE document_id = (SELECT max(id) FROM document)") == 2)
        #expect(try HashChain.verify(t.db).intact)
        let edited = try SealScenario.findings(
            after: { try $0.execute("UPDATE distribution_recipient SET sex = 'male'") }, in: t.db)
        #expect(edited.first == "CON-2026-00001 no longer matches its recorded hash", "\(edited)")
    }

    /// A new table must be sealed, be a document dependent, or say why not.
    @Test(arguments: Engine.tested) func everyTableIsSealedOrSaysWhyNot(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let known = Set(SealedTable.all.map(\.name) + SealedTable.dependents.map(\.table) + SealedTable.unsealed.keys)
        let tables = try t.db.tableNames()
        #expect(tables.filter { !known.contains($0) } == [])
    }

    @Test(arguments: Engine.tested) func aShortHeadIsFoundAndAnAmbiguousOneIsCounted(engine: Engine) throws {
        let (t, _) = try SealScenario.build(engine)
        let head = try HashChain.head(t.db)
        let short = try HashChain.verify(t.db, expect: String(head.prefix(12)))
        #expect(short.expectedMatches == 1)
        let anchor = try HashChain.anchor(t.db)
        #expect(anchor.head == head && anchor.documents == short.documents && anchor.records == short.records)
        #expect(anchor.description.hasPrefix("chain head \(head.prefix(12)): \(short.documents) documents and"))
    }
}
