import Glibc
import ScortaCLI
import ScortaKit
import ScortaHarness

// Arguments arrive as bytes, and CommandLine.arguments would repair invalid UTF-8 silently: checked first.
do { try ArgumentEncoding.requireUTF8() } catch {
    fputs("Error: \(error)\n", stderr)
    exit(64)
}
// The executable is only this: the command tree lives in ScortaCLI.
let status = ScortaCLI.run(Array(CommandLine.arguments.dropFirst()))
PeakMemory.reportIfAsked()
exit(status)
