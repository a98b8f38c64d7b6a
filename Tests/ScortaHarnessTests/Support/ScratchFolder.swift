import Foundation

/// A folder of a test's own files, removed when the test ends (a test suite that is a final class
/// holds one, made anew for each test). Removing a database alone left its WAL and shared-memory
/// files behind in the temporary directory.
final class ScratchFolder {
    let url: URL

    init(_ name: String) throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func path(_ file: String) -> String { url.appendingPathComponent(file).path }
}
