import Glibc
import ScortaCLI
import ScortaKit
import ScortaHarness

// The executable is only this: the command tree lives in ScortaCLI.
let status = ScortaCLI.run(Array(CommandLine.arguments.dropFirst()))
PeakMemory.reportIfAsked()
exit(status)
