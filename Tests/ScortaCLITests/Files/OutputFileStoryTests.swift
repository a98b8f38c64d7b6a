import Foundation
import Glibc
import Testing

/// Issue 12, reproduction 7: output files clobbered anything, the live
/// database included, were created world-readable, and temporary files
/// outlived a killed or failed command.
/// SQLite only: their subject is the files a command writes beside a ledger
/// file (its WAL, a backup, a restore's staging copy), and reports and
/// registers are written by the same code from either engine.
@Suite struct OutputFileStoryTests {
    func bytes(_ path: String) -> Data? { FileManager.default.contents(atPath: path) }
    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
    }
    func leftovers(_ sandbox: Sandbox) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: sandbox.folder.path)) ?? []).filter {
            $0.hasSuffix(".part") || $0.contains(".restoring-")
        }
    }

    let register = ["report", "stock-register", "--at", "MAG-A", "--from", "2026-01-01", "--to", "2026-11-30"]

    @Test func aReportNeverWritesOntoTheOpenDatabaseItsWALOrABackup() throws {
        let sandbox = try Sandbox()
        #expect(sandbox.run("receive", "--at", "MAG-A", "IG-SAP:5", "--date", "2026-11-20").status == 0)
        #expect(sandbox.run("backup", sandbox.path("copy.sqlite")).status == 0)
        #expect(link(sandbox.db, sandbox.path("alias.pdf")) == 0)
        let database = bytes(sandbox.db)
        let backup = bytes(sandbox.path("copy.sqlite"))
        for target in [
            sandbox.db, "scorta.sqlite", "./scorta.sqlite", sandbox.db + "-wal", "scorta.sqlite-shm",
            sandbox.path("alias.pdf"),
            sandbox.path("copy.sqlite")
        ] {
            for force in [[], ["--force"]] {
                let run = sandbox.run(arguments: register + ["--pdf", target] + force)
                #expect(run.status == 1, "\(target) \(force): \(run.stdout)")
                #expect(run.stderr.hasPrefix("Error: ") && run.stderr.contains(target), "\(run.stderr)")
            }
        }
        #expect(bytes(sandbox.db) == database)
        #expect(bytes(sandbox.path("copy.sqlite")) == backup)
        #expect(sandbox.run("stock").status == 0)
        #expect(sandbox.run("check").status == 0)
        #expect(leftovers(sandbox).isEmpty)
    }

    @Test func everyWriterRefusesAnExistingFileUnlessForced() throws {
        let sandbox = try Sandbox()
        #expect(sandbox.run("receive", "--at", "MAG-A", "IG-SAP:5", "--date", "2026-11-20").status == 0)
        let code = try sandbox.register("--member", "born=1980,sex=f", "--card-months", "0")
        #expect(
            sandbox.run(
                "distribute", "--from", "MAG-A", "--channel", "CD", "--household", code, "IG-SAP:1", "--date",
                "2026-11-21"
            ).status == 0)
        let commands: [(args: [String], file: String)] = [
            (register + ["--pdf", "register.pdf"], "register.pdf"),
            (["report", "fead", "--from", "2026-01-01", "--to", "2026-11-30", "--pdf", "fead.pdf"], "fead.pdf"),
            (
                [
                    "report", "distribution-register", "--from", "2026-11-01", "--to", "2026-11-30", "--pdf",
                    "consegne.pdf"
                ], "consegne.pdf"
            ),
            (["report", "receipt", "CON-2026-00001"], "CON-2026-00001.pdf"),
            (["labels", "item", "IG-SAP", "-o", "labels.pdf"], "labels.pdf"),
            (["labels", "card", code], "labels-card.pdf"),
            (["backup", "backup.sqlite"], "backup.sqlite")
        ]
        for (args, file) in commands {
            let path = sandbox.path(file)
            try Data("keep me\n".utf8).write(to: URL(fileURLWithPath: path))
            let refused = sandbox.run(arguments: args)
            #expect(refused.status == 1, "\(args)")
            #expect(refused.stderr.contains(file) && refused.stderr.contains("--force"), "\(args): \(refused.stderr)")
            #expect(bytes(path) == Data("keep me\n".utf8), "\(args) changed \(file)")
            let forced = sandbox.run(arguments: args + ["--force"])
            #expect(forced.status == 0, "\(args) --force: \(forced.stderr)")
            #expect(bytes(path) != Data("keep me\n".utf8))
            // A SQLite file (the backup just written) is never replaced, even with --force.
            if file == "backup.sqlite" {
                let again = sandbox.run(arguments: args + ["--force"])
                #expect(again.status == 1 && again.stderr.contains("backup.sqlite"), "\(again.stderr)")
            }
        }
        // Every writer says --force the same way.
        for help in [register, ["report", "receipt"], ["labels", "item"], ["backup"]] {
            let text = sandbox.run(arguments: help + ["--help"]).stdout
            #expect(
                text.contains("  --force ")
                    && text.contains(
                        " Overwrite an existing output file (never the database, its -wal/-shm, or any SQLite file such as a backup).\n"
                    ), "\(help)")
        }
        #expect(leftovers(sandbox).isEmpty)
    }

    @Test func filesCarryingHouseholdCodesAreReadableByTheirOwnerOnly() throws {
        let sandbox = try Sandbox()
        #expect(sandbox.run("receive", "--at", "MAG-A", "IG-SAP:5", "--date", "2026-11-20").status == 0)
        let code = try sandbox.register("--member", "born=1980,sex=f", "--card-months", "0")
        #expect(
            sandbox.run(
                "distribute", "--from", "MAG-A", "--channel", "CD", "--household", code, "IG-SAP:1", "--date",
                "2026-11-21"
            ).status == 0)
        let receipt = ["report", "receipt", "CON-2026-00001", "--pdf", "receipt.pdf"]
        #expect(sandbox.run(arguments: receipt).status == 0)
        #expect(sandbox.run(arguments: register + ["--pdf", "register.pdf"]).status == 0)
        #expect(
            sandbox.run(
                "report", "distribution-register", "--from", "2026-11-01", "--to", "2026-11-30", "--pdf", "consegne.pdf"
            ).status == 0)
        #expect(sandbox.run("labels", "card", code, "-o", "cards.pdf").status == 0)
        #expect(sandbox.run("labels", "item", "IG-SAP", "-o", "items.pdf").status == 0)
        for file in ["receipt.pdf", "register.pdf", "consegne.pdf", "cards.pdf"] {
            #expect(try mode(sandbox.path(file)) == 0o600, "\(file)")
        }
        // Labels without household codes follow the user's umask.
        #expect(try mode(sandbox.path("items.pdf")) & 0o600 == 0o600)
    }

    /// A killed register leaves neither its temporary `.part` nor a PDF.
    @Test func aRegisterKilledWithSIGTERMLeavesNoTemporaryFile() throws {
        let sandbox = try Sandbox()
        // Many lots, so the register PDF takes long enough to be killed midway.
        let lines = (1...6000).map { "IG-SAP,1,L\($0)" }.joined(separator: "\n")
        let file = try sandbox.write("many.csv", "sku,quantity,lot\n" + lines + "\n")
        let received = sandbox.run("receive", "--at", "MAG-A", "--file", file, "--date", "2026-11-20")
        #expect(received.status == 0, "\(received.stderr)")
        for attempt in 0..<3 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Sandbox.binary)
            process.arguments = register + ["--pdf", "killed.pdf"]
            var environment = ProcessInfo.processInfo.environment
            environment["SCORTA_DB"] = sandbox.db
            environment["SCORTA_OPERATOR"] = "tester"
            process.environment = environment
            process.currentDirectoryURL = sandbox.folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning, leftovers(sandbox).isEmpty, Date() < deadline { usleep(2_000) }
            guard process.isRunning else { continue }  // finished before it could be caught: try again
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            #expect(
                process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM,
                "attempt \(attempt)")
            #expect(leftovers(sandbox).isEmpty, "\(leftovers(sandbox))")
            #expect(!FileManager.default.fileExists(atPath: sandbox.path("killed.pdf")))
            return
        }
        Issue.record("the register finished before it could be killed three times: make it longer")
    }
}

