import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct RegisterTests {
    @Test(arguments: Engine.tested) func stockRegisterRunsFromOpeningToClosingBalance(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let register = try StockRegister(
            db: scenario.db, location: "MAG-A", from: CivilDate(parsing: "2026-03-01"),
            to: CivilDate(parsing: "2026-03-31"))
        let rows = try register.rows().array().filter { $0.sku == "IG-SAP" }
        // 50 received in January; one went out on 02-28, so 49 open March. Out: H1 03-01, anonymous 03-10,
        // H2 03-20; the reversal of H2's on 03-21 brings one back. April's is after the period.
        #expect(rows.first?.entry == .opening)
        #expect(rows.first?.movement(.italian) == "giacenza iniziale")
        #expect(rows.map(\.balance) == [49, 48, 47, 46, 47, 47])
        #expect(rows[4].entry == .movement(.reversal, reverses: "CON-2026-00010"))
        #expect(rows[4].movement(.italian) == "storno di CON-2026-00010")
        #expect(rows[4].quantityIn == 1 && rows[4].quantityOut == nil)
        #expect(rows[1].quantityOut == 1 && rows[1].quantityIn == nil)
        #expect(rows.last?.entry == .closing && rows.last?.date == CivilDate(year: 2026, month: 3, day: 31))
        // The distribution rows name the channel and the household code, never a name.
        #expect(rows[1].channel == "UMN" && rows[1].household == HouseholdCode.display(scenario.h1))
        #expect(rows[1].counterpartyText(.italian) == "UMN · " + HouseholdCode.display(scenario.h1))
        #expect(rows[2].household == nil && rows[2].counterpartyText(.italian) == "UMN · anonimo")
        // The table shows them as before: the movement and counterparty cells in the report's language.
        let cells = rows[2].cells(.english)
        #expect(cells[4] == .string("distribution") && cells[5] == .string("UMN · anonymous"))
    }

    @Test(arguments: Engine.tested) func stockRegisterClosingEqualsTheBalanceToday(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let register = try StockRegister(
            db: scenario.db, location: "MAG-A", from: CivilDate(parsing: "2026-01-01"),
            to: CivilDate(parsing: "2026-12-31"))
        let closings = try register.rows().array().filter { $0.entry == .closing }
        #expect(!closings.isEmpty)
        for row in closings {
            #expect(row.balance == (try scenario.base.onHand("MAG-A", row.sku)), "closing balance of \(row.sku)")
        }
    }

    @Test(arguments: Engine.tested) func distributionRegisterListsEveryLineWithValue(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let rows = try DistributionRegister(db: scenario.db, filter: scenario.march).rows().array()
        // 03-01, 03-05 (2 lines), 03-10, 03-12, 03-15 (2 lines), 03-20 (reversed), 03-25, 03-31, then the total.
        #expect(rows.count == 11)
        let reversed = try #require(rows.first { $0.reversedBy != nil })
        #expect(reversed.date == CivilDate(year: 2026, month: 3, day: 20))
        #expect(rows.contains { $0.household == nil && !$0.isTotal })
        #expect(rows.contains { $0.sku == "KIT-LET" && $0.cents == 5200 })
        #expect(rows.contains { $0.sku == "KIT-LET" && $0.cents == 3300 })
        // The total leaves the reversed one out and equals the indicator report's value.
        let indicator = try scenario.report("esf-2021").all
        let total = try #require(rows.last)
        #expect(total.isTotal && total.cents == indicator.goodsCents + indicator.foodCents)
        #expect(total.quantity == rows.dropLast().filter { $0.reversedBy == nil }.reduce(0) { $0 + $1.quantity })
        #expect(total.cells(.italian)[0] == .string("TOTALE"))
    }

    @Test(arguments: Engine.tested) func receiptHasTheHouseholdCodeOnly(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let number = try #require(
            try scenario.db.scalarText(
                "SELECT number FROM document WHERE type = 'distribution' AND date = '2026-03-05'"))
        let receipt = try DistributionReceipt(db: scenario.db, number: number, language: .italian)
        #expect(receipt.household == HouseholdCode.display(scenario.h4))
        #expect(receipt.totalCents == 5235)
        let reversed = try DistributionReceipt(db: scenario.db, number: "CON-2026-00010", language: .english)
        #expect(reversed.household == HouseholdCode.display(scenario.h2))
        #expect(reversed.reversedBy == "STO-2026-00001")
        #expect(
            throws: ScortaError.invalid(
                "RIC-2026-00001 is a receipt, not a distribution: receipts are for distributions only")
        ) {
            try DistributionReceipt(db: scenario.db, number: "RIC-2026-00001", language: .italian)
        }
    }

    @Test(arguments: Engine.tested) func csvItalianUsesSemicolonsAndDecimalCommas(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let document = try DistributionRegister(db: scenario.db, filter: scenario.march).document(
            language: .italian, organisation: try Organisation.load(scenario.db))
        let (out, text) = TextOutput.collecting()
        try document.writeCSV(to: out, italian: true)
        let csv = text()
        #expect(csv.hasPrefix("\u{FEFF}NUMERO;DATA;CANALE;SEDE;NUCLEO;SKU;ARTICOLO;QTÀ;VALORE €;STORNATA DA\r\n"))
        #expect(csv.contains(";KIT-LET;Kit effetti letterecci;1;52,00;\r\n"))
    }
}

/// The register's movements come from one statement for every item, in SKU order: each item
/// still gets its own opening, movements and closing, and an item that moved nothing in the
/// period but held stock gets its opening and closing, in its place among the others.
@Suite struct RegisterItemOrderTests {
    @Test(arguments: Engine.tested) func itemsWithAndWithoutMovementsKeepTheirOrderAndBalances(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try t.ledger.receive(
            at: "MAG-A", from: nil,
            lines: [LineSpec(sku: "AL-PAS", quantity: 5), LineSpec(sku: "IG-SAP", quantity: 3)],
            context: TestDatabase.on("2026-01-10"))
        try t.ledger.receive(
            at: "MAG-A", from: nil, lines: [LineSpec(sku: "IG-DEN", quantity: 2)],
            context: TestDatabase.on("2026-03-04"))
        // After the period: it lowers today's balance, not March's.
        try t.ledger.transfer(
            from: "MAG-A", to: "EMP", lines: [LineSpec(sku: "AL-PAS", quantity: 1)],
            context: TestDatabase.on("2026-04-02"))
        // At another location only: not in MAG-A's register.
        try t.ledger.receive(
            at: "MAG-B", from: nil, lines: [LineSpec(sku: "AL-LAT", quantity: 7)],
            context: TestDatabase.on("2026-03-05"))
        let register = try StockRegister(
            db: t.db, location: "MAG-A", from: CivilDate(parsing: "2026-03-01"),
            to: CivilDate(parsing: "2026-03-31"))
        let rows = try register.rows().array().map { row in
            let entry =
                switch row.entry {
                case .opening: "opening"
                case .closing: "closing"
                case .movement(let type, _): type.rawValue
                }
            return "\(row.sku) \(entry) \(row.balance)"
        }
        #expect(
            rows == [
                "AL-PAS opening 5", "AL-PAS closing 5", "IG-DEN opening 0", "IG-DEN receipt 2", "IG-DEN closing 2",
                "IG-SAP opening 3", "IG-SAP closing 3"
            ])
    }
}
