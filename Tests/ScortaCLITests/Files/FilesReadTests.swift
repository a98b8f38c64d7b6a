import Foundation
import Testing

@testable import ScortaCLI

/// A file that cannot be read is named with the reason, so the user knows
/// whether the name, the rights or the path is wrong.
@Suite struct FilesReadTests {
    func message(_ path: String) -> String {
        do {
            _ = try Files.read(path)
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test func aMissingFileOrAFolderIsNamedWithTheReason() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(message(folder + "/delivery.csv") == "cannot read '\(folder)/delivery.csv': no such file or directory")
        #expect(message(folder) == "cannot read '\(folder)': it is a folder")
        try "sku,quantity\n".write(toFile: folder + "/ok.csv", atomically: true, encoding: .utf8)
        #expect(try Files.read(folder + "/ok.csv") == "sku,quantity\n")
    }
}
