import Foundation

/// The label templates: the JSON files in `Labels/`, found next to the seeds.
public struct LabelTemplates: Sendable {
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// `SCORTA_LABELS`, else `./Labels`, else the `Labels/` beside the seed
    /// folder in use, else the installation's (`../share/scorta/Labels` beside
    /// an installed binary, or the source tree's).
    public static func locate(executablePath: String = Installation.executable) throws -> LabelTemplates {
        if let explicit = Environment.value("SCORTA_LABELS") {
            guard SeedFiles.isDirectory(explicit) else {
                throw ScortaError.invalid("label template folder '\(explicit)' (SCORTA_LABELS) does not exist")
            }
            return LabelTemplates(directory: explicit)
        }
        if SeedFiles.isDirectory("Labels") { return LabelTemplates(directory: "Labels") }
        if let seeds = try? SeedFiles.locate(explicit: nil, executablePath: executablePath) {
            let beside = URL(fileURLWithPath: seeds.directory).deletingLastPathComponent().appendingPathComponent(
                "Labels"
            ).path
            if SeedFiles.isDirectory(beside) { return LabelTemplates(directory: beside) }
        }
        if let installed = Installation.dataFolder("Labels", executable: executablePath) {
            return LabelTemplates(directory: installed)
        }
        throw ScortaError.invalid(
            "no Labels folder found beside \(executablePath) (../share/scorta/Labels) nor here: set SCORTA_LABELS, or give --template FILE.json"
        )
    }

    /// A template file (`FILE.json`, needing no Labels folder), or a template by name in the located folder.
    public static func template(_ nameOrFile: String, executablePath: String = Installation.executable) throws
        -> LabelTemplate
    {
        if isFile(nameOrFile) { return try load(file: nameOrFile) }
        return try locate(executablePath: executablePath).template(nameOrFile)
    }

    static func isFile(_ nameOrFile: String) -> Bool { nameOrFile.hasSuffix(".json") || nameOrFile.contains("/") }

    /// Every template, sorted by name.
    public func all() throws -> [LabelTemplate] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return try names.filter { $0.hasSuffix(".json") }.sorted().map {
            try LabelTemplates.load(file: directory + "/" + $0)
        }
    }

    /// A template by name ("avery-l7160", also "L7160") or by path to a `.json` file.
    public func template(_ nameOrFile: String) throws -> LabelTemplate {
        if LabelTemplates.isFile(nameOrFile) { return try LabelTemplates.load(file: nameOrFile) }
        let wanted = nameOrFile.lowercased()
        let templates = try all()
        if let exact = templates.first(where: { $0.name.lowercased() == wanted }) { return exact }
        let suffixed = templates.filter { $0.name.lowercased().hasSuffix("-" + wanted) }
        if suffixed.count == 1 { return suffixed[0] }
        let known = templates.map(\.name).joined(separator: ", ")
        throw ScortaError.invalid(
            "unknown label template '\(nameOrFile)' (known: \(known.isEmpty ? "none in \(directory)" : known))")
    }

    public static func load(file: String) throws -> LabelTemplate {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw ScortaError.invalid("label template '\(file)' does not exist or cannot be read")
        }
        let template: LabelTemplate
        do {
            template = try JSONDecoder().decode(LabelTemplate.self, from: data)
        } catch let error as DecodingError {
            throw ScortaError.invalid("\(file): \(SeedFiles.describe(error))")
        }
        try template.validate(source: file)
        return template
    }
}

/// `labels templates`: each template's name, sheet, label size, grid and description.
extension LabelTemplate: TablePresentable {
    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [
            .init("name", "NAME"), .init("page", "PAGE (mm)"), .init("label", "LABEL (mm)"),
            .init("grid", "GRID"), .init("description", "DESCRIPTION")
        ]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        func mm(_ value: Double) -> String { BarcodeSizing.format(value) }
        return [
            .string(name), .string("\(mm(page.width))×\(mm(page.height))"),
            .string("\(mm(label.width))×\(mm(label.height))"), .string("\(grid.columns)×\(grid.rows)"),
            .string(description)
        ]
    }
}
