// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Scorta",
    products: [
        .library(name: "ScortaKit", targets: ["ScortaKit"]),
        .executable(name: "scorta", targets: ["scorta"]),
    ],
    targets: [
        // SQLite from the system (libsqlite3-dev); no third-party packages.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // All behaviour: database, ledger, market, reports, PDF, barcodes, labels.
        .target(name: "ScortaKit", dependencies: ["CSQLite"],
                exclude: ["PDF/Fonts/generate-widths.py", "PDF/Fonts/MustRead.html"]),
        // The thin command-line front end.
        .executableTarget(name: "scorta", dependencies: ["ScortaKit"]),
        // Builds city/region datasets through the posting path and prints figures.
        .executableTarget(name: "scorta-bench", dependencies: ["ScortaKit"]),
        .testTarget(name: "ScortaKitTests", dependencies: ["ScortaKit"]),
        // Runs the built `scorta` binary end to end.
        .testTarget(name: "ScortaCLITests", dependencies: ["ScortaKit"]),
    ],
    swiftLanguageModes: [.v6]
)
