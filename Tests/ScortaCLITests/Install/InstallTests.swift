import Foundation
import ScortaHarness
import Testing

/// `make install`: the binary in PREFIX/bin finds Seeds, Labels and its fonts
/// in PREFIX/share/scorta from any folder, with no project folder around;
/// man page and completions are in their usual places and load.
///
/// The layout is checked with the debug binary the tests already have
/// (`make install-files BINARY=…`: every step of `make install` but the
/// release build, which takes minutes on two cores). The release build with
/// the standard library linked statically runs when SCORTA_TEST_RELEASE_INSTALL=1.
@Suite struct InstallTests {
    /// A temporary PREFIX, a working folder outside it and outside the project,
    /// and an environment that names no Scorta folder.
    final class Prefix: @unchecked Sendable {
        let root: URL
        var prefix: String { root.appendingPathComponent("prefix").path }
        var office: String { root.appendingPathComponent("office").path }
        var binary: String { prefix + "/bin/scorta" }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("scorta-install-\(UUID().uuidString)")
            try FileManager.default.createDirectory(
                atPath: root.appendingPathComponent("office").path, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(at: root) }

        /// Only PATH (with PREFIX/bin first), HOME and the ledger: no SCORTA_SEEDS, no SCORTA_LABELS.
        func environment(_ extra: [String: String] = [:]) -> [String: String] {
            var env = [
                "PATH": prefix + "/bin:/usr/bin:/bin", "HOME": root.path, "SCORTA_DB": office + "/scorta.sqlite",
                "SCORTA_OPERATOR": "anna"
            ]
            for (key, value) in extra { env[key] = value }
            return env
        }

        /// `scorta ARGS` found on the PATH, as a user types it (argv[0] is just "scorta").
        func scorta(_ arguments: String..., environment extra: [String: String] = [:]) -> ScortaRun {
            let line = (["scorta"] + arguments).map { "'\($0)'" }.joined(separator: " ")
            return Sandbox.execute("/bin/sh", ["-c", line], environment: environment(extra), directory: office)
        }

        func make(_ arguments: [String]) -> ScortaRun {
            Sandbox.execute(
                "/usr/bin/make", ["-C", Sandbox.repository] + arguments + ["PREFIX=\(prefix)"],
                environment: ProcessInfo.processInfo.environment)
        }
    }

    @Test func theInstalledLayoutWorksFromAnotherFolder() throws {
        let p = try Prefix()
        let installed = p.make(["install-files", "BINARY=\(Sandbox.binary)"])
        #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
        try checkInstalled(p)
    }

