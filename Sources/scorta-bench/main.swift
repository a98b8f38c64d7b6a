import Foundation
import ScortaCLI
import ScortaHarness
import ScortaKit

// scorta-bench: builds a dataset through Scorta's posting path and prints
// figures (medians of several runs, with a line describing the machine).
// No targets are asserted here: the figures are read by a person.
//
//   swift build -c release && .build/release/scorta-bench --size city

let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    arguments.firstIndex(of: name).flatMap { arguments.index(after: $0) < arguments.endIndex ? arguments[$0 + 1] : nil }
}
if arguments.contains("--help") || arguments.contains("-h") {
    print(
        """
        OVERVIEW: Build a benchmark dataset through Scorta's posting path and print figures.

        USAGE: scorta-bench [--size smoke|town|city|region] [--dir <folder>] [--keep] [--reuse] [--scorta <path>] [--postgresql <uri> | --no-postgresql]
               [--only dataset|postgresql-dataset] [--bulk-lines <n>] [--sqlite-cache <MiB>] [--wal-checkpoint city-year|auto]

        OPTIONS:
          --size <size>    smoke (CI), town (a quarter of a city), city (5,000 households, 200,000 distribution
                           lines) or region (ten cities, over 10,000,000 ledger lines); default city.
          --dir <folder>   Where to build the dataset (default: a temporary folder, removed afterwards).
          --keep           Keep the dataset folder.
          --reuse          Time the commands on the dataset already in --dir (from a kept run) without building it.
          --scorta <path>  The scorta binary to time (default: the one beside scorta-bench), e.g. the installed one.
          --postgresql <uri>  Also measure on this empty PostgreSQL database (default: a throwaway server on
                           127.0.0.1 when PostgreSQL's server programs are installed); --no-postgresql skips it.
          --only dataset   Build the dataset, print its figures and stop (no commands timed): what a profiler
                           of the posting path runs, e.g. under valgrind --tool=callgrind.
          --only postgresql-dataset  Build the dataset on the server only (--postgresql, else the throwaway one)
                           and print its figures: how posting there keeps up as the ledger grows.
          --bulk-lines <n> Lines of the bulk receipt timed against the sqlite3 shell's .import (default: the
                           size's own: 2,000 for smoke, 100,000 for region), e.g. 100000 on the smoke dataset.
          --sqlite-cache <MiB>  SQLite's page cache while the dataset is built (default 256).
          --wal-checkpoint city-year|auto  When the build copies the WAL into the database file: after each
                           city's year (default) or SQLite's automatic checkpoint after every large commit (the
                           setting commands run with); `--sqlite-cache 64 --wal-checkpoint auto` is the build
                           before December 2026, for a side-by-side run.
          -h, --help       Show help information.
        """)
    exit(0)
}
guard let size = DatasetSize.named(option("--size") ?? "city") else {
    FileHandle.standardError.write(Data("Error: --size must be smoke, town, city or region\n".utf8))
    exit(64)
}
let folder = option("--dir") ?? (NSTemporaryDirectory() + "scorta-bench-\(getpid())")
try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
let binaryFolder = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    .path
// --scorta times an installed binary instead of the one built beside scorta-bench.
var bulkLines = size.bulkLines
if let text = option("--bulk-lines") {
    guard let lines = Int(text), lines > 0 else {
        FileHandle.standardError.write(Data("Error: --bulk-lines takes a whole number of lines greater than 0\n".utf8))
        exit(64)
    }
    bulkLines = lines
}
var bench = Bench(
    size: size, folder: folder, scorta: option("--scorta") ?? binaryFolder + "/scorta", bulkLines: bulkLines)
if let text = option("--sqlite-cache") {
    guard let mebibytes = Int(text), mebibytes > 0 else {
        FileHandle.standardError.write(Data("Error: --sqlite-cache takes a whole number of MiB greater than 0\n".utf8))
        exit(64)
    }
    bench.tuning.cacheMebibytes = mebibytes
}
if let text = option("--wal-checkpoint") {
    guard text == "city-year" || text == "auto" else {
        FileHandle.standardError.write(Data("Error: --wal-checkpoint takes 'city-year' or 'auto'\n".utf8))
        exit(64)
    }
    bench.tuning.checkpointEachCityYear = text == "city-year"
}
if let only = option("--only") {
    guard only == "dataset" || only == "postgresql-dataset", !arguments.contains("--reuse") else {
        FileHandle.standardError.write(
            Data("Error: --only takes 'dataset' or 'postgresql-dataset' (not with --reuse)\n".utf8))
        exit(64)
    }
    bench.datasetOnly = only == "dataset"
    bench.serverDatasetOnly = only == "postgresql-dataset"
}
if arguments.contains("--reuse") {
    guard option("--dir") != nil, FileManager.default.fileExists(atPath: folder + "/bench.sqlite") else {
        FileHandle.standardError.write(
            Data("Error: --reuse needs --dir <folder> holding bench.sqlite from a kept run\n".utf8))
        exit(64)
    }
    bench.reuse = true
}
do {
    // The dataset build takes minutes: a progress line on a terminal, as scorta draws it.
    try SignsOfLife.$reporter.withValue(TerminalProgress.forStandardError()) { try bench.run() }
} catch {
    FileHandle.standardError.write(Data("Error: \(error)\n".utf8))
    exit(1)
}
if !arguments.contains("--keep") && !arguments.contains("--reuse") && option("--dir") == nil {
    try? FileManager.default.removeItem(atPath: folder)
}
