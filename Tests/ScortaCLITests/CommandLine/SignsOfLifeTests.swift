import Foundation
import ScortaHarness
import ScortaKit
import Testing

@testable import ScortaCLI

/// Long commands show a progress line on a terminal (and nothing on a pipe);
/// a write waiting for another writer says so after a second.
@Suite struct SignsOfLifeTests {
    /// A restore whose last step waits for a write lock the test holds: the
    /// restore runs as long as the test wants, so the progress line (drawn
    /// after a second) is sure to appear whatever the machine's speed.
    static func restoreWhileLocked(_ sandbox: Sandbox, command: String) throws -> (output: String, status: Int32) {
        #expect(sandbox.run("receive", "--at", "MAG-A", "IG-SAP:5", "--date", "2026-11-20").status == 0)
        #expect(sandbox.run("backup", "copy.sqlite").status == 0)
        let holder = try Database(path: sandbox.db)
        try holder.execute("BEGIN IMMEDIATE")
        let child = try LiveChild(
            ["/usr/bin/script", "-qfec", command, "/dev/null"], environment: sandbox.environment(),
            directory: sandbox.folder.path)
        // The kept copy is written just before the copy goes in place (where the lock stops it).
        let kept = try child.waitUntil(timeout: 60) {
            (try? FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path))?.contains {
                $0.contains("before-restore")
            } ?? false
        }
        #expect(kept, "the restore never reached its last step: \(child.output)")
        usleep(1_600_000)
        try holder.execute("COMMIT")
        let status = child.finish()
        return (child.output, status)
    }

    @Test func aLongCommandShowsProgressOnATerminalAndClearsIt() throws {
        let sandbox = try Sandbox()
        let (output, status) = try Self.restoreWhileLocked(
            sandbox, command: "\(Sandbox.binary) restore copy.sqlite --replace")
        #expect(status == 0, "\(output)")
        // One line rewritten with \r, the innermost step named, and erased before the result is printed.
        #expect(output.contains("\rrestore: 3/3 steps (putting the copy in place), "), "\(output.debugDescription)")
        let cleared = output.range(of: "\r\u{1B}[K", options: .backwards)
        let result = output.range(of: "Restored 1 documents")
        #expect(
            cleared != nil && result != nil && cleared!.lowerBound < result!.lowerBound, "\(output.debugDescription)")
        #expect(!output.contains("\u{1B}[KRestored"), "the result shares no line with the progress")
    }

    @Test func noProgressWhenStandardErrorIsNotATerminal() throws {
        let sandbox = try Sandbox()
        // Standard output on the terminal, standard error into a file.
        let (output, status) = try Self.restoreWhileLocked(
            sandbox, command: "\(Sandbox.binary) restore copy.sqlite --replace 2>errors.txt")
        #expect(status == 0, "\(output)")
        let errors = try String(contentsOfFile: sandbox.path("errors.txt"), encoding: .utf8)
        #expect(!errors.contains("\r") && !errors.contains("steps"), "\(errors.debugDescription)")
        #expect(!output.contains("steps"), "\(output.debugDescription)")
        #expect(output.contains("Restored 1 documents"), "\(output.debugDescription)")
    }

    /// A write held up by another writer says so after a second, on a pipe
    /// too: in a log it explains why the command took long.
    @Test func aWriteWaitingForAnotherWriterSaysSo() throws {
        let sandbox = try Sandbox()
        let holder = try Database(path: sandbox.db)
        try holder.execute("BEGIN IMMEDIATE")
        let started = SignsOfLife.seconds()
        let child = try LiveChild(
            [Sandbox.binary, "receive", "--at", "MAG-A", "IG-SAP:5", "--date", "2026-11-20"],
            environment: sandbox.environment(), directory: sandbox.folder.path)
        let said = try child.waitUntil(timeout: 12) { child.errors.contains("waiting for another writer") }
        let waited = SignsOfLife.seconds() - started
        try holder.execute("COMMIT")
        let status = child.finish()
        #expect(said, "\(child.errors)")
        #expect(waited >= 1, "said after \(waited) s, before a second of waiting")
        #expect(status == 0, "\(child.errors)")
        #expect(child.errors == "waiting for another writer… (the database is locked; giving up after 15 s)\n")
        #expect(child.output.hasPrefix("RIC-2026-00001 posted"), "\(child.output)")
    }

    /// On a server writers take turns with an advisory lock
    /// (`PostgreSQLDialect.writerLock`), which another site's connection
    /// holds here: the wait says so after a second, as on SQLite.
    @Test(.enabled(if: PostgreSQLCluster.enabled)) func aWriteWaitingForAnotherSitesTurnSaysSo() throws {
        let sandbox = try Sandbox(engine: .postgreSQL)
        let site = try Database(postgreSQL: sandbox.db)
        let turn = try #require(site.dialect.writerLock)
        try site.execute(turn.take)
        let child = try LiveChild(
            [Sandbox.binary, "receive", "--at", "MAG-A", "IG-SAP:5", "--date", "2026-11-20"],
            environment: sandbox.environment(), directory: sandbox.folder.path)
        let said = try child.waitUntil(timeout: 12) { child.errors.contains("waiting for another writer") }
        try site.execute(turn.release)
        let status = child.finish()
        #expect(said, "\(child.errors)")
        #expect(status == 0, "\(child.errors)")
        #expect(child.errors == "waiting for another writer… (the database is locked; giving up after 15 s)\n")
        #expect(child.output.hasPrefix("RIC-2026-00001 posted"), "\(child.output)")
    }

    /// A turn held too long (here past a 3 s `lock_timeout` in the URI), or a
    /// table locked by hand in psql, ends the write with the busy error, and
    /// nothing written, instead of a hang.
    @Test(.enabled(if: PostgreSQLCluster.enabled)) func aWriteGivesUpOnATurnOrATableHeldTooLong() throws {
        let sandbox = try Sandbox(engine: .postgreSQL)
        let site = try Database(postgreSQL: sandbox.db)
        let impatient = sandbox.environment(["SCORTA_DB": sandbox.db + "?options=-c%20lock_timeout%3D3000"])
        let receive = [Sandbox.binary, "receive", "--at", "MAG-A", "IG-SAP:5", "--date", "2026-11-20"]
        let busy = "Error: the database is busy (another Scorta is writing); nothing was written, try again\n"

        let turn = try #require(site.dialect.writerLock)
        try site.execute(turn.take)
        let waiting = try LiveChild(receive, environment: impatient, directory: sandbox.folder.path)
        let status = waiting.finish()
        try site.execute(turn.release)
        #expect(status == 1)
        #expect(
            waiting.errors == "waiting for another writer… (the database is locked; giving up after 3 s)\n" + busy,
            "\(waiting.errors)")

        try site.execute("BEGIN; LOCK TABLE document IN EXCLUSIVE MODE")
        let blocked = try LiveChild(receive, environment: impatient, directory: sandbox.folder.path)
        let blockedStatus = blocked.finish()
        try site.execute("ROLLBACK")
        #expect(blockedStatus == 1)
        #expect(blocked.errors == busy, "\(blocked.errors)")
        #expect(sandbox.sql("SELECT count(*) FROM document") == "0")
        #expect(sandbox.run("receive", "--at", "MAG-A", "IG-SAP:5", "--date", "2026-11-20").status == 0)
    }

    @Test func aWriteThatGetsTheLockAtOnceSaysNothing() throws {
        let sandbox = try Sandbox()
        let run = sandbox.run("receive", "--at", "MAG-A", "IG-SAP:5", "--date", "2026-11-20")
        #expect(run.status == 0 && run.stderr.isEmpty, "\(run.stderr)")
    }

    @Test func theLineNamesTheWorkAndCountsWithThousands() {
        #expect(TerminalProgress.grouped(0) == "0")
        #expect(TerminalProgress.grouped(999) == "999")
        #expect(TerminalProgress.grouped(12_400) == "12,400")
        #expect(TerminalProgress.grouped(1_234_567) == "1,234,567")
        let recorder = Recorder()
        SignsOfLife.$reporter.withValue(recorder) {
            SignsOfLife.track("restore", unit: "steps", total: 3) { outer in
                outer.step("checking the copy")
                SignsOfLife.track("verify", unit: "chain entries", total: 50_000) { inner in
                    inner.advance(by: 12_400)
                    #expect(
                        TerminalProgress.line(recorder.meters, seconds: 3)
                            == "restore: verify: 12,400/50,000 chain entries, 3 s")
                }
                #expect(
                    TerminalProgress.line(recorder.meters, seconds: 4) == "restore: 1/3 steps (checking the copy), 4 s")
            }
        }
        #expect(recorder.meters.isEmpty)
        // Without a reporter a meter counts and shows nothing.
        SignsOfLife.track("verify", unit: "chain entries") { $0.advance() }
    }

    final class Recorder: ProgressReporter, @unchecked Sendable {
        var meters: [ProgressMeter] = []
        func started(_ meter: ProgressMeter) { meters.append(meter) }
        func ended(_ meter: ProgressMeter) { meters.removeAll { $0 === meter } }
        func note(_ text: String) {}
    }
}

