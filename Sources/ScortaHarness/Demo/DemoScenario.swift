import ScortaKit

/// A small, realistic week of work posted through the ordinary commands, so
/// a new user (or a training session) sees the ledger working: a FEAD
/// delivery, a food donation, a transfer to the social market, a batch of
/// hygiene kits, a kit handed out by the night unit to someone who gave no
/// name, and a household choosing goods at the social market with its points.
public enum DemoScenario {
    public static let operatorName = "demo"

    /// Posts the scenario and returns the numbers of the documents it made.
    @discardableResult
    public static func post(into db: Database, today: CivilDate = .today()) throws -> [String] {
        let ledger = Ledger(db)
        let monday = today.adding(days: -3)
        var numbers: [String] = []
        try db.inTransaction {
            if try Operators(db).find(operatorName) == nil {
                try Operators(db).add(operatorName, roles: [.warehouse, .market], by: operatorName)
            }
            let delivery = PostingContext(
                date: monday, operatorName: operatorName, reference: "DDT-2211",
                note: "Fornitura PO I FEAD / PN Inclusione")
            numbers.append(
                try ledger.receive(
                    at: "MAG-A", from: "Fornitore aggiudicatario FEAD",
                    lines: [
                        LineSpec(sku: "IG-SAP", quantity: 240, lot: "SAP2611", expiry: monday.adding(days: 900)),
                        LineSpec(sku: "IG-DEN", quantity: 200, lot: "DEN2610", expiry: monday.adding(days: 20)),
                        LineSpec(sku: "IG-SPZ", quantity: 200),
                        LineSpec(sku: "IG-RAS", quantity: 300),
                        LineSpec(sku: "IG-PET", quantity: 150),
                        LineSpec(sku: "IG-ASC", quantity: 120),
                        LineSpec(sku: "IG-SHA", quantity: 180, lot: "SHA2609", expiry: monday.adding(days: 700)),
                        LineSpec(sku: "IG-PS", quantity: 60),
                        LineSpec(sku: "EM-SAC", quantity: 40),
                        LineSpec(sku: "EM-COP", quantity: 80)
                    ], context: delivery
                ).number)
            let donation = PostingContext(date: monday, operatorName: operatorName, reference: "BA-0412")
            numbers.append(
                try ledger.receive(
                    at: "MAG-A", from: "Banco Alimentare",
                    lines: [
                        LineSpec(sku: "AL-PAS", quantity: 240, lot: "PAS2701", expiry: monday.adding(days: 400)),
                        LineSpec(sku: "AL-OLI", quantity: 36),
                        LineSpec(sku: "AL-LAT", quantity: 120, lot: "LAT2604", expiry: monday.adding(days: 120))
                    ], context: donation
                ).number)
            let transfer = PostingContext(date: monday.adding(days: 1), operatorName: operatorName)
            numbers.append(
                try ledger.transfer(
                    from: "MAG-A", to: "EMP",
                    lines: [
                        LineSpec(sku: "IG-SAP", quantity: 48), LineSpec(sku: "IG-DEN", quantity: 24),
                        LineSpec(sku: "IG-SHA", quantity: 24),
                        LineSpec(sku: "AL-PAS", quantity: 96), LineSpec(sku: "AL-OLI", quantity: 12),
                        LineSpec(sku: "AL-LAT", quantity: 48)
                    ], context: transfer
                ).number)
            let kits = PostingContext(date: monday.adding(days: 2), operatorName: operatorName)
            numbers.append(try ledger.assemble(kit: "KIT-IGM", quantity: 30, at: "MAG-A", context: kits).number)
            // The night unit hands a hygiene kit to a man who gives no name (an estimate in the reports).
            numbers.append(
                try Distributions(db).distribute(
                    from: "MAG-A", to: .anonymous(.from30To64, .male), channel: "UMN",
                    lines: [LineSpec(sku: "KIT-IGM", quantity: 1)],
                    context: PostingContext(date: monday.adding(days: 2), operatorName: operatorName)
                ).number)
            // A family referred by social services: two adults and a child, 220 points a month.
            let family = try Households(db).register(
                members: [
                    try MemberSpec(parsing: "born=1986-04,sex=f,third-country=yes"),
                    try MemberSpec(parsing: "born=1983,sex=m,third-country=yes"),
                    try MemberSpec(parsing: "born=2017-09-12,sex=f")
                ], referredBy: "Servizi sociali", on: monday.adding(days: 1), operatorName: operatorName)
            numbers.append(
                try Market(db).checkout(
                    card: family,
                    lines: [
                        LineSpec(sku: "AL-PAS", quantity: 4), LineSpec(sku: "AL-OLI", quantity: 1),
                        LineSpec(sku: "AL-LAT", quantity: 6),
                        LineSpec(sku: "IG-SAP", quantity: 2), LineSpec(sku: "IG-DEN", quantity: 1)
                    ], context: PostingContext(date: today, operatorName: operatorName)
                ).document.number)
        }
        return numbers
    }
}
