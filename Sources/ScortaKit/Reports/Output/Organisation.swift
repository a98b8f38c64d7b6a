/// The organisation's settings from `Seeds/organisation.json` (name,
/// funding statement, FEAD reference), printed on every report and receipt.
public struct Organisation: Sendable {
    public let settings: [String: String]
    public var name: String { settings["name"] ?? "" }

    public init(settings: [String: String]) { self.settings = settings }

    public static func load(_ db: Database) throws -> Organisation {
        var settings: [String: String] = [:]
        try db.prepare("SELECT key, value FROM setting WHERE key LIKE 'organisation.%'").forEach { row in
            settings[String(row.text(0).dropFirst("organisation.".count))] = row.text(1)
        }
        return Organisation(settings: settings)
    }
}
