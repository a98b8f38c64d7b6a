import ScortaKit

/// A year of distributions for timing the reports, posted day by day as an
/// office does (some backdated by a day): households with members,
/// distribution documents with lines (some of them kits from assembled lots)
/// and recipient snapshots, a fifth of them anonymous contacts. Rows are
/// inserted directly, not through the posting path, because only the reports
/// are measured here; the shapes are the ones the posting path writes,
/// report facts included.
public struct ReportBenchmark {
    public let db: Database
    public init(db: Database) { self.db = db }

    public struct Built: Sendable {
        public let lines: Int
        public let documents: Int
        public let persons: Int
        public let households: Int
        public let anonymous: Int
    }

    public func build(lines: Int, persons: Int, year: Int) throws -> Built {
        var random = SeededRandom(seed: 55)
        return try db.inTransaction {
            let goods = try db.query("SELECT id FROM item WHERE is_kit = 0 ORDER BY id") { $0.int64(0) }
            let kits = try db.query(
                "SELECT i.id, max(r.id) FROM item i JOIN kit_recipe r ON r.kit_item_id = i.id GROUP BY i.id"
            ) { ($0.int64(0), $0.int64(1)) }
            var kitLots: [(item: Int64, lot: Int64)] = []
            for (index, kit) in kits.enumerated() {
                kitLots.append(
                    (
                        kit.0,
                        try db.insert(
                            "INSERT INTO lot(item_id, code, recipe_id) VALUES (?, ?, ?) RETURNING id",
                            [kit.0, "BENCH-\(index)", kit.1])
                    ))
            }
            let locations = try db.query("SELECT id FROM location ORDER BY id") { $0.int64(0) }
            let channels = try db.query("SELECT id FROM channel ORDER BY id") { $0.int64(0) }
            let bands = ["0-15", "16-17", "18-29", "30-64", "65+"]
            let sexes = ["female", "male", "female", "male", "unknown"]
            func flag() -> Int? {
                let draw = random.int(0..<10)
                return draw < 2 ? nil : draw < 4 ? 1 : 0
            }

            // Households of 1 to 4 members until `persons` members exist.
            var households: [(id: Int64, members: [(Int64, String, String, Int?, Int?, Int?, Int?)])] = []
            var created = 0
            while created < persons {
                let size = min(persons - created, 1 + random.int(0..<4))
                let household = try db.insert(
                    "INSERT INTO household(code, registered_on) VALUES (?, ?) RETURNING id",
                    ["B\(households.count)X", "\(year)-01-01"])
                var members: [(Int64, String, String, Int?, Int?, Int?, Int?)] = []
                for _ in 0..<size {
                    let band = bands[random.int(0..<bands.count)]
                    let sex = sexes[random.int(0..<sexes.count)]
                    let attributes = (flag(), flag(), flag(), flag())
                    let member = try db.insert(
                        """
                        INSERT INTO member(household_id, age_band, sex, homeless, disability, third_country, foreign_minority, joined_on)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id
                        """,
                        [household, band, sex, attributes.0, attributes.1, attributes.2, attributes.3, "\(year)-01-01"])
                    members.append((member, band, sex, attributes.0, attributes.1, attributes.2, attributes.3))
                }
                households.append((household, members))
                created += size
            }

            var written = 0
            var documents = 0
            var anonymous = 0
            let start = CivilDate(year: year, month: 1, day: 1)!
            while written < lines {
                let count = min(lines - written, 1 + random.int(0..<5))
                // Documents are typed in day by day; one in ten is a paper sheet typed the next morning.
                let dayOfYear = min(364, written * 365 / lines)
                let date = start.adding(days: max(0, dayOfYear - (random.chance(10) ? 1 : 0)))
                let location = locations[random.int(0..<locations.count)]
                let isAnonymous = random.chance(20)
                let household = isAnonymous ? nil : households[random.int(0..<households.count)]
                let document = try db.insert(
                    """
                    INSERT INTO document(type, number, date, recorded_at, operator, location_id, channel_id, household_id)
                    VALUES ('distribution', ?, ?, ?, 'bench', ?, ?, ?) RETURNING id
                    """,
                    [
                        "CON-\(year)-B\(documents)", date.description, "\(date)T12:00:00Z", location,
                        channels[random.int(0..<channels.count)], household?.id
                    ])
                for _ in 0..<count {
                    let (item, lot): (Int64, Int64) =
                        random.chance(15) && !kitLots.isEmpty
                        ? kitLots[random.int(0..<kitLots.count)] : (goods[random.int(0..<goods.count)], Lot.noLot)
                    try db.run(
                        "INSERT INTO document_line(document_id, item_id, lot_id, quantity, from_location_id) VALUES (?, ?, ?, ?, ?)",
                        [document, item, lot, 1 + random.int(0..<3), location])
                }
                if let household {
                    for (ordinal, member) in household.members.enumerated() {
                        try db.run(
                            """
                            INSERT INTO distribution_recipient(document_id, ordinal, member_id, age_band, sex, homeless, disability, third_country, foreign_minority)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                            """,
                            [document, ordinal, member.0, member.1, member.2, member.3, member.4, member.5, member.6])
                    }
                } else {
                    try db.run(
                        "INSERT INTO distribution_recipient(document_id, ordinal, age_band, sex) VALUES (?, 0, ?, ?)",
                        [document, bands[random.int(0..<bands.count)], sexes[random.int(0..<sexes.count)]])
                    anonymous += 1
                }
                written += count
                documents += 1
            }
            // The report's facts, as the posting path writes them with each document.
            try DistributionFacts(db).backfill()
            return Built(
                lines: written, documents: documents, persons: created, households: households.count,
                anonymous: anonymous)
        }
    }
}
