import Foundation
import ScortaKit

enum Files {
    /// Reads a UTF-8 text file; `-` is standard input.
    static func read(_ path: String) throws -> String {
        let data: Data?
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            data = FileManager.default.contents(atPath: path)
        }
        guard let data else { throw ScortaError.invalid("cannot read '\(path)'") }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScortaError.invalid("'\(path)' is not UTF-8 text")
        }
        return text
    }
}