    @Test(.enabled(if: ProcessInfo.processInfo.environment["SCORTA_TEST_RELEASE_INSTALL"] == "1"))
    func makeInstallBuildsAStaticReleaseBinary() throws {
        let p = try Prefix()
        // Its own build folder: `swift test` holds the lock on .build, and a build there would wait for it forever.
        let installed = p.make(["install", "BUILD_DIR=\(p.root.path)/build"])
        #expect(installed.status == 0, "\(installed.stdout)\(installed.stderr)")
        // No Swift library is loaded from the toolchain: the office PC has none.
        let libraries = Sandbox.execute("/usr/bin/ldd", [p.binary])
        #expect(
            libraries.status == 0 && !libraries.stdout.contains("libswift")
                && !libraries.stdout.contains("libFoundation"),
            "\(libraries.stdout)")
        try checkInstalled(p)
    }

    func checkInstalled(_ p: Prefix) throws {
        for file in [
            "bin/scorta", "share/scorta/Seeds/items.csv", "share/scorta/Labels/avery-l7160.json",
            "share/scorta/fonts/LiberationSans-Regular.ttf", "share/scorta/fonts/OFL.txt", "share/man/man1/scorta.1",
            "share/bash-completion/completions/scorta", "share/zsh/site-functions/_scorta",
            "share/fish/vendor_completions.d/scorta.fish"
        ] {
            #expect(FileManager.default.fileExists(atPath: p.prefix + "/" + file), "\(file) not installed")
        }
        let created = p.scorta("init")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(created.stdout.contains("from \(p.prefix)/share/scorta/Seeds"), "\(created.stdout)")
        let templates = p.scorta("labels", "templates")
        #expect(
            templates.status == 0 && templates.stdout.contains("avery-l7160"), "\(templates.stdout)\(templates.stderr)")
        // A label job: the template from share/scorta/Labels, the fonts from share/scorta/fonts.
        let labels = p.scorta("labels", "item", "IG-SAP", "-o", "etichette.pdf")
        #expect(labels.status == 0, "\(labels.stderr)")
        let pdf = FileManager.default.contents(atPath: p.office + "/etichette.pdf") ?? Data()
        #expect(pdf.starts(with: Data("%PDF-1.4".utf8)) && pdf.count > 5_000, "\(pdf.count) bytes")
        // Through a symbolic link elsewhere, as some PCs put programs on the PATH.
        try FileManager.default.createSymbolicLink(atPath: p.root.path + "/link", withDestinationPath: p.binary)
        let linked = Sandbox.execute(
            p.root.path + "/link", ["labels", "templates"], environment: p.environment(), directory: p.office)
        #expect(linked.status == 0 && linked.stdout.contains("avery-l7160"), "\(linked.stdout)\(linked.stderr)")
        // The demo's hints name the command as typed on this PC, not the build folder's.
        let demo = p.scorta("demo")
        #expect(
            demo.status == 0 && demo.stdout.contains("\n      scorta help\n") && !demo.stdout.contains(".build"),
            "\(demo.stdout)")
        let manual = p.scorta("man")
        #expect(manual.status == 0 && manual.stdout.hasPrefix(".TH SCORTA 1"))
        #expect(FileManager.default.contents(atPath: p.prefix + "/share/man/man1/scorta.1") == Data(manual.stdout.utf8))
        // The completion loads in a plain bash and registers itself for scorta.
        let bash = Sandbox.execute(
            "/bin/bash",
            [
                "--norc", "--noprofile", "-c",
                "source '\(p.prefix)/share/bash-completion/completions/scorta' && complete -p scorta"
            ])
        #expect(
            bash.status == 0 && bash.stdout.hasPrefix("complete ") && bash.stdout.hasSuffix(" scorta\n"),
            "\(bash.stdout)\(bash.stderr)")
        // SCORTA_SEEDS and SCORTA_LABELS override the installed folders.
        let missing = p.scorta("labels", "templates", environment: ["SCORTA_LABELS": p.root.path + "/nowhere"])
        #expect(missing.status == 1 && missing.stderr.contains("SCORTA_LABELS"), "\(missing.stderr)")
        let seeds = p.scorta("init", "--db", "other.sqlite", environment: ["SCORTA_SEEDS": p.root.path + "/nowhere"])
        #expect(seeds.status == 1 && seeds.stderr.contains("SCORTA_SEEDS"), "\(seeds.stderr)")
    }

    /// A binary copied without its share folder says what is missing instead of
    /// quietly using the project folder it was built in.
    @Test func aBareBinaryNamesTheFolderItLacks() throws {
        let p = try Prefix()
        try FileManager.default.createDirectory(atPath: p.prefix + "/bin", withIntermediateDirectories: true)
        // By cp, not FileManager: a file this process holds open for writing while another test
        // spawns a child is inherited by that child, and executing it fails with ETXTBSY.
        #expect(Sandbox.execute("/bin/cp", [Sandbox.binary, p.binary]).status == 0)
        let created = p.scorta("init")
        #expect(created.status == 1, "\(created.stdout)")
        #expect(
            created.stderr.hasPrefix("Error: no Seeds folder found beside \(p.binary) (../share/scorta/Seeds)"),
            "\(created.stderr)")
        let templates = p.scorta("labels", "templates")
        #expect(templates.status == 1 && templates.stderr.contains("no Labels folder found"), "\(templates.stderr)")
    }
}
