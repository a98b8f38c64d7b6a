import Foundation
import ScortaKit
import Testing

@testable import ScortaCLI

/// Completions and the man page come from the same declarations as parsing:
/// every command is in them, and the shells and groff accept them.
@Suite struct GeneratedDocumentationTests {
    static func output(_ arguments: [String]) -> (status: Int32, stdout: String, stderr: String) {
        let out = CapturedOutput()
        let err = CapturedOutput()
        let status = ScortaCLI.run(arguments, stdout: out.sink, stderr: err.sink)
        return (status, out.text, err.text)
    }

    static var leafPaths: [[String]] {
        Completions.walk(ScortaCLI.root, []).filter { $0.command.run != nil }.map(\.path)
    }

    /// Runs `shell -c script` (the shell must be installed: .ci/run installs zsh and fish).
    static func shell(_ shell: String, _ script: String, file: String) throws -> ScortaRun {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "scorta-completion-\(UUID().uuidString)"
        ).path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try file.write(toFile: folder + "/script", atomically: true, encoding: .utf8)
        return Sandbox.execute(
            "/usr/bin/env", [shell, "-c", script.replacingOccurrences(of: "SCRIPT", with: folder + "/script")])
    }

    @Test(arguments: Completions.Shell.allCases)
    func completionScriptsParseInTheirShellAndNameEveryCommand(shell: Completions.Shell) throws {
        let script = Self.output(["completions", shell.rawValue])
        #expect(script.status == 0 && script.stderr.isEmpty)
        for path in Self.leafPaths {
            #expect(script.stdout.contains(path.last!), "\(shell): \(path)")
        }
        let check = try Self.shell(shell.rawValue, "\(shell.rawValue) -n SCRIPT", file: script.stdout)
        #expect(check.status == 0, "\(shell) -n: \(check.stderr)")
    }

    /// bash completes subcommands, options of the command typed so far, and values its option's kind knows.
    @Test func bashCompletesSubcommandsOptionsAndKnownValues() throws {
        let script = Self.output(["completions", "bash"]).stdout
        func complete(_ words: [String]) throws -> String {
            let array = words.map { "'\($0)'" }.joined(separator: " ")
            return try Self.shell(
                "bash",
                "source SCRIPT; COMP_WORDS=(\(array)); COMP_CWORD=\(words.count - 1); _scorta; echo \"${COMPREPLY[*]}\"",
                file: script
            ).stdout.trimmingCharacters(in: .newlines)
        }
        #expect(try complete(["scorta", "rece"]) == "receive")
        #expect(try complete(["scorta", "receive", "--at", "MAG-A", "--dup"]) == "--duplicate-ref")
        #expect(try complete(["scorta", "adjust", "--reason", ""]) == "damaged expired lost found other")
        #expect(try complete(["scorta", "reverse", "--reason", ""]) == "")
        #expect(try complete(["scorta", "--db", "x.sqlite", "market", "che"]) == "checkout")
        #expect(try complete(["scorta", "completions", ""]).isEmpty == false)
    }

    @Test func theManPageHasEveryCommandAndGroffReadsItWithoutWarnings() throws {
        let page = Self.output(["man"])
        #expect(page.status == 0)
        #expect(page.stdout.hasPrefix(".TH SCORTA 1"))
        for path in Self.leafPaths {
            #expect(
                page.stdout.contains(".SS scorta \(path.map { ManPage.escaped($0) }.joined(separator: " "))\n"),
                "\(path)")
        }
        let groff = try Self.shell("sh", "groff -man -Tutf8 -ww -z SCRIPT", file: page.stdout)
        #expect(groff.status == 0 && groff.stderr.isEmpty, "\(groff.stderr)")
        // Where an installed scorta finds its files, and the variables that move them.
        for name in ["SCORTA_DB", "SCORTA_OPERATOR", "SCORTA_SEEDS", "SCORTA_LABELS"] {
            #expect(page.stdout.contains(".SH ENVIRONMENT\n") && page.stdout.contains(".TP\n.B \(name)\n"), "\(name)")
        }
        #expect(page.stdout.contains(".SH FILES\n") && page.stdout.contains(".I PREFIX/share/scorta/Labels\n"))
    }

    @Test func theRootHelpNamesTheEnvironment() {
        let help = Self.output(["help"]).stdout
        let environment = help.components(separatedBy: "\nENVIRONMENT:\n").last ?? ""
        for name in ["SCORTA_DB", "SCORTA_OPERATOR", "SCORTA_SEEDS", "SCORTA_LABELS"] {
            #expect(environment.contains("  \(name) "), "\(help)")
        }
    }

    @Test func helpIsTheSameEveryWayForEveryCommand() {
        for path in Self.leafPaths {
            let help = Self.output(["help"] + path)
            #expect(help.status == 0 && help.stdout.hasPrefix("OVERVIEW: "), "\(path)")
            #expect(Self.output(path + ["-h"]).stdout == help.stdout, "\(path)")
            #expect(Self.output(path + ["--help"]).stdout == help.stdout, "\(path)")
        }
    }
}

extension GeneratedDocumentationTests {
    /// A household code with a right check symbol, as the bad-input cases use.
    static var wellFormedCode: String { ValueKind<String>.wellFormedHouseholdCode }
}