extension ScortaRun {
    /// Standard error without the notes of a wait for another writer (a racing
    /// process may wait over a second on a loaded machine, and says so).
    var stderrWithoutWaits: String {
        stderr.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("waiting for another writer…") }.joined(separator: "\n")
    }
}

/// A child process whose output is read while it runs (a blocking reader
/// thread per pipe, ended by the child's end of file).
final class LiveChild: @unchecked Sendable {
    private let process = Process()
    private let lock = NSLock()
    private var out = Data(), err = Data()
    private let readersDone = DispatchSemaphore(value: 0)

    init(_ arguments: [String], environment: [String: String], directory: String) throws {
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let outPipe = Pipe()
        let errPipe = Pipe()
        process.standardOutput = outPipe
        process.standardError = errPipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        for (pipe, isOutput) in [(outPipe, true), (errPipe, false)] {
            Thread { [self] in
                while true {
                    let data = pipe.fileHandleForReading.availableData
                    if data.isEmpty { break }
                    lock.withLock { if isOutput { out.append(data) } else { err.append(data) } }
                }
                readersDone.signal()
            }.start()
        }
    }

    var output: String { lock.withLock { String(decoding: out, as: UTF8.self) } }
    var errors: String { lock.withLock { String(decoding: err, as: UTF8.self) } }

    /// Polls `condition` every 50 ms; false if `timeout` seconds passed first.
    func waitUntil(timeout: Double, _ condition: () -> Bool) throws -> Bool {
        let end = Date().addingTimeInterval(timeout)
        while Date() < end {
            if condition() { return true }
            usleep(50_000)
        }
        return condition()
    }

    /// Waits for the end and the last of the output; returns the exit status.
    func finish() -> Int32 {
        process.waitUntilExit()
        readersDone.wait()
        readersDone.wait()
        return process.terminationStatus
    }
}
