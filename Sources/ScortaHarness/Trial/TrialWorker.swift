import Glibc
import ScortaKit

/// The postings a trial worker makes: a plan regenerated from its seed by
/// both the worker (which posts it) and the trial (which checks the result),
/// so no update can go missing unnoticed.
public struct TrialOperation: Sendable, Equatable {
    public enum Kind: String, Sendable { case receipt, transfer, adjustment, checkout }
    public let kind: Kind
    public let from: String?
    public let to: String?
    public let lines: [LineSpec]

    static let items = ["IG-SAP", "IG-DEN", "IG-SPZ", "EM-COP"]
    static let locations = ["MAG-A", "MAG-B", "EMP"]
    /// Items with a points price at the market.
    static let marketItems = ["IG-SAP", "IG-DEN", "IG-SPZ"]
    static let households = 200

    /// `card` of a checkout: the index of one of the trial's households.
    public let card: Int?

    init(kind: Kind, from: String?, to: String?, lines: [LineSpec], card: Int? = nil) {
        self.kind = kind
        self.from = from
        self.to = to
        self.lines = lines
        self.card = card
    }

    /// `bulk`: receipts and transfers of 1 to 60 lines, so a kill often lands
    /// inside a large transaction. Otherwise many small postings on the same
    /// four items, often competing for the last units, and market checkouts
    /// (points, limits and stock at the market together).
    static func plan(seed: UInt64, count: Int, bulk: Bool) -> [TrialOperation] {
        var random = SeededRandom(seed: seed)
        return (0..<count).map { _ in next(&random, bulk: bulk) }
    }

    /// The next operation of a plan; a worker draws them one by one, so a long
    /// plan costs no memory.
    static func next(_ random: inout SeededRandom, bulk: Bool) -> TrialOperation {
        let lineCount = bulk ? random.int(1..<61) : random.int(1..<4)
        let lines = (0..<lineCount).map { _ in
            LineSpec(sku: items[random.int(0..<items.count)], quantity: bulk ? random.int(1..<5) : random.int(1..<25))
        }
        if !bulk, random.chance(20) {
            let basket = (0..<random.int(1..<3)).map { _ in
                LineSpec(sku: marketItems[random.int(0..<marketItems.count)], quantity: random.int(1..<4))
            }
            return TrialOperation(
                kind: .checkout, from: "EMP", to: nil, lines: basket, card: random.int(0..<households))
        }
        switch random.int(0..<10) {
        case 0..<3:
            return TrialOperation(kind: .receipt, from: nil, to: locations[bulk ? 0 : random.int(0..<2)], lines: lines)
        case 3..<8:
            let from = random.int(0..<locations.count)
            let to = (from + random.int(1..<locations.count)) % locations.count
            return TrialOperation(kind: .transfer, from: locations[from], to: locations[to], lines: lines)
        default:
            let at = locations[random.int(0..<locations.count)]
            let found = random.chance(30)
            let signed = lines.map { LineSpec(sku: $0.sku, quantity: found ? $0.quantity : -$0.quantity) }
            return TrialOperation(kind: .adjustment, from: found ? nil : at, to: found ? at : nil, lines: signed)
        }
    }

    /// Net change of on-hand quantity per (location, SKU) when this posts.
    var effect: [String: Int] {
        var change: [String: Int] = [:]
        for line in lines {
            let quantity = abs(line.quantity)
            if let from { change["\(from) \(line.sku)", default: 0] -= quantity }
            if let to { change["\(to) \(line.sku)", default: 0] += quantity }
        }
        return change
    }

    func post(_ ledger: Ledger, note: String) throws -> PostedDocument {
        let context = PostingContext(date: TrialWorker.date, operatorName: TrialWorker.operatorName, note: note)
        switch kind {
        case .receipt: return try ledger.receive(at: to!, from: "trial", lines: lines, context: context)
        case .transfer: return try ledger.transfer(from: from!, to: to!, lines: lines, context: context)
        case .adjustment:
            return try ledger.adjust(
                at: (from ?? to)!, reason: from == nil ? .found : .damaged, lines: lines, context: context)
        case .checkout: fatalError("checkouts are posted by the market")
        }
    }
}

