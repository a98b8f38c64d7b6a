import Foundation
import ScortaHarness
import Testing

/// A warehouse PC and the market till writing at once must wait for each
/// other (WAL, busy timeout, immediate transactions), never lose an update
/// and never drive stock negative.
@Suite struct ConcurrencyTests {
    @Test(arguments: Engine.tested) func twoProcessesRaceForTheLastUnit(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        #expect(s.run("receive", "--at", "MAG-A", "EM-SAC:1", "--date", "2026-10-01").status == 0)
        let results = racing(s, times: 2) { _ in
            ["transfer", "--from", "MAG-A", "--to", "EMP", "EM-SAC:1", "--date", "2026-10-02"]
        }
        #expect(results.filter { $0.status == 0 }.count == 1)
        let refused = try #require(results.first { $0.status != 0 })
        #expect(refused.status == 1)
        #expect(refused.stderrWithoutWaits == "Error: not enough stock of EM-SAC at MAG-A: 0 available, 1 requested\n")
        #expect(
            s.sql("SELECT sum(quantity) FROM balance b JOIN item i ON i.id = b.item_id WHERE i.sku = 'EM-SAC'") == "1")
        #expect(s.run("check").status == 0)
    }

    @Test(arguments: Engine.tested) func manyWritersLoseNoUpdate(engine: Engine) throws {
        let s = try Sandbox(engine: engine)
        let results = racing(s, times: 8) { index in
            ["receive", "--at", "MAG-B", "EM-COP:\(index + 1)", "--date", "2026-10-01"]
        }
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
        #expect(s.sql("SELECT quantity FROM balance") == "36")  // 1 + 2 + ... + 8
        #expect(s.sql("SELECT count(*) FROM document") == "8")
        #expect(s.run("check").status == 0)
    }

    /// Starts `times` processes at once and collects their results.
    func racing(_ sandbox: Sandbox, times: Int, _ arguments: @escaping @Sendable (Int) -> [String]) -> [ScortaRun] {
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: times) { index in
            results.append(sandbox.run(arguments: arguments(index)))
        }
        return results.all
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [ScortaRun] = []
        func append(_ run: ScortaRun) {
            lock.lock()
            items.append(run)
            lock.unlock()
        }
        var all: [ScortaRun] {
            lock.lock()
            defer { lock.unlock() }
            return items
        }
    }
}
