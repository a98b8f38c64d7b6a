import Glibc
import ScortaKit
import ScortaHarness

// The thin front end: parse, run, and turn errors into one line on stderr
// and the exit codes of STYLE.md (0 ok, 64 usage, 1 anything else).
let parser = CommandParser(root: Commands.root, globalOptions: Commands.globalOptions)
let status = CLI.main(parser: parser, arguments: Array(CommandLine.arguments.dropFirst()))
PeakMemory.reportIfAsked()
exit(status)
