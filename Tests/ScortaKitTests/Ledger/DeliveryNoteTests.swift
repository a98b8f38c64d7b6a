import ScortaHarness
import Testing

@testable import ScortaKit

/// Issue 12, reproduction 3: a supplier's delivery note is received once.
@Suite struct DeliveryNoteTests {
    @Test(arguments: Engine.tested) func theSameNoteFromTheSameSupplierIsRefusedNamingTheFirstReceipt(engine: Engine)
        throws
    {
        let t = try TestDatabase(engine)
        let lines = [LineSpec(sku: "AL-PAS", quantity: 5)]
        let first = try t.ledger.receive(
            at: "MAG-A", from: "Banco Alimentare", lines: lines, context: TestDatabase.on("2026-11-02", ref: "DDT-1187")
        )
        #expect(
            throws: ScortaError.refused(
                "delivery note DDT-1187 from Banco Alimentare was already received as \(first.number) on 2026-11-02; "
                    + "give --duplicate-ref if this is another delivery under the same note")
        ) {
            try t.ledger.receive(
                at: "MAG-B", from: "Banco Alimentare", lines: lines,
                context: TestDatabase.on("2026-11-03", ref: "DDT-1187"))
        }
        #expect(try t.onHand("MAG-A", "AL-PAS") + t.onHand("MAG-B", "AL-PAS") == 5)
        // Another supplier's note with the same number is another note.
        try t.ledger.receive(
            at: "MAG-A", from: "Caritas", lines: lines, context: TestDatabase.on("2026-11-03", ref: "DDT-1187"))
        // Said on purpose, it is received.
        try t.ledger.receive(
            at: "MAG-A", from: "Banco Alimentare", lines: lines,
            context: TestDatabase.on("2026-11-03", ref: "DDT-1187"),
            duplicateReference: true)
        #expect(try t.onHand("MAG-A", "AL-PAS") == 15)
    }

    @Test(arguments: Engine.tested) func noSupplierIsAGroupOfItsOwnAndAReversalFreesTheNote(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let lines = [LineSpec(sku: "AL-PAS", quantity: 5)]
        let first = try t.ledger.receive(
            at: "MAG-A", from: nil, lines: lines, context: TestDatabase.on("2026-11-02", ref: "B-7"))
        #expect(
            throws: ScortaError.refused(
                "delivery note B-7 with no supplier was already received as \(first.number) on 2026-11-02; "
                    + "give --duplicate-ref if this is another delivery under the same note")
        ) {
            try t.ledger.receive(
                at: "MAG-A", from: nil, lines: lines, context: TestDatabase.on("2026-11-02", ref: "B-7"))
        }
        try t.ledger.receive(
            at: "MAG-A", from: "Banco", lines: lines, context: TestDatabase.on("2026-11-02", ref: "B-7"))
        try t.ledger.reverse(number: first.number, reason: "typed twice", context: TestDatabase.on("2026-11-03"))
        try t.ledger.receive(at: "MAG-A", from: nil, lines: lines, context: TestDatabase.on("2026-11-03", ref: "B-7"))
        #expect(try t.ledger.check().isEmpty)
    }
}
