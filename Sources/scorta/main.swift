import Glibc
import ScortaCLI
import ScortaHarness
import ScortaKit

// Arguments arrive as bytes, and CommandLine.arguments would repair invalid UTF-8 silently: checked first.
do { try ArgumentEncoding.requireUTF8() } catch {
    let line = Array("Error: \(error)\n".utf8)
    _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
    exit(64)
}
// The executable is only this: the command tree lives in ScortaCLI.
let status = ScortaCLI.run(Array(CommandLine.arguments.dropFirst()))
PeakMemory.reportIfAsked()
exit(status)
