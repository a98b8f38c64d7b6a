/// Fills a new database from the seed files: organisation settings,
/// locations, channels, report categories, the catalogue with values and
/// barcodes, and kit recipes. Features with seeds of their own (points rules,
/// report frameworks) add a step to `SeedLoader.steps`.
public struct SeedLoader {
    public typealias Step = (_ db: Database, _ seeds: SeedFiles, _ date: CivilDate) throws -> Void

    /// Load order matters: items need categories, kits need items.
    public static var steps: [(name: String, load: Step)] {
        [
            ("organisation", loadOrganisation), ("locations", loadLocations), ("channels", loadChannels),
            ("categories", loadCategories), ("items", loadItems), ("barcodes", loadBarcodes), ("kits", loadKits),
            ("market", loadMarket), ("report-frameworks", ReportFrameworks.loadSeed)
        ]
    }

    public static let seedOperator = "seed"

    /// Loads every step in one transaction: a bad file leaves nothing behind.
    public static func load(into db: Database, from seeds: SeedFiles, date: CivilDate) throws {
        try db.inTransaction {
            for step in steps { try step.load(db, seeds, date) }
            // Seeds write rows in bulk (categories, settings) as Scorta's own first write: seal all of them.
            try HashChain.sealTables(in: db)
        }
    }

    static func loadOrganisation(_ db: Database, _ seeds: SeedFiles, _ date: CivilDate) throws {
        let settings = try seeds.json([String: String].self, "organisation.json")
        guard let name = settings["name"], !name.isEmpty else {
            throw ScortaError.invalid("\(seeds.path("organisation.json")): missing 'name'")
        }
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) {
            try db.run("INSERT INTO setting(key, value) VALUES (?, ?)", ["organisation." + key, value])
        }
    }

    static func loadLocations(_ db: Database, _ seeds: SeedFiles, _ date: CivilDate) throws {
        let table = try seeds.csv("locations.csv", columns: ["code", "name", "kind"])
        let catalogue = Catalogue(db)
        for record in table.records {
            do {
                try catalogue.addLocation(
                    code: record["code"] ?? "", name: record["name"] ?? "", kind: record["kind"] ?? "")
            } catch let error as ScortaError { throw table.error(record, error.description) }
        }
    }

    static func loadChannels(_ db: Database, _ seeds: SeedFiles, _ date: CivilDate) throws {
        let table = try seeds.csv("channels.csv", columns: ["code", "name"])
        let catalogue = Catalogue(db)
        for record in table.records {
            do {
                guard let name = record["name"] else { throw ScortaError.invalid("name is empty") }
                try catalogue.addChannel(code: record["code"] ?? "", name: name)
            } catch let error as ScortaError { throw table.error(record, error.description) }
        }
    }

    static func loadCategories(_ db: Database, _ seeds: SeedFiles, _ date: CivilDate) throws {
        let table = try seeds.csv("categories.csv", columns: ["code", "name", "name_en", "kind"])
        for record in table.records {
            guard let code = record["code"], let name = record["name"], let english = record["name_en"] else {
                throw table.error(record, "code, name and name_en are required")
            }
            guard let kind = record["kind"], ["goods", "food", "kit"].contains(kind) else {
                throw table.error(record, "kind '\(record["kind"] ?? "")' must be goods, food or kit")
            }
            guard try db.scalar("SELECT id FROM category WHERE code = ?", [code]) == nil else {
                throw table.error(record, "category '\(code)' appears twice")
            }
            try db.run(
                "INSERT INTO category(code, name, name_en, kind) VALUES (?, ?, ?, ?)", [code, name, english, kind])
        }
    }

    static func loadItems(_ db: Database, _ seeds: SeedFiles, _ date: CivilDate) throws {
        let table = try seeds.csv("items.csv", columns: ["sku", "name", "unit", "category", "value_cents"])
        let catalogue = Catalogue(db)
        for record in table.records {
            do {
                guard let centsText = record["value_cents"], let cents = Int(centsText), cents >= 0 else {
                    throw ScortaError.invalid(
                        "value_cents '\(record["value_cents"] ?? "")' must be a whole number of cents")
                }
                var grams: Int?
                if let text = record["net_grams"] {
                    guard let value = Int(text), value >= 0 else {
                        throw ScortaError.invalid("net_grams '\(text)' must be a whole number")
                    }
                    grams = value
                }
                try catalogue.addItem(
                    NewItem(
                        sku: record["sku"] ?? "", name: record["name"] ?? "", unit: record["unit"] ?? "",
                        category: record["category"] ?? "", valueCents: cents, gtin: record["gtin"], netGrams: grams),
                    valueFrom: seedValueDate(date), operatorName: seedOperator)
            } catch let error as ScortaError { throw table.error(record, error.description) }
        }
    }

    /// Seed values apply from the start of the seeding year, so documents
    /// backdated within that year find a value.
    static func seedValueDate(_ date: CivilDate) -> CivilDate { CivilDate(year: date.year, month: 1, day: 1)! }

    static func loadBarcodes(_ db: Database, _ seeds: SeedFiles, _ date: CivilDate) throws {
        guard seeds.exists("barcodes.csv") else { return }
        let table = try seeds.csv("barcodes.csv", columns: ["code", "sku", "quantity"])
        let catalogue = Catalogue(db)
        for record in table.records {
            do {
                let item = try catalogue.item(sku: record["sku"] ?? "")
                guard let quantity = Int(record["quantity"] ?? ""), quantity > 0 else {
                    throw ScortaError.invalid("quantity must be a whole number greater than 0")
                }
                try catalogue.addBarcode(record["code"] ?? "", item: item, quantity: quantity)
            } catch let error as ScortaError { throw table.error(record, error.description) }
        }
    }

    struct KitSeed: Decodable {
        struct Component: Decodable {
            let sku: String
            let quantity: Int
        }
        let sku: String
        let name: String
        let components: [Component]
        let unit: String?
    }

    static func loadKits(_ db: Database, _ seeds: SeedFiles, _ date: CivilDate) throws {
        let kits = try seeds.json([KitSeed].self, "kits.json")
        let catalogue = Catalogue(db)
        for (index, kit) in kits.enumerated() {
            do {
                let item = try catalogue.addItem(
                    NewItem(
                        sku: kit.sku, name: kit.name, unit: kit.unit ?? "kit", category: "kit",
                        valueCents: 0, isKit: true),
                    valueFrom: seedValueDate(date), operatorName: seedOperator)
                try catalogue.addRecipe(
                    kit: item, components: kit.components.map { ($0.sku, $0.quantity) }, operatorName: seedOperator)
            } catch let error as ScortaError {
                throw ScortaError.invalid(
                    "\(seeds.path("kits.json")): entry [\(index)] (\(kit.sku)): \(error.description)")
            }
        }
    }
}
