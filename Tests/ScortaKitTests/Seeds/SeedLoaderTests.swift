import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct SeedLoaderTests {
    /// A copy of the real seeds with one file replaced.
    func seeds(replacing name: String, with text: String) throws -> (SeedFiles, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seeds-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: TestDatabase.seedsPath, toPath: folder.path)
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        return (SeedFiles(directory: folder.path), folder)
    }

    /// Creates a ledger from seeds with `name` replaced: in a new file, or in
    /// a new empty database on the test cluster.
    func createFails(_ name: String, _ text: String, on engine: Engine = .sqlite) throws -> String {
        let (seeds, folder) = try seeds(replacing: name, with: text)
        defer { try? FileManager.default.removeItem(at: folder) }
        let path =
            engine == .sqlite
            ? folder.appendingPathComponent("x.sqlite").path : try PostgreSQLCluster.shared().createDatabase()
        defer { if engine == .postgreSQL { try? PostgreSQLCluster.shared().dropDatabase(path) } }
        do {
            try Store.create(path: path, seeds: seeds)
            return "no error"
        } catch {
            #expect(try !Store.exists(path), "a failed init leaves no database (no table) behind")
            return "\(error)".replacing(folder.path, with: "Seeds")
        }
    }

    @Test(arguments: Engine.tested) func badSeedFilesNameTheFileAndEntry(engine: Engine) throws {
        let createFails = { try self.createFails($0, $1, on: engine) }
        #expect(
            try createFails("items.csv", "sku,name,unit,category,value_cents\nA-1,Sapone,pz,hygene,90\n")
                == "Seeds/items.csv line 2: unknown report category 'hygene' (known: child, clothing, food-dairy, food-fat, food-fruitveg, food-other, food-protein, food-starch, food-sugar, footwear, hygiene, kit, kitchen, other, school, sleeping, sport)"
        )
        #expect(
            try createFails("items.csv", "sku,name,unit,category,value_cents\nA-1,Sapone,pz,hygiene,nove\n")
                == "Seeds/items.csv line 2: value_cents 'nove' must be a whole number of cents")
        #expect(
            try createFails(
                "kits.json", "[{\"sku\": \"K-1\", \"name\": \"Kit\", \"components\": [{\"sku\": \"IG-SAP\"}]}]")
                == "Seeds/kits.json: entry [0].components[0]: missing 'quantity'")
        #expect(
            try createFails(
                "kits.json",
                "[{\"sku\": \"K-1\", \"name\": \"Kit\", \"components\": [{\"sku\": \"NOPE\", \"quantity\": 1}]}]")
                == "Seeds/kits.json: entry [0] (K-1): unknown item 'NOPE'")
        #expect(
            try createFails("locations.csv", "code,name,kind\nMAG-A,Centrale,depot\n")
                == "Seeds/locations.csv line 2: location kind 'depot' must be warehouse, market or outreach")
        #expect(
            try createFails("channels.csv", "code\nUMN\n")
                == "Seeds/channels.csv line 1: missing column 'name' (header is: code)")
    }

    @Test(arguments: Engine.tested) func initNeverOverwrites(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let refusal =
            engine == .sqlite
            ? "a database already exists at \(t.path); init never overwrites one"
            : "the PostgreSQL database \(t.path) already has tables; init writes only into an empty database"
        #expect(throws: ScortaError.refused(refusal)) {
            try Store.create(path: t.path, seeds: SeedFiles(directory: TestDatabase.seedsPath))
        }
    }
}
