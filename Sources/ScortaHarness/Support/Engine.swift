import Foundation
import ScortaKit

/// The two database engines a test body runs on: the SQLite file of one
/// office, and a PostgreSQL database on the test process's throwaway
/// cluster (`PostgreSQLCluster`).
///
///     @Test(arguments: Engine.tested) func receivingAddsStock(engine: Engine) throws {
///         let t = try TestDatabase(engine)
///
/// PostgreSQL is tested wherever its server programs are installed, and
/// always with SCORTA_REQUIRE_TOOLS=1 (CI), where a missing server fails the
/// test instead of leaving it out.
public enum Engine: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite = "SQLite"
    case postgreSQL = "PostgreSQL"

    public var description: String { rawValue }

    /// The engines to run a test on here.
    public static var tested: [Engine] { PostgreSQLCluster.enabled ? [.sqlite, .postgreSQL] : [.sqlite] }
}
