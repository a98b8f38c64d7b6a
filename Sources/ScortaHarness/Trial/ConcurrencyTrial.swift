import Foundation
import ScortaKit

/// Concurrency trial: several processes (a warehouse PC and the market till)
/// post on the same items at once. Every attempt must succeed or get a clear
/// refusal, no process may crash, no update may be lost (the balances equal
/// the opening stock plus exactly the postings reported), no stock may go
/// negative, the balances must equal the replay and the hash chain must hold.
public enum ConcurrencyTrial {
    public static func run(size: TrialSize, seed: UInt64 = 1, folder: String, database: String? = nil) throws
        -> TrialReport
    {
        var report = TrialReport(
            title: "Concurrency trial (\(size.name)): \(size.writers) processes posting on the same items at once")
        let binary = ChildProcess.currentExecutable()
        // Little opening stock, so writers often compete for the last units.
        let path = try TrialWorker.prepare(folder: folder, opening: 20, database: database)
        let environment = TrialWorker.environment(path)
        let perWriter = size.concurrentDocuments / size.writers
        let db = try Store.open(path: path)
        let openingDocuments = Int(try db.scalar("SELECT count(*) FROM document") ?? 0)
        var expected = try onHand(db)

        let start = Clock.monotonicSeconds()
        let children = try (0..<size.writers).map { writer in
            try ChildProcess.spawn(
                [
                    binary, "trial", "worker", "--db", path, "--worker", String(writer), "--seed",
                    String(seed &* 100 &+ UInt64(writer)),
                    "--count", String(perWriter)
                ], environment: environment, output: folder + "/writer-\(writer).out")
        }
        let endings = children.map { $0.wait(timeout: 3_600) }
        let seconds = Clock.monotonicSeconds() - start

        var posted = 0
        var refused = 0
        var busy = 0
        var checkouts = 0
        var refusedCheckouts = 0
        for (writer, ending) in endings.enumerated() {
            if ending != .exited(0) { report.problem("writer \(writer) ended \(String(describing: ending))") }
            let outcomes = TrialWorker.outcomes(
                (try? String(contentsOfFile: folder + "/writer-\(writer).out", encoding: .utf8)) ?? "")
            let plan = TrialOperation.plan(seed: seed &* 100 &+ UInt64(writer), count: perWriter, bulk: false)
            for (index, operation) in plan.enumerated() {
                switch outcomes[index]?.0 {
                case "ok":
                    posted += 1
                    if operation.kind == .checkout { checkouts += 1 }
                    for (key, change) in operation.effect { expected[key, default: 0] += change }
                case "refused" where operation.kind == .checkout:
                    refusedCheckouts += 1
                    let reason = outcomes[index]?.1 ?? ""
                    if !["out of stock", "not enough points", "limit", "over the"].contains(where: reason.contains) {
                        report.problem("writer \(writer) checkout \(index): unexpected refusal '\(reason)'")
                    }
                case "refused":
                    refused += 1
                    if !(outcomes[index]?.1.hasPrefix("not enough stock of ") ?? false) {
                        report.problem(
                            "writer \(writer) operation \(index): unexpected refusal '\(outcomes[index]?.1 ?? "")'")
                    }
                case "busy": busy += 1
                case let other:
                    report.problem(
                        "writer \(writer) operation \(index): \(other ?? "no outcome") \(outcomes[index]?.1 ?? "")")
                }
            }
        }
        let actual = try onHand(db)
        for key in Set(expected.keys).union(actual.keys).sorted()
        where expected[key, default: 0] != actual[key, default: 0] {
            report.problem(
                "lost update: \(key) is \(actual[key, default: 0]), the reported postings make \(expected[key, default: 0])"
            )
        }
        if let negative = try db.scalar("SELECT min(quantity) FROM balance"), negative < 0 {
            report.problem("negative stock: \(negative)")
        }
        let documents = Int(try db.scalar("SELECT count(*) FROM document") ?? 0)
        if documents != openingDocuments + posted {
            report.problem("\(documents - openingDocuments) documents stored, \(posted) reported posted")
        }
        for problem in try Ledger(db).check() + PointsLedger(db).check() { report.problem("check: \(problem)") }
        if let broken = try HashChain.verify(db).firstBroken { report.problem("verify: chain broken at \(broken)") }

        report.figure("processes", size.writers)
        report.figure("attempts", perWriter * size.writers)
        report.figure("posted", posted)
        report.figure("of which market checkouts", checkouts)
        report.figure("refused: not enough stock (clear message)", refused)
        report.figure("checkouts refused: stock, points or limits (clear message)", refusedCheckouts)
        report.figure("refused: database busy, try again", busy)
        report.figure("crashed processes", endings.filter { $0 != .exited(0) }.count)
        report.figure("lost updates / negative stock", report.problems.isEmpty ? "none" : "see problems")
        report.figure("balances equal the replay, chain intact", report.problems.isEmpty ? "yes" : "see problems")
        report.figure("seconds", String(format: "%.1f", seconds))
        report.figure(
            "attempts per second (all processes)",
            String(format: "%.0f", Double(perWriter * size.writers) / max(seconds, 0.001)))
        return report
    }

    /// On-hand quantity per "LOCATION SKU", all lots together.
    static func onHand(_ db: Database) throws -> [String: Int] {
        var result: [String: Int] = [:]
        try db.prepare(
            """
            SELECT l.code || ' ' || i.sku, sum(b.quantity) FROM balance b JOIN location l ON l.id = b.location_id
            JOIN item i ON i.id = b.item_id GROUP BY 1
            """
        ).forEach { result[$0.text(0)] = $0.int(1) }
        return result
    }
}