extension OutputFileStoryTests {
    /// SIGKILL leaves no chance to clean up: the next run removes what a dead process left.
    @Test func theNextRunRemovesWhatAKilledProcessLeft() throws {
        let sandbox = try Sandbox()
        #expect(sandbox.run("receive", "--at", "MAG-A", "IG-SAP:5", "--date", "2026-11-20").status == 0)
        #expect(sandbox.run("backup", "copy.sqlite").status == 0)
        // A process id that cannot be running (above the kernel's pid_max).
        let dead = "4194304"
        for name in [
            ".register.pdf.\(dead).part", "scorta.sqlite.restoring-\(dead)", "scorta.sqlite.restoring-\(dead)-wal"
        ] {
            try Data("stale".utf8).write(to: URL(fileURLWithPath: sandbox.path(name)))
        }
        // A live process's file is left alone.
        let live = ".register.pdf.1.part"
        try Data("init's".utf8).write(to: URL(fileURLWithPath: sandbox.path(live)))
        #expect(sandbox.run(arguments: register + ["--pdf", "register.pdf"]).status == 0)
        let restored = sandbox.run("restore", "copy.sqlite", "--replace")
        #expect(restored.status == 0, "\(restored.stderr)")
        // A note about what it cleaned up, on stderr: stdout is the restore's result, for scripts.
        #expect(
            restored.stderr.contains(
                "Removed \(sandbox.path("scorta.sqlite.restoring-\(dead)")), left by an earlier restore that was stopped"
            ),
            "\(restored.stderr)")
        #expect(!restored.stdout.contains("Removed"), "\(restored.stdout)")
        #expect(leftovers(sandbox) == [live], "\(leftovers(sandbox))")
    }

    /// A restore stopped with SIGTERM while it checks the copy leaves no staging file.
    @Test func aRestoreKilledWithSIGTERMLeavesNoStagingCopy() throws {
        let sandbox = try Sandbox()
        let lines = (1...6000).map { "IG-SAP,1,L\($0)" }.joined(separator: "\n")
        let file = try sandbox.write("many.csv", "sku,quantity,lot\n" + lines + "\n")
        #expect(sandbox.run("receive", "--at", "MAG-A", "--file", file, "--date", "2026-11-20").status == 0)
        #expect(sandbox.run("backup", "copy.sqlite").status == 0)
        for _ in 0..<5 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: Sandbox.binary)
            process.arguments = ["restore", "copy.sqlite", "--replace"]
            var environment = ProcessInfo.processInfo.environment
            environment["SCORTA_DB"] = sandbox.db
            environment["SCORTA_OPERATOR"] = "tester"
            process.environment = environment
            process.currentDirectoryURL = sandbox.folder
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning, leftovers(sandbox).isEmpty, Date() < deadline { usleep(500) }
            guard process.isRunning else { continue }
            kill(process.processIdentifier, SIGTERM)
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal && process.terminationStatus == SIGTERM)
            #expect(leftovers(sandbox).isEmpty, "\(leftovers(sandbox))")
            #expect(sandbox.run("check").status == 0)
            return
        }
        Issue.record("the restore finished before it could be killed five times")
    }
}
