import Foundation
import ScortaHarness
import Testing

@testable import ScortaKit

@Suite struct ReportFrameworkSeedTests {
    func createFails(_ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("seeds-\(UUID().uuidString)")
        try FileManager.default.copyItem(atPath: TestDatabase.seedsPath, toPath: folder.path)
        defer { try? FileManager.default.removeItem(at: folder) }
        try text.write(to: folder.appendingPathComponent("report-frameworks.json"), atomically: true, encoding: .utf8)
        do {
            try Store.create(
                path: folder.appendingPathComponent("x.sqlite").path, seeds: SeedFiles(directory: folder.path))
            return "no error"
        } catch {
            return "\(error)".replacing(folder.path, with: "Seeds")
        }
    }

    /// The real seed file with one substitution.
    func seedWith(_ old: String, _ new: String) throws -> String {
        let text = try String(contentsOfFile: TestDatabase.seedsPath + "/report-frameworks.json", encoding: .utf8)
        #expect(text.contains(old))
        return text.replacing(old, with: new)
    }

    @Test func badFrameworkSeedsNameTheFileAndEntry() throws {
        #expect(
            try createFails(try seedWith("\"categories\": [\"footwear\"]", "\"categories\": [\"shoes\"]"))
                == "Seeds/report-frameworks.json: entry frameworks[0] (fead-2014).goods_categories[2]: unknown category 'shoes' (see categories.csv)"
        )
        #expect(
            try createFails(try seedWith("\"age_bands\": [\"18-29\"]", "\"age_bands\": [\"18-30\"]"))
                == "Seeds/report-frameworks.json: entry frameworks[1] (esf-2021).breakdowns[1] (young): unknown age band '18-30' (known: 0-15, 16-17, 18-29, 30-64, 65+)"
        )
        #expect(
            try createFails(try seedWith("\"attributes\": [\"disability\"]", "\"attributes\": [\"disabled\"]"))
                == "Seeds/report-frameworks.json: entry frameworks[0] (fead-2014).breakdowns[4] (disabilities): unknown attribute 'disabled' (known: disability, foreign_minority, homeless, third_country)"
        )
        #expect(
            try createFails(try seedWith("\"code\": \"esf-2021\"", "\"code\": \"fead-2014\""))
                == "Seeds/report-frameworks.json: entry frameworks[1] (fead-2014): code appears twice")
        #expect(
            try createFails("{\"frameworks\": [{\"code\": \"x\"}]}")
                == "Seeds/report-frameworks.json: entry frameworks[0]: missing 'title'")
    }

    @Test(arguments: Engine.tested) func theSeededFrameworksHaveTheDomainsCodes(engine: Engine) throws {
        let t = try TestDatabase(engine)
        let frameworks = try ReportFrameworks.load(t.db) { SeedFiles(directory: TestDatabase.seedsPath) }
        let esf = try frameworks.framework("esf-2021")
        #expect(esf.breakdowns.map(\.food) == (2...9).map { "EMCR0\($0)" })
        #expect(esf.breakdowns.map(\.material) == (11...18).map { "EMCR\($0)" })
        #expect(esf.recipients.food.code == "EMCR01" && esf.recipients.material.code == "EMCR10")
        let fead = try frameworks.framework("fead-2014")
        #expect(
            fead.goodsCategories.flatMap(\.categories) == [
                "child", "clothing", "footwear", "hygiene", "school", "sport", "sleeping", "kitchen", "other"
            ])
        #expect(throws: ScortaError.invalid("report framework 'esf' is not one of: fead-2014, esf-2021")) {
            try frameworks.framework("esf")
        }
    }
}
