import Foundation
import ScortaHarness
import ScortaKit
import Testing

/// Two sites posting to one server, a client killed mid-posting, the server
/// crashing under a posting process, the server down: on a cluster of the
/// test's own (it is stopped and started), with the real binary.
@Suite(.enabled(if: PostgreSQLCluster.enabled, "\(PostgreSQLCluster.unavailableReason ?? "")"))
struct SitesTrialTests {
    @Test func sitesPostKillsAndCrashesLeaveEveryDocumentWholeOrAbsent() throws {
        let cluster = try PostgreSQLCluster.dedicated()
        defer { cluster.destroy() }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("scorta-sites-\(UUID().uuidString)")
            .path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let server = SitesTrial.Server(
            uri: try cluster.createDatabase(), stopImmediately: { try cluster.stop(immediate: true) },
            start: { try cluster.start() })
        let report = try SitesTrial.run(
            server: server, folder: folder, binary: Sandbox.binary, postingsPerSite: 8, kills: 2)
        #expect(report.passed, "\(report.text())")
        let figures = Dictionary(report.figures, uniquingKeysWith: { first, _ in first })
        #expect(figures["two sites: numbering"] == "gapless")
        #expect(Int(figures["two sites: documents posted at once"] ?? "") ?? 0 > 0)
        #expect(figures["clients killed with SIGKILL while posting"] == "2 of 2", "\(report.text())")
    }
}
