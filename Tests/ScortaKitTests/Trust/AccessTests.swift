import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct AccessTests {
    @Test(arguments: Engine.tested) func theCreatorHoldsEveryRoleAndRegistersTheOthers(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let operators = Operators(t.db)
        #expect(try operators.find("tester")?.roles == Set(Role.allCases))
        try operators.add("anna", roles: [.warehouse, .market], by: "tester")
        #expect(
            try operators.find("anna") == Operators.Operator(name: "anna", roles: [.warehouse, .market], active: true))
        #expect(throws: ScortaError.refused("operator 'anna' is already registered")) {
            try operators.add("anna", roles: [.admin], by: "tester")
        }
        #expect(throws: ScortaError.self) { try operators.add(" ", roles: [.admin], by: "tester") }
        #expect(try operators.all().map(\.name) == ["anna", "tester"])
    }

    @Test func rolesParseFromAList() throws {
        #expect(try Role.parseList("warehouse,market") == [.warehouse, .market])
        #expect(try Role.parseList("all") == Set(Role.allCases))
        #expect(
            throws: ScortaError.invalid("unknown role 'boss': roles are warehouse, market, manager, admin (or all)")
        ) {
            try Role.parseList("warehouse,boss")
        }
    }

    @Test func rulesComeFromTheTableOrTheNearestAncestor() {
        #expect(AccessRules.rule(for: ["scorta", "receive"]) == .roles([.warehouse]))
        #expect(AccessRules.rule(for: ["household", "show"]) == .roles([.market]))
        #expect(AccessRules.rule(for: ["household", "erase"]) == .roles([.admin]))
        #expect(AccessRules.rule(for: ["report", "receipt"]) == .roles([.manager, .market]))
        #expect(AccessRules.rule(for: ["market", "price"]) == .roles([.manager]))
        #expect(AccessRules.rule(for: ["stock"]) == .anyOperator)
        #expect(AccessRules.rule(for: ["init"]) == .open)
        #expect(AccessRules.rule(for: ["labels", "bench"]) == .open)
        #expect(AccessRules.rule(for: ["labels", "item"]) == .roles([.warehouse]))
        // Issue 16: the market desk prints cards and looks households up; a warehouse clerk does not search names.
        #expect(AccessRules.rule(for: ["labels", "card"]) == .roles([.warehouse, .market]))
        #expect(AccessRules.rule(for: ["household", "find"]) == .roles([.market, .manager]))
        #expect(AccessRules.rule(for: ["market", "void"]) == .roles([.market]))
        #expect(AccessRules.rule(for: ["market", "replace-card"]) == .roles([.market]))
        #expect(AccessRules.rule(for: ["made-up"]) == nil)
    }

    @Test(arguments: Engine.tested) func unknownInactiveAndOutOfRoleOperatorsAreRefused(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try Operators(t.db).add("anna", roles: [.warehouse], by: "tester")
        try AccessRules.authorize(["scorta", "receive"], operatorName: "anna", in: t.db)
        try AccessRules.authorize(["scorta", "stock"], operatorName: "anna", in: t.db)
        #expect(throws: ScortaError.refused("'scorta reverse' needs the manager role; operator 'anna' has warehouse")) {
            try AccessRules.authorize(["scorta", "reverse"], operatorName: "anna", in: t.db)
        }
        #expect(
            throws: ScortaError.refused(
                "'scorta report receipt' needs the market or manager role; operator 'anna' has warehouse")
        ) {
            try AccessRules.authorize(["scorta", "report", "receipt"], operatorName: "anna", in: t.db)
        }
        #expect(
            throws: ScortaError.refused(
                "operator 'bruno' is not registered in this database; an admin adds operators with 'scorta operator add'"
            )
        ) {
            try AccessRules.authorize(["scorta", "stock"], operatorName: "bruno", in: t.db)
        }
        #expect(throws: ScortaError.refused("'scorta made-up' has no access rule; it is refused until one is added")) {
            try AccessRules.authorize(["scorta", "made-up"], operatorName: "tester", in: t.db)
        }
        try Operators(t.db).edit("anna", roles: nil, active: false, by: "tester")
        #expect(throws: ScortaError.refused("operator 'anna' is no longer active")) {
            try AccessRules.authorize(["scorta", "stock"], operatorName: "anna", in: t.db)
        }
    }

    @Test(arguments: Engine.tested) func theLastActiveAdminStays(engine: Engine) throws {
        let t = try TestDatabase(engine)
        #expect(throws: ScortaError.refused("'tester' is the last active admin; register another admin first")) {
            try Operators(t.db).edit("tester", roles: [.manager], active: nil, by: "tester")
        }
        try Operators(t.db).add("chiara", roles: [.admin], by: "tester")
        try Operators(t.db).edit("tester", roles: [.manager], active: nil, by: "chiara")
        #expect(try Operators(t.db).find("tester")?.roles == [.manager])
    }

    @Test(arguments: Engine.tested) func theAuditLogRecordsWhoSawWhatAndWhen(engine: Engine) throws {
        let t = try TestDatabase(engine)
        try Audit.record(t.db, operator: "anna", action: .show, subject: "H-7KQ2")
        try Audit.record(t.db, operator: "chiara", action: .erase, subject: "H-7KQ2", detail: "on request")
        try Audit.record(t.db, operator: "anna", action: .export, subject: "households", detail: "csv")
        let forHousehold = try Audit.entries(t.db, subject: "H-7KQ2")
        #expect(forHousehold.map(\.action) == [.erase, .show])
        #expect(
            forHousehold.map(\.operatorName) == ["chiara", "anna"] && forHousehold[0].detail == "on request"
                && forHousehold[1].detail == nil)
        #expect(try Audit.entries(t.db, operatorName: "anna").count == 2)
        #expect(forHousehold.allSatisfy { $0.at.hasSuffix("Z") })
    }
}
