// swift-tools-version:6.0
import PackageDescription

// A generic type made at run time (a dictionary's storage for its key type)
// is named, by default, by its mangled name, which the runtime decodes, and
// each requirement it names (the key's Hashable) is then looked up through
// every conformance record of the binary, once per type: 17 lookups, 2.7 M of a
// one-shot checkout's 22.5 M instructions. Released, the compiler calls the
// type's metadata accessor with the conformances it already knows instead.
let directMetadata: [SwiftSetting] = [
    .unsafeFlags(
        ["-Xfrontend", "-disable-concrete-type-metadata-mangled-name-accessors"], .when(configuration: .release))
]

let package = Package(
    name: "Scorta",
    products: [
        .library(name: "ScortaKit", targets: ["ScortaKit"]),
        .library(name: "ScortaCLI", targets: ["ScortaCLI"]),
        .executable(name: "scorta", targets: ["scorta"])
    ],
    targets: [
        // SQLite from the system (libsqlite3-dev); no third-party packages.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // All behaviour: database, ledger, market, reports, PDF, barcodes, labels.
        // The Liberation fonts (SIL OFL) travel as resources: every PDF embeds subsets of them.
        // SHA-256's block function with the x86 SHA instructions, where the processor has them.
        .target(name: "CSHA256"),
        // SQLite's allocator: freed small blocks kept for reuse (Debian's SQLite has no lookaside).
        .target(name: "CSQLiteMemory", linkerSettings: [.linkedLibrary("sqlite3")]),
        .target(
            name: "ScortaKit", dependencies: ["CSQLite", "CSHA256", "CSQLiteMemory"],
            exclude: ["PDF/Fonts/MustRead.html"],
            resources: [.copy("PDF/Fonts/Liberation")], swiftSettings: directMetadata),
        // What checks the product from outside and is not shipped in it: the
        // trials, the benchmark's dataset and measurements, the demo, and the
        // one child-process helper the tests share.
        .target(name: "ScortaHarness", dependencies: ["ScortaKit"], swiftSettings: directMetadata),
        // The command tree: every command declared once, parsed, run, helped; callable in process.
        .target(name: "ScortaCLI", dependencies: ["ScortaKit", "ScortaHarness"], swiftSettings: directMetadata),
        // The thin executable: hands its arguments to ScortaCLI. Released at a
        // fixed address (not position-independent): with the runtime and
        // Foundation linked in, the loader otherwise patches 78,000 pointers at
        // every start, a tenth of a stock query's instructions, and the start-up
        // target (2.5x the sqlite3 shell) is then missed in two runs of five.
        // Its libraries, heap and stack are still placed at random.
        .executableTarget(
            name: "scorta", dependencies: ["ScortaCLI", "ScortaKit"],
            linkerSettings: [.unsafeFlags(["-Xclang-linker", "-no-pie"], .when(configuration: .release))]),
        // Builds city/region datasets through the posting path and prints figures
        // (with the CLI's progress line on a terminal).
        .executableTarget(
            name: "scorta-bench", dependencies: ["ScortaKit", "ScortaHarness", "ScortaCLI"],
            exclude: ["reportlab-labels.py"]),
        .testTarget(name: "ScortaKitTests", dependencies: ["ScortaKit", "ScortaHarness"]),
        .testTarget(name: "ScortaHarnessTests", dependencies: ["ScortaKit", "ScortaHarness"]),
        // Runs the built `scorta` binary end to end, or the command tree in process.
        .testTarget(name: "ScortaCLITests", dependencies: ["ScortaCLI", "ScortaKit", "ScortaHarness"])
    ],
    swiftLanguageModes: [.v6]
)
