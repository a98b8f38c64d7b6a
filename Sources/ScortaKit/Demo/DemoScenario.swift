/// A small, realistic week of work posted through the ordinary commands, so
/// a new user (or a training session) sees the ledger working: a FEAD
/// delivery, a transfer to the social market and a batch of hygiene kits.
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
                try Operators(db).add(operatorName, roles: [.warehouse], by: operatorName)
            }
            let delivery = PostingContext(date: monday, operatorName: operatorName, reference: "DDT-2211",
                                          note: "Fornitura PO I FEAD / PN Inclusione")
            numbers.append(try ledger.receive(at: "MAG-A", from: "Fornitore aggiudicatario FEAD", lines: [
                LineSpec(sku: "IG-SAP", quantity: 240, lot: "SAP2611", expiry: monday.adding(days: 900)),
                LineSpec(sku: "IG-DEN", quantity: 200, lot: "DEN2610", expiry: monday.adding(days: 20)),
                LineSpec(sku: "IG-SPZ", quantity: 200),
                LineSpec(sku: "IG-RAS", quantity: 300),
                LineSpec(sku: "IG-PET", quantity: 150),
                LineSpec(sku: "IG-ASC", quantity: 120),
                LineSpec(sku: "IG-SHA", quantity: 180, lot: "SHA2609", expiry: monday.adding(days: 700)),
                LineSpec(sku: "IG-PS", quantity: 60),
                LineSpec(sku: "EM-SAC", quantity: 40),
                LineSpec(sku: "EM-COP", quantity: 80),
            ], context: delivery).number)
            let transfer = PostingContext(date: monday.adding(days: 1), operatorName: operatorName)
            numbers.append(try ledger.transfer(from: "MAG-A", to: "EMP", lines: [
                LineSpec(sku: "IG-SAP", quantity: 48), LineSpec(sku: "IG-DEN", quantity: 24), LineSpec(sku: "IG-SHA", quantity: 24),
            ], context: transfer).number)
            let kits = PostingContext(date: monday.adding(days: 2), operatorName: operatorName)
            numbers.append(try ledger.assemble(kit: "KIT-IGM", quantity: 30, at: "MAG-A", context: kits).number)
        }
        return numbers
    }
}