/// One posting process of a trial (`scorta trial worker`): posts its plan,
/// each document in its own transaction, and reports every attempt on one
/// line, written straight to the file descriptor so a kill loses nothing
/// already reported.
public enum TrialWorker {
    static let operatorName = "trial"
    static let date = CivilDate(year: 2026, month: 6, day: 1)!

    public static func run(database path: String, worker: Int, seed: UInt64, count: Int, bulk: Bool) throws {
        let db = try openTrialDatabase(path)
        let ledger = Ledger(db)
        let cards = try db.query("SELECT code FROM household ORDER BY id") { $0.text(0) }
        var random = SeededRandom(seed: seed)
        for index in 0..<count {
            let operation = TrialOperation.next(&random, bulk: bulk)
            let line: String
            do {
                if operation.kind == .checkout {
                    let context = PostingContext(
                        date: date, operatorName: operatorName, note: "trial \(worker):\(index)")
                    line =
                        "ok \(index) \(try Market(db).checkout(card: cards[operation.card!], lines: operation.lines, context: context).document.number)"
                } else {
                    line = "ok \(index) \(try operation.post(ledger, note: "trial \(worker):\(index)").number)"
                }
            } catch let error as ScortaError {
                line = "refused \(index) \(error)"
            } catch let error as DatabaseError where error.resultCode.isBusy {
                line = "busy \(index) \(error.message)"
            } catch {
                line = "error \(index) \(error)"
            }
            let bytes = Array((line + "\n").utf8)
            _ = bytes.withUnsafeBytes { Glibc.write(1, $0.baseAddress, $0.count) }
        }
    }

    /// A fresh trial database in `folder` (or in `database`, an empty
    /// PostgreSQL database), with the trial operator and opening stock.
    static func prepare(folder: String, opening quantity: Int = 300, database: String? = nil) throws -> String {
        let path = database ?? folder + "/trial.sqlite"
        let db = try Store.create(
            path: path, seeds: try SeedFiles.locate(explicit: nil, executablePath: ChildProcess.currentExecutable()),
            date: CivilDate(year: 2026, month: 1, day: 1)!, firstOperator: operatorName)
        // On a server the operator is the login: the one running the trial checks and verifies.
        if let login = try Operators(db).login(), try Operators(db).find(login) == nil {
            try Operators(db).add(login, roles: Set(Role.allCases), by: login)
        }
        try db.run("INSERT INTO setting(key, value) VALUES ('trial', '1')")
        try HashChain.seal(.setting, key: ["trial"], in: db)
        let opening = PostingContext(
            date: CivilDate(year: 2026, month: 1, day: 2)!, operatorName: operatorName, note: "opening stock")
        for location in TrialOperation.locations {
            try Ledger(db).receive(
                at: location, from: "trial", lines: TrialOperation.items.map { LineSpec(sku: $0, quantity: quantity) },
                context: opening)
        }
        // Single-person households with market cards, for the checkouts.
        let households = Households(db)
        for _ in 0..<TrialOperation.households {
            try households.register(
                members: [try MemberSpec(parsing: "band=30-64,sex=u")], on: opening.date, cardMonths: 12,
                operatorName: operatorName)
        }
        return path
    }

    /// The environment of the commands a trial runs on its database: on a
    /// server the operator is the login, so no other name is claimed.
    static func environment(_ path: String) -> [String: String] {
        Store.isPostgreSQL(path) ? ["SCORTA_DB": path] : ["SCORTA_DB": path, "SCORTA_OPERATOR": operatorName]
    }

    /// Opens a database made by `prepare`, refusing any other: the trials need
    /// no operator, so they must never write into a real ledger.
    static func openTrialDatabase(_ path: String) throws -> Database {
        let db = try Store.open(path: path)
        guard try db.scalarText("SELECT value FROM setting WHERE key = 'trial'") == "1" else {
            throw ScortaError.refused("\(path) is not a trial database; trials only write into the ones they create")
        }
        return db
    }

    /// Parses a worker's report lines: index → (outcome, rest).
    static func outcomes(_ text: String) -> [Int: (String, String)] {
        var result: [Int: (String, String)] = [:]
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 2).map(String.init)
            guard parts.count >= 2, let index = Int(parts[1]) else { continue }
            result[index] = (parts[0], parts.count > 2 ? parts[2] : "")
        }
        return result
    }
}
