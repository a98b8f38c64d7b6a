import Foundation
import ScortaHarness
import Testing

/// On a server, writes whose answer nobody reads (a document's lines, a
/// checkout's sales) travel with the next statement that needs one, at the
/// latest with COMMIT (`Statement.write`). When such a write breaks a rule of
/// the database, the command still ends with one line naming what broke and
/// nothing written, on both engines: here a rule added to the schema (as a
/// site's administrator might) that no line or sale may be of seven units.
@Suite struct HeldWriteFailureTests {
    /// Refuses rows of `table` whose quantity is 7: a CHECK constraint on the
    /// server, a trigger in a SQLite file (which cannot add a constraint).
    func refuseSevens(_ s: Sandbox, in table: String) {
        let sql =
            s.engine == .sqlite
            ? "CREATE TRIGGER no_seven_\(table) BEFORE INSERT ON \(table) WHEN NEW.quantity = 7 BEGIN SELECT RAISE(ABORT, 'no_seven_\(table)'); END;"
            : "ALTER TABLE \(table) ADD CONSTRAINT no_seven_\(table) CHECK (quantity <> 7)"
        _ = s.query(sql)
    }

    @Test(arguments: Engine.tested) func aTransferWhoseLineBreaksAConstraintWritesNothing(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(s.run("receive", "--at", "MAG-A", "IG-SAP:20", "--date", "2026-10-01").status == 0)
        refuseSevens(s, in: "document_line")
        let before = s.contents()
        let refused = s.run("transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:7", "--date", "2026-10-02")
        #expect(refused.status != 0)
        #expect(refused.stdout.isEmpty)
        #expect(refused.stderr.hasPrefix("Error: "), "\(refused.stderr)")
        #expect(refused.stderr.contains("no_seven_document_line"), "\(refused.stderr)")
        #expect(refused.stderr.filter { $0 == "\n" }.count == 1, "\(refused.stderr)")
        #expect(s.contents() == before)
        // The same command of another quantity goes through, and the ledger stays whole.
        #expect(s.run("transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:6", "--date", "2026-10-02").status == 0)
        #expect(s.sql("SELECT count(*) FROM document WHERE type = 'transfer'") == "1")
        #expect(s.run("check").status == 0)
        #expect(s.run("verify").status == 0)
    }

    @Test(arguments: Engine.tested) func aCheckoutWhoseSaleBreaksAConstraintWritesNothing(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        try s.stockMarket("AL-PAS:20")
        let card = try s.register("--member", "born=1980,sex=f", "--member", "born=2015,sex=m")
        refuseSevens(s, in: "market_sale")
        let before = s.contents()
        let refused = s.run("market", "checkout", "--card", card, "AL-PAS:7", "--date", "2026-10-05")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("no_seven_market_sale"), "\(refused.stderr)")
        #expect(refused.stderr.filter { $0 == "\n" }.count == 1, "\(refused.stderr)")
        #expect(s.contents() == before)
        #expect(s.run("market", "checkout", "--card", card, "AL-PAS:1", "--date", "2026-10-05").status == 0)
        #expect(s.sql("SELECT count(*) FROM market_sale") == "1")
        #expect(s.run("check").status == 0)
        #expect(s.run("verify").status == 0)
    }
}
