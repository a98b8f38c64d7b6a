import Foundation
import ScortaHarness
import Testing
@testable import ScortaKit

@Suite struct RegisterTests {
    @Test(arguments: Engine.tested) func stockRegisterRunsFromOpeningToClosingBalance(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let register = try StockRegister(db: scenario.db, location: "MAG-A", from: CivilDate(parsing: "2026-03-01"), to: CivilDate(parsing: "2026-03-31"))
        let rows = try register.source(.italian).listing().rows.filter { $0[0] == .string("IG-SAP") }
        // 50 received in January; one went out on 02-28, so 49 open March. Out: H1 03-01, anonymous 03-10,
        // H2 03-20; the reversal of H2's on 03-21 brings one back. April's is after the period.
        #expect(rows.first?[4] == .string("giacenza iniziale"))
        #expect(rows.first?[8] == .int(49))
        #expect(rows.map { $0[8] } == [.int(49), .int(48), .int(47), .int(46), .int(47), .int(47)])
        #expect(rows[4][4] == .string("storno di CON-2026-00010"))
        #expect(rows[4][6] == .int(1))
        #expect(rows.last?[4] == .string("giacenza finale"))
        // The distribution rows name the channel and the household code, never a name.
        #expect(rows[1][5] == .string("UMN · " + HouseholdCode.display(scenario.h1)))
        #expect(rows[2][5] == .string("UMN · anonimo"))
    }

    @Test(arguments: Engine.tested) func stockRegisterClosingEqualsTheBalanceToday(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let register = try StockRegister(db: scenario.db, location: "MAG-A", from: CivilDate(parsing: "2026-01-01"), to: CivilDate(parsing: "2026-12-31"))
        let closings = try register.source(.english).listing().rows.filter { $0[4] == .string("closing balance") }
        #expect(!closings.isEmpty)
        for row in closings {
            guard case .string(let sku) = row[0] else { continue }
            #expect(row[8] == .int(try scenario.base.onHand("MAG-A", sku)), "closing balance of \(sku)")
        }
    }

    @Test(arguments: Engine.tested) func distributionRegisterListsEveryLineWithValue(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let rows = try DistributionRegister(db: scenario.db, filter: scenario.march).source(.italian).listing().rows
        // 03-01, 03-05 (2 lines), 03-10, 03-12, 03-15 (2 lines), 03-20 (reversed), 03-25, 03-31, then the total.
        #expect(rows.count == 11)
        let reversed = try #require(rows.first { $0[9] != .null })
        #expect(reversed[1] == .string("2026-03-20"))
        #expect(rows.contains { $0[4] == .string("anonimo") })
        #expect(rows.contains { $0[5] == .string("KIT-LET") && $0[8] == .int(5200) })
        #expect(rows.contains { $0[5] == .string("KIT-LET") && $0[8] == .int(3300) })
        // The total leaves the reversed one out and equals the indicator report's value.
        let indicator = try scenario.report("esf-2021").all
        #expect(rows.last?[8] == .int(indicator.goodsCents + indicator.foodCents))
    }

    @Test(arguments: Engine.tested) func receiptHasTheHouseholdCodeOnly(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let number = try #require(try scenario.db.scalarText("SELECT number FROM document WHERE type = 'distribution' AND date = '2026-03-05'"))
        let receipt = try DistributionReceipt(db: scenario.db, number: number, language: .italian)
        #expect(receipt.household == HouseholdCode.display(scenario.h4))
        #expect(receipt.totalCents == 5235)
        let reversed = try DistributionReceipt(db: scenario.db, number: "CON-2026-00010", language: .english)
        #expect(reversed.household == HouseholdCode.display(scenario.h2))
        #expect(reversed.reversedBy == "STO-2026-00001")
        #expect(throws: ScortaError.invalid("RIC-2026-00001 is a receipt, not a distribution: receipts are for distributions only")) {
            try DistributionReceipt(db: scenario.db, number: "RIC-2026-00001", language: .italian)
        }
    }

    @Test(arguments: Engine.tested) func csvItalianUsesSemicolonsAndDecimalCommas(engine: Engine) throws {
        let scenario = try ReportScenario(engine)
        let document = try DistributionRegister(db: scenario.db, filter: scenario.march).document(language: .italian, organisation: try Organisation.load(scenario.db))
        let (out, text) = TextOutput.collecting()
        try document.writeCSV(to: out, italian: true)
        let csv = text()
        #expect(csv.hasPrefix("\u{FEFF}NUMERO;DATA;CANALE;SEDE;NUCLEO;SKU;ARTICOLO;QTÀ;VALORE €;STORNATA DA\r\n"))
        #expect(csv.contains(";KIT-LET;Kit effetti letterecci;1;52,00;\r\n"))
    }
}
