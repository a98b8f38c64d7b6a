import Foundation
import ScortaHarness

@testable import ScortaKit

/// A hand-built March 2026 whose indicator figures are worked out by hand in
/// the tests (see `IndicatorReportTests`). Values are the seed values.
///
/// - H1, one homeless man born 1990: IG-SAP on 02-28 and 04-01 (outside),
///   IG-SAP on 03-01, IG-SHA + a KIT-LET of lot B (recipe v2) on 03-15,
///   IG-DEN on 03-31.
/// - H4, four members: woman born 1985-05 (third-country, foreign, homeless
///   unknown), man born 1950 (disability), boy born 2010-03-10 (15 on 03-05,
///   16 on 03-25), girl born 2018 (year only); KIT-LET of lot A (recipe v1) +
///   IG-RAS on 03-05, AL-PAS ×3 on 03-25.
/// - Anonymous: 18-29 woman, IG-SAP on 03-10; 65+ sex unknown, EM-COP on 03-12.
/// - H2, one woman: IG-SAP on 03-20, reversed.
final class ReportScenario: @unchecked Sendable {
    let base: TestDatabase
    var db: Database { base.db }
    var h1 = "", h2 = "", h4 = ""
    let march = try! DistributionFilter(
        from: CivilDate(year: 2026, month: 3, day: 1)!, to: CivilDate(year: 2026, month: 3, day: 31)!)

    init(_ engine: Engine = .sqlite) throws {
        base = try TestDatabase(engine)
        let ledger = base.ledger
        try ledger.receive(
            at: "MAG-A", from: "FEAD",
            lines: ["IG-SAP", "IG-SHA", "IG-DEN", "IG-RAS", "LE-LEN", "LE-FED", "LE-PIU", "LE-ASC", "EM-COP", "AL-PAS"]
                .map { LineSpec(sku: $0, quantity: 50) }, context: TestDatabase.on("2026-01-15"))
        try ledger.assemble(
            kit: "KIT-LET", quantity: 2, at: "MAG-A", lotCode: "LOTA", context: TestDatabase.on("2026-01-20"))
        let catalogue = base.catalogue
        try catalogue.addRecipe(
            kit: try catalogue.item(sku: "KIT-LET"), components: [("LE-LEN", 1), ("EM-COP", 2)], operatorName: "tester")
        try ledger.assemble(
            kit: "KIT-LET", quantity: 2, at: "MAG-A", lotCode: "LOTB", context: TestDatabase.on("2026-01-21"))

        let households = Households(db)
        func register(_ members: [String]) throws -> String {
            try households.register(
                members: try members.map { try MemberSpec(parsing: $0) }, on: try CivilDate(parsing: "2026-01-10"),
                cardMonths: 0, operatorName: "tester")
        }
        h1 = try register(["born=1990,sex=m,homeless=yes,disability=no,third-country=no,foreign=no"])
        h4 = try register([
            "born=1985-05,sex=f,third-country=yes,foreign=yes,disability=no",
            "born=1950,sex=m,disability=yes,homeless=no,third-country=no,foreign=no",
            "born=2010-03-10,sex=m,homeless=no,disability=no,third-country=no,foreign=no",
            "born=2018,sex=f,homeless=no,disability=no,third-country=no,foreign=no"
        ])
        h2 = try register(["born=1970,sex=f,homeless=yes,disability=no,third-country=no,foreign=no"])

        try give(.household(h1), "2026-02-28", "IG-SAP")
        try give(.household(h1), "2026-03-01", "IG-SAP")
        try give(
            .household(h1), "2026-03-15", "IG-SHA", LineSpec(sku: "KIT-LET", quantity: 1, lot: "LOTB"), channel: "CD")
        try give(.household(h1), "2026-03-31", "IG-DEN")
        try give(.household(h1), "2026-04-01", "IG-SAP")
        try give(
            .household(h4), "2026-03-05", "IG-RAS", LineSpec(sku: "KIT-LET", quantity: 1, lot: "LOTA"), channel: "HF")
        try give(.household(h4), "2026-03-25", LineSpec(sku: "AL-PAS", quantity: 3), channel: "EMP")
        try give(.anonymous(.from18To29, .female), "2026-03-10", "IG-SAP")
        try give(.anonymous(.from65, .unknown), "2026-03-12", "EM-COP")
        let mistake = try give(.household(h2), "2026-03-20", "IG-SAP")
        try ledger.reverse(number: mistake.number, reason: "wrong household", context: TestDatabase.on("2026-03-21"))
    }

    @discardableResult
    func give(_ recipient: Recipient, _ date: String, _ lines: Any..., channel: String = "UMN") throws -> PostedDocument
    {
        let specs = lines.map { line in (line as? LineSpec) ?? LineSpec(sku: line as! String, quantity: 1) }
        return try Distributions(db).distribute(
            from: "MAG-A", to: recipient, channel: channel, lines: specs, context: TestDatabase.on(date))
    }

    func frameworks() throws -> ReportFrameworks {
        try ReportFrameworks.load(db) { SeedFiles(directory: TestDatabase.seedsPath) }
    }

    func report(_ framework: String, filter: DistributionFilter? = nil) throws -> IndicatorReport.Result {
        try IndicatorReport(db: db, framework: try frameworks().framework(framework), filter: filter ?? march).run()
    }
}
