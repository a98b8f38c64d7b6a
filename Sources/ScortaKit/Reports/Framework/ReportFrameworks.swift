import Foundation

/// The frameworks of `Seeds/report-frameworks.json`, checked at `init` and
/// kept in the database (setting `report.frameworks`) so a report prints the
/// wording the database was set up with.
public struct ReportFrameworks: Decodable, Sendable {
    public let frameworks: [ReportFramework]

    public static let seedFile = "report-frameworks.json"
    static let settingKey = "report.frameworks"

    public func framework(_ code: String) throws -> ReportFramework {
        guard let found = frameworks.first(where: { $0.code == code }) else {
            throw ScortaError.invalid(
                "report framework '\(code)' is not one of: \(frameworks.map(\.code).joined(separator: ", "))")
        }
        return found
    }

    /// Seed step: decode, check every rule and category against the
    /// database's categories, and store the file's text.
    static func loadSeed(_ db: Database, _ seeds: SeedFiles, _ date: CivilDate) throws {
        let parsed = try seeds.json(ReportFrameworks.self, seedFile)
        try parsed.validate(db, source: seeds.path(seedFile))
        try db.run("INSERT INTO setting(key, value) VALUES (?, ?)", [settingKey, try seeds.text(seedFile)])
    }

    /// The frameworks stored in the database; a database created before the
    /// reports existed reads them from the seed folder instead.
    public static func load(_ db: Database, seeds: () throws -> SeedFiles) throws -> ReportFrameworks {
        if let text = try db.scalarText("SELECT value FROM setting WHERE key = ?", [settingKey]) {
            do {
                return try JSONDecoder().decode(ReportFrameworks.self, from: Data(text.utf8))
            } catch let error as DecodingError {
                throw ScortaError.invalid(
                    "the report frameworks stored in the database cannot be read (\(SeedFiles.describe(error))): "
                        + "reload them with 'scorta report frameworks --update'")
            }
        }
        let files = try seeds()
        let parsed = try files.json(ReportFrameworks.self, seedFile)
        try parsed.validate(db, source: files.path(seedFile))
        return parsed
    }

    /// Replaces the stored frameworks with the seed file's, after checking it
    /// (the wording was corrected, or a framework added).
    public static func update(_ db: Database, from seeds: SeedFiles) throws -> ReportFrameworks {
        try db.inSavepoint {
            let parsed = try seeds.json(ReportFrameworks.self, seedFile)
            try parsed.validate(db, source: seeds.path(seedFile))
            try db.run(
                "INSERT INTO setting(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [settingKey, try seeds.text(seedFile)])
            try HashChain.seal(.setting, key: [settingKey], in: db)
            return parsed
        }
    }

    func validate(_ db: Database, source: String) throws {
        let categories = Set(try db.query("SELECT code FROM category") { $0.text(0) })
        var codes = Set<String>()
        guard !frameworks.isEmpty else { throw ScortaError.invalid("\(source): no frameworks") }
        for (index, framework) in frameworks.enumerated() {
            let entry = "\(source): entry frameworks[\(index)] (\(framework.code))"
            guard codes.insert(framework.code).inserted else {
                throw ScortaError.invalid("\(entry): code appears twice")
            }
            for (position, breakdown) in framework.breakdowns.enumerated() {
                try check(breakdown.rule, "\(entry).breakdowns[\(position)] (\(breakdown.key))", catchAllAllowed: false)
            }
            for (position, group) in framework.targetGroups.enumerated() {
                let last = position == framework.targetGroups.count - 1
                try check(group.rule, "\(entry).target_groups[\(position)] (\(group.key))", catchAllAllowed: last)
                if last, group.rule.ageBands != nil || group.rule.sex != nil || group.rule.attributes != nil {
                    throw ScortaError.invalid(
                        "\(entry).target_groups[\(position)] (\(group.key)): the last target group must have no rule, so every share has a group"
                    )
                }
            }
            for (name, lines) in [
                ("goods_categories", framework.goodsCategories), ("food_categories", framework.foodCategories)
            ] {
                for (position, line) in lines.enumerated() {
                    for category in line.categories where !categories.contains(category) {
                        throw ScortaError.invalid(
                            "\(entry).\(name)[\(position)]: unknown category '\(category)' (see categories.csv)")
                    }
                }
            }
        }
    }

    func check(_ rule: ReportFramework.Rule, _ entry: String, catchAllAllowed: Bool) throws {
        for band in rule.ageBands ?? [] where !ReportFramework.Rule.knownBands.contains(band) {
            throw ScortaError.invalid("\(entry): unknown age band '\(band)' (known: 0-15, 16-17, 18-29, 30-64, 65+)")
        }
        if let sex = rule.sex, !["female", "male", "nonbinary"].contains(sex) {
            throw ScortaError.invalid("\(entry): sex '\(sex)' must be female, male or nonbinary")
        }
        for attribute in rule.attributes ?? [] where !ReportFramework.Rule.knownAttributes.contains(attribute) {
            throw ScortaError.invalid(
                "\(entry): unknown attribute '\(attribute)' (known: disability, foreign_minority, homeless, third_country)"
            )
        }
        if !catchAllAllowed, rule.ageBands == nil, rule.sex == nil, rule.attributes == nil {
            throw ScortaError.invalid("\(entry): a rule needs age_bands, sex or attributes")
        }
    }
}

/// One person indicator of a framework, as `report frameworks` lists them:
/// the recipients of goods and of food, then each breakdown's two codes.
public struct FrameworkIndicatorRow: Equatable, Sendable, TablePresentable {
    public let framework: String
    public let code: String
    /// The indicator's English wording (list commands are in English).
    public let indicator: String

    public static func columns(_ language: ReportLanguage) -> [Listing.Column] {
        [.init("framework", "FRAMEWORK"), .init("code", "CODE"), .init("indicator", "INDICATOR")]
    }

    public func cells(_ language: ReportLanguage) -> [JSONValue] {
        [.string(framework), .string(code), .string(indicator)]
    }
}

extension ReportFrameworks {
    /// Every framework's person indicators, in the file's order.
    public var indicatorRows: [FrameworkIndicatorRow] {
        frameworks.flatMap { framework in
            ([framework.recipients.material, framework.recipients.food].map { ($0.code, $0.en) }
                + framework.breakdowns.flatMap { [($0.material, $0.en), ($0.food, $0.en)] })
                .map { FrameworkIndicatorRow(framework: framework.code, code: $0.0, indicator: $0.1) }
        }
    }
}
