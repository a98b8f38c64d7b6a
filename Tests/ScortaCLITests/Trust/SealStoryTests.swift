import Foundation
import ScortaHarness
import Testing

/// Printed reports, receipts and closes carry the chain head, so the paper
/// is an anchor `verify --expect` checks later (issue 12: truncation is caught).
@Suite struct SealStoryTests {
    /// The 12 hex digits after "catena " / "chain head " in a printed line.
    func shortHead(in text: String, after marker: String) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        let head = String(text[range.upperBound...].prefix(12))
        return head.count == 12 && head.allSatisfy(\.isHexDigit) ? head : nil
    }

    @Test(arguments: Engine.tested) func aPrintedRegisterIsAnAnchorThatVerifyChecksLater(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(s.run("receive", "--at", "MAG-A", "IG-SAP:10", "--date", "2026-10-01").status == 0)
        #expect(s.run("transfer", "--from", "MAG-A", "--to", "EMP", "IG-SAP:4", "--date", "2026-10-02").status == 0)
        let register = s.run("report", "stock-register", "--at", "MAG-A", "--from", "2026-10-01", "--to", "2026-10-31")
        #expect(register.status == 0, "\(register.stderr)")
        let head = try #require(shortHead(in: register.stdout, after: "Sigillo della catena: "), "\(register.stdout)")
        #expect(s.run("verify", "--head").stdout.hasPrefix(head))

        // Later postings keep the anchor in the chain.
        #expect(s.run("receive", "--at", "MAG-B", "EM-COP:2", "--date", "2026-10-03").status == 0)
        let later = s.run("verify", "--expect", head)
        #expect(
            later.status == 0 && later.stdout.hasPrefix("Intact: the ledger up to hash \(head) is unchanged"),
            "\(later.stderr)")
        #expect(s.run("verify", "--expect", String(head.prefix(7))).status == 64)

        let fead = s.run("report", "fead", "--from", "2026-10-01", "--to", "2026-10-31", "--json", "--lang", "en")
        #expect(shortHead(in: fead.stdout, after: "Chain seal: ") != nil, "\(fead.stdout.prefix(600))")
        let distributions = s.run("report", "distribution-register", "--from", "2026-10-01", "--to", "2026-10-31")
        #expect(shortHead(in: distributions.stdout, after: "Sigillo della catena: ") != nil)
        let close = s.run("close", "--until", "2026-10-02")
        #expect(close.status == 0 && shortHead(in: close.stdout, after: "Chain seal: ") != nil, "\(close.stdout)")

        // The database rewritten by hand and every hash recomputed would still be caught by the paper; here a changed
        // transfer is caught both ways.
        _ = s.sql(
            "UPDATE document_line SET quantity = 3 WHERE document_id = (SELECT id FROM document WHERE number = 'TRA-2026-00001')"
        )
        #expect(s.run("verify", "--expect", head).status == 1)
    }

    @Test(arguments: Engine.tested) func theMarketReceiptCarriesTheHead(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        try s.stockMarket("AL-PAS:10")
        let card = try s.register("--member", "born=1980,sex=f")
        let checkout = s.run("market", "checkout", "--card", card, "AL-PAS:2", "--date", "2026-10-05")
        #expect(checkout.status == 0, "\(checkout.stderr)")
        let receipt = s.run("market", "receipt", "CON-2026-00001")
        #expect(receipt.status == 0)
        #expect(receipt.stdout.contains("Sigillo / Seal"), "\(receipt.stdout)")
    }

    /// The demo posts through the ordinary commands and marks its database: all of it sealed.
    @Test(arguments: Engine.tested) func theDemoDatabaseVerifies(engine: Engine) throws {
        let s = try Sandbox(initialised: false, engine: engine)
        let demo = s.path("demo.sqlite")
        #expect(s.run("demo", "--db", demo).status == 0)
        let verify = s.run("verify", "--db", demo)
        #expect(verify.status == 0 && verify.stderr.isEmpty, "\(verify.stderr)")
        #expect(s.run("check", "--db", demo).status == 0)
    }
}
