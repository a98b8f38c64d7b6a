import Testing
@testable import ScortaKit

@Suite struct LineSpecTests {
    @Test func parsesTheTypedForms() throws {
        #expect(try LineSpec(parsing: "IG-SAP:24") == LineSpec(sku: "IG-SAP", quantity: 24))
        #expect(try LineSpec(parsing: "IG-SAP:24:L1:2027-06-30") == LineSpec(sku: "IG-SAP", quantity: 24, lot: "L1", expiry: try CivilDate(parsing: "2027-06-30")))
        #expect(try LineSpec(parsing: "IG-SAP:-3", allowNegative: true).quantity == -3)
    }

    @Test func refusesMalformedLines() {
        for bad in ["IG-SAP", "IG-SAP:0", "IG-SAP:-3", "IG-SAP:1.5", "IG-SAP:x", ":3", "IG-SAP:1:L:2027-02-30", "IG-SAP:1::2027-01-01", "A:1:B:C:D"] {
            #expect(throws: ScortaError.self, "\(bad)") { try LineSpec(parsing: bad) }
        }
        #expect(throws: ScortaError.invalid("line 'IG-SAP:0': quantity '0' must be a whole number greater than 0")) { try LineSpec(parsing: "IG-SAP:0") }
    }

    @Test func readsDeliveryCSVAndNamesBadRows() throws {
        let specs = try LineSpec.read(csv: "sku,quantity,lot,expiry\nIG-SAP,10,L1,2027-01-01\nIG-DEN,5,,\n", source: "d.csv")
        #expect(specs.count == 2)
        #expect(specs[1].lot == nil)
        #expect(throws: ScortaError.invalid("d.csv line 3: line 'IG-DEN': quantity 'cinque' must be a whole number greater than 0")) {
            try LineSpec.read(csv: "sku,quantity\nIG-SAP,10\nIG-DEN,cinque\n", source: "d.csv")
        }
        #expect(throws: ScortaError.invalid("d.csv line 2: date '2027-13-01' is not a valid YYYY-MM-DD date")) {
            try LineSpec.read(csv: "sku,quantity,lot,expiry\nIG-SAP,10,L1,2027-13-01\n", source: "d.csv")
        }
    }

    @Test func countEntries() throws {
        #expect(try CountEntry(parsing: "IG-SAP:L1=0") == CountEntry(sku: "IG-SAP", lot: "L1", counted: 0))
        #expect(throws: ScortaError.self) { try CountEntry(parsing: "IG-SAP=-1") }
        #expect(throws: ScortaError.self) { try CountEntry(parsing: "IG-SAP:3") }
    }
}
