import Foundation
import Glibc

/// Where Scorta's own files are, found from the running binary itself
/// (`/proc/self/exe`), never from the working folder or from `argv[0]`
/// (which is just "scorta" when the shell found it on the PATH).
///
/// Two layouts:
/// - installed (`make install PREFIX=…`): `PREFIX/bin/scorta`, with `Seeds/`,
///   `Labels/` and the fonts in `PREFIX/share/scorta/`;
/// - the source tree: `.build/<triple>/<config>/scorta`, with `Seeds/` and
///   `Labels/` at the top of the tree and the fonts in SwiftPM's resource
///   bundle beside the binary.
public enum Installation {
    /// The running binary's path, symbolic links resolved.
    public static let executable: String = {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return CommandLine.arguments.first ?? "scorta" }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }()

    /// `PREFIX/share/scorta` for a binary at `PREFIX/bin/scorta`.
    public static func shareFolder(executable: String = executable) -> String {
        folder(of: executable).appendingPathComponent("../share/scorta").standardized.path
    }

    /// A folder of Scorta's data (`Seeds`, `Labels`) for the binary at
    /// `executable`: the installed share folder, else the source tree it was
    /// built in (`.build/<config>` or `.build/<triple>/<config>`). `marker` is
    /// a file the folder must hold, so an unrelated folder of that name is passed over.
    public static func dataFolder(_ name: String, marker: String? = nil, executable: String = executable) -> String? {
        let binary = folder(of: executable)
        let candidates = ["../share/scorta/\(name)", "../../\(name)", "../../../\(name)"]
            .map { binary.appendingPathComponent($0).standardized.path }
        return candidates.first { folder in
            isDirectory(folder) && marker.map { FileManager.default.fileExists(atPath: folder + "/" + $0) } ?? true
        }
    }

    /// The Liberation fonts every PDF embeds: `share/scorta/fonts` when
    /// installed, else SwiftPM's resource bundle beside the binary (a build,
    /// and the test runner). Not `Bundle.module`: its fallback is the absolute
    /// path of the build folder, so a copied binary would seem to work until
    /// that folder is gone.
    public static func fontFolder(executable: String = executable) -> String? {
        let binary = folder(of: executable)
        let candidates = ["../share/scorta/fonts", "Scorta_ScortaKit.resources/Liberation"]
            .map { binary.appendingPathComponent($0).standardized.path }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/LiberationSans-Regular.ttf") }
    }

    static func folder(of executable: String) -> URL {
        URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
