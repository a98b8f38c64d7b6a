import Foundation
import Testing

/// Checks a PDF the way an archive does: Apache PDFBox's PDF/A-1b preflight (Debian's
/// libpdfbox2-java with its dependencies and a Java runtime, installed by `.ci/run`), every
/// font embedded (`pdffonts`) and a clean structure (`qpdf --check`).
enum PDFArchive {
    static let java = "/usr/bin/java"
    static let jars = ["preflight", "pdfbox2", "fontbox2", "xmpbox", "javax.activation", "jaxb-api", "commons-logging"]
        .map { "/usr/share/java/\($0).jar" }

    /// Whether the checks can run; with SCORTA_REQUIRE_TOOLS=1 (CI) they always do, and fail if a tool is missing.
    static var enabled: Bool {
        ProcessInfo.processInfo.environment["SCORTA_REQUIRE_TOOLS"] == "1"
            || ([java, "/usr/bin/pdffonts", "/usr/bin/qpdf"] + jars).allSatisfy {
                FileManager.default.fileExists(atPath: $0)
            }
    }

    static func expectValid(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let name = URL(fileURLWithPath: path).lastPathComponent
        let preflight = Sandbox.execute(
            java, ["-cp", jars.joined(separator: ":"), "org.apache.pdfbox.preflight.Validator_A1b", path])
        #expect(
            preflight.status == 0 && preflight.stdout.contains("is a valid PDF/A-1b file"),
            "\(name): PDF/A-1b preflight: \(preflight.stdout)\(preflight.stderr)", sourceLocation: sourceLocation)
        let fonts = Sandbox.execute("/usr/bin/pdffonts", [path])
        let rows = fonts.stdout.split(separator: "\n").drop { !$0.hasPrefix("---") }.dropFirst()
        #expect(
            fonts.status == 0 && !rows.isEmpty, "\(name): pdffonts: \(fonts.stdout)\(fonts.stderr)",
            sourceLocation: sourceLocation)
        for row in rows {
            // name, type (may hold spaces), encoding, then emb sub uni object generation.
            let columns = row.split(separator: " ")
            #expect(
                columns.count >= 7 && columns[columns.count - 5] == "yes", "\(name): font not embedded: \(row)",
                sourceLocation: sourceLocation)
        }
        let check = Sandbox.execute("/usr/bin/qpdf", ["--check", path])
        #expect(
            check.status == 0, "\(name): qpdf --check: \(check.stdout)\(check.stderr)", sourceLocation: sourceLocation)
    }

    static func text(_ path: String) -> String {
        Sandbox.execute("/usr/bin/pdftotext", ["-layout", path, "-"]).stdout
    }
}
