import Foundation
import ScortaKit

#if canImport(Glibc)
    import Glibc
#endif

enum Files {
    /// Reads a UTF-8 text file; `-` is standard input.
    static func read(_ path: String) throws -> String {
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else { throw ScortaError.invalid("cannot read '\(path)': \(whyUnreadable(path))") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScortaError.invalid("'\(path)' is not UTF-8 text")
        }
        return text
    }

    /// Why `path` could not be read, as the system says it (no such file, permission denied), or
    /// that it is a folder: the user then knows whether to fix the name, the rights or the path.
    static func whyUnreadable(_ path: String) -> String {
        var status = stat()
        guard stat(path, &status) == 0 else { return String(cString: strerror(errno)).lowercased() }
        if status.st_mode & S_IFMT == S_IFDIR { return "it is a folder" }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return String(cString: strerror(errno)).lowercased() }
        close(descriptor)
        return "it could not be read to the end"
    }
}
