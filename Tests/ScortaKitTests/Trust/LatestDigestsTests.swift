import ScortaHarness
import Testing

@testable import ScortaKit

/// The latest records of many subjects, looked up in batches while sealing
/// and by `verify`'s coverage check.
@Suite struct LatestDigestsTests {
    @Test(arguments: Engine.tested) func everySubjectGetsItsLatestDigest(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let expected = try t.db.query(
            "SELECT subject, digest FROM chain c WHERE kind = 'item' AND document_id IS NULL AND seq = (SELECT max(seq) FROM chain l WHERE l.kind = c.kind AND l.subject = c.subject AND l.document_id IS NULL)"
        ) { ($0.text(0), $0.optionalText(1)) }
        #expect(expected.count >= HashChain.longSubjectList)
        let latest = try HashChain.latestDigests(kind: "item", subjects: expected.map(\.0), in: t.db)
        #expect(latest.count == expected.count)
        for (subject, digest) in expected { #expect(latest[subject] == .some(digest)) }
    }

    /// A statement the server keeps gets a generic plan after five runs; for
    /// a long list of subjects that plan read every record of the kind and
    /// tested the list row by row (40 ms a batch, most of `verify` on the
    /// server). A long list is planned for its own values: never kept.
    @Test(.enabled(if: PostgreSQLCluster.enabled)) func aLongListIsNeverKeptOnAServer() throws {
        let t = try TestDatabase(.postgreSQL)
        let subjects = try t.db.query("SELECT DISTINCT subject FROM chain WHERE kind = 'item' AND document_id IS NULL")
        {
            $0.text(0)
        }
        let long = Array(subjects.prefix(HashChain.longSubjectList))
        #expect(long.count == HashChain.longSubjectList)
        for _ in 0..<7 { _ = try HashChain.latestDigests(kind: "item", subjects: long, in: t.db) }
        _ = try HashChain.latestDigests(kind: "item", subjects: Array(subjects.prefix(2)), in: t.db)
        let kept = try t.db.query("SELECT statement FROM pg_prepared_statements") { $0.text(0) }
            .filter { $0.contains("document_id IS NULL AND subject IN") }
        // The short list's statement is kept, the long one's is not.
        #expect(kept.count == 1)
        #expect(kept.allSatisfy { !$0.contains("$\(HashChain.longSubjectList)") })
    }
}
