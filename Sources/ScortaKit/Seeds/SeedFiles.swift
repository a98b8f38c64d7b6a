import Foundation

/// Reads the seed files a manager edits (plain CSV and JSON in `Seeds/`),
/// turning every problem into an error that names the file and the entry.
public struct SeedFiles {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// Where the seeds are: `--seeds`, else `SCORTA_SEEDS`, else `./Seeds`,
    /// else the installation's (`Installation.dataFolder`): `../share/scorta/Seeds`
    /// beside an installed binary, or the `Seeds/` of the source tree it was built in.
    public static func locate(explicit: String?, executablePath: String = Installation.executable) throws -> SeedFiles {
        if let explicit {
            guard isDirectory(explicit) else { throw ScortaError.invalid("seed folder '\(explicit)' does not exist") }
            return SeedFiles(directory: explicit)
        }
        if let fromEnvironment = Environment.value("SCORTA_SEEDS") {
            guard isDirectory(fromEnvironment) else {
                throw ScortaError.invalid("seed folder '\(fromEnvironment)' (SCORTA_SEEDS) does not exist")
            }
            return SeedFiles(directory: fromEnvironment)
        }
        if isDirectory("Seeds"), FileManager.default.fileExists(atPath: "Seeds/items.csv") {
            return SeedFiles(directory: "Seeds")
        }
        if let installed = Installation.dataFolder("Seeds", marker: "items.csv", executable: executablePath) {
            return SeedFiles(directory: installed)
        }
        throw ScortaError.invalid(
            "no Seeds folder found beside \(executablePath) (../share/scorta/Seeds) nor here: give --seeds DIR or set SCORTA_SEEDS"
        )
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    public func path(_ name: String) -> String { directory + "/" + name }

    public func exists(_ name: String) -> Bool { FileManager.default.fileExists(atPath: path(name)) }

    public func text(_ name: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path(name)) else {
            throw ScortaError.invalid("seed file \(path(name)) is missing or unreadable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ScortaError.invalid("\(path(name)): not UTF-8 text")
        }
        return text
    }

    public func csv(_ name: String, columns: [String]) throws -> CSV.Table {
        let table = try CSV.parse(try text(name), source: path(name))
        try table.require(columns)
        return table
    }

    /// Decodes a JSON seed; decoding errors name the entry, e.g.
    /// `Seeds/kits.json: entry [2].components[0]: missing 'quantity'`.
    public func json<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path(name)) else {
            throw ScortaError.invalid("seed file \(path(name)) is missing or unreadable")
        }
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch let error as DecodingError {
            throw ScortaError.invalid("\(path(name)): \(SeedFiles.describe(error))")
        } catch {
            throw ScortaError.invalid("\(path(name)): not valid JSON")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func place(_ path: [CodingKey]) -> String {
            let text = path.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "top level" : "entry " + (text.hasPrefix(".") ? String(text.dropFirst()) : text)
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(place(context.codingPath)): missing '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(place(context.codingPath)): wrong type or missing value"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? "not valid JSON" : "\(place(context.codingPath)): \(context.debugDescription)"
        @unknown default: return "cannot be read"
        }
    }
}
