/// Values and categorises distributed goods (counting rule 5): the unit value
/// in force on the distribution date, and kits through their components by
/// the recipe version the kit lot was assembled with. The catalogue is small,
/// so values and recipes are read once and looked up in memory while a
/// report streams a year of lines.
final class GoodsValuation {
    struct ItemInfo {
        let id: Int64
        let sku: String
        let name: String
        let unit: String
        let category: String
        let isFood: Bool
        let netGrams: Int?
        let isKit: Bool
    }

    /// One valued movement: an item (a component when the line was a kit) and its value.
    struct Part {
        let itemID: Int64
        let quantity: Int
        let cents: Int
    }

    let db: Database
    private(set) var items: [Int64: ItemInfo] = [:]
    /// Indexed by item id (ids are small and dense): the item, and its values
    /// as (first day, cents) ascending.
    private var byID: [ItemInfo?] = []
    /// Indexed by item id: whether it is a kit, without copying an item's Strings per line.
    private var kitByID: [Bool] = []
    private var values: [[(day: Int, cents: Int)]] = []
    private var lotRecipes: [Int64: [(itemID: Int64, quantity: Int)]] = [:]
    private var currentRecipes: [Int64: [(itemID: Int64, quantity: Int)]] = [:]
    /// Whether `lotRecipes` holds every kit lot with a recipe (on a server, read at once).
    private var everyLotRecipeRead = false
    /// Kit units valued with the kit's newest recipe because their lot records none.
    private(set) var kitUnitsWithoutRecipe = 0
    /// Items moved on a date before any value was set (valued at 0).
    private(set) var unvaluedSKUs = Set<String>()

    init(_ db: Database) throws {
        self.db = db
        try db.prepare(
            """
            SELECT i.id, i.sku, i.name, i.unit, c.code, c.kind, i.net_grams, i.is_kit
            FROM item i JOIN category c ON c.id = i.category_id
            """
        ).forEach { row in
            items[row.int64(0)] = ItemInfo(
                id: row.int64(0), sku: row.text(1), name: row.text(2), unit: row.text(3), category: row.text(4),
                isFood: row.text(5) == "food", netGrams: row.optionalInt(6), isKit: row.int(7) != 0)
        }
        let slots = Int(items.keys.max() ?? 0) + 1
        byID = Array(repeating: nil, count: slots)
        values = Array(repeating: [], count: slots)
        kitByID = Array(repeating: false, count: slots)
        for (id, info) in items {
            byID[Int(id)] = info
            kitByID[Int(id)] = info.isKit
        }
        try db.prepare("SELECT item_id, valid_from, cents FROM item_value ORDER BY item_id, valid_from").forEach {
            row in
            values[row.int(0)].append((try CivilDate(parsing: row.text(1)).dayNumber, row.int(2)))
        }
    }

    func item(_ id: Int64) -> ItemInfo {
        if id >= 0, Int(id) < byID.count, let info = byID[Int(id)] { return info }
        return ItemInfo(
            id: id, sku: "#\(id)", name: "", unit: "", category: "other", isFood: false, netGrams: nil, isKit: false)
    }

    /// Unit value on `day` (a `CivilDate.dayNumber`).
    func unitCents(_ itemID: Int64, day: Int) -> Int {
        guard itemID >= 0, Int(itemID) < values.count, !values[Int(itemID)].isEmpty else {
            unvaluedSKUs.insert(item(itemID).sku)
            return 0
        }
        let history = values[Int(itemID)]
        var low = 0
        var high = history.count
        while low < high {
            let middle = (low + high) / 2
            if history[middle].day <= day { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else {
            unvaluedSKUs.insert(item(itemID).sku)
            return 0
        }
        return history[low - 1].cents
    }

    /// Calls `body` with each valued part of a line (itself, or a kit's
    /// components) without building an array: the distribution register's hot path.
    @inline(__always)
    func forEachPart(
        itemID: Int64, lotID: Int64, quantity: Int, day: Int,
        _ body: (_ itemID: Int64, _ quantity: Int, _ cents: Int) -> Void
    ) throws {
        guard itemID >= 0, Int(itemID) < kitByID.count, kitByID[Int(itemID)] else {
            body(itemID, quantity, quantity * unitCents(itemID, day: day))
            return
        }
        for component in try recipe(kit: itemID, lot: lotID, units: quantity) {
            let units = component.quantity * quantity
            body(component.itemID, units, units * unitCents(component.itemID, day: day))
        }
    }

    /// A line broken into valued parts: itself, or a kit's components.
    func parts(itemID: Int64, lotID: Int64, quantity: Int, day: Int) throws -> [Part] {
        guard item(itemID).isKit else {
            return [Part(itemID: itemID, quantity: quantity, cents: quantity * unitCents(itemID, day: day))]
        }
        return try recipe(kit: itemID, lot: lotID, units: quantity).map {
            Part(
                itemID: $0.itemID, quantity: $0.quantity * quantity,
                cents: $0.quantity * quantity * unitCents($0.itemID, day: day))
        }
    }

    /// The components of the recipe a kit lot was assembled with.
    func recipe(kit: Int64, lot: Int64, units: Int = 0) throws -> [(itemID: Int64, quantity: Int)] {
        if let cached = lotRecipes[lot] { return cached }
        if db.isPostgreSQL {
            // On a server every kit lot's recipe at the first kit line, in one round trip: a
            // year's report meets a kit lot per kit, warehouse and month, each a round trip
            // of its own otherwise. On SQLite a lot's row costs no round trip, and
            // finding the lots with a recipe would read the whole lot table.
            if !everyLotRecipeRead {
                everyLotRecipeRead = true
                try db.prepare(
                    """
                    SELECT l.id, c.item_id, c.quantity FROM lot l LEFT JOIN kit_component c ON c.recipe_id = l.recipe_id
                    WHERE l.recipe_id IS NOT NULL ORDER BY l.id, c.item_id
                    """
                ).forEach { row in
                    let component = row.isNull(1) ? nil : (itemID: row.int64(1), quantity: row.int(2))
                    lotRecipes[row.int64(0), default: []] += component.map { [$0] } ?? []
                }
                if let cached = lotRecipes[lot] { return cached }
            }
            return try newestRecipe(kit: kit, units: units)
        }
        // The lot's recipe and its components in one statement.
        var hasRecipe = false
        var found: [(itemID: Int64, quantity: Int)] = []
        try db.prepare(
            """
            SELECT l.recipe_id, c.item_id, c.quantity FROM lot l LEFT JOIN kit_component c ON c.recipe_id = l.recipe_id
            WHERE l.id = ? AND l.recipe_id IS NOT NULL ORDER BY c.item_id
            """
        ).forEach([lot]) { row in
            hasRecipe = true
            if !row.isNull(1) { found.append((row.int64(1), row.int(2))) }
        }
        if hasRecipe {
            lotRecipes[lot] = found
            return found
        }
        return try newestRecipe(kit: kit, units: units)
    }

    /// For a kit lot that records no recipe: the kit's newest, counted.
    private func newestRecipe(kit: Int64, units: Int) throws -> [(itemID: Int64, quantity: Int)] {
        kitUnitsWithoutRecipe += units
        if let cached = currentRecipes[kit] { return cached }
        let newest = try db.scalar(
            "SELECT id FROM kit_recipe WHERE kit_item_id = ? ORDER BY version DESC LIMIT 1", [kit])
        let current = try newest.map { try components(recipe: $0) } ?? []
        currentRecipes[kit] = current
        return current
    }

    private func components(recipe: Int64) throws -> [(itemID: Int64, quantity: Int)] {
        try db.query("SELECT item_id, quantity FROM kit_component WHERE recipe_id = ? ORDER BY item_id", [recipe]) {
            ($0.int64(0), $0.int(1))
        }
    }
}

/// Largest-remainder apportionment: splits `total` cents in proportion to
/// `weights` so the parts add up exactly to the total; leftover cents go to
/// the largest remainders, ties to the earlier part.
public func apportion(_ total: Int, weights: [Int]) -> [Int] {
    var parts = weights
    apportion(total, weights: weights, into: &parts)
    return parts
}

/// The same into a buffer the caller keeps: the indicator report splits
/// every distribution of a year, and most need no remainder at all.
func apportion(_ total: Int, weights: [Int], into parts: inout [Int]) {
    parts.removeAll(keepingCapacity: true)
    let sum = weights.reduce(0, +)
    guard sum > 0 else {
        parts.append(contentsOf: repeatElement(0, count: weights.count))
        return
    }
    var left = total
    for weight in weights {
        let part = total * weight / sum
        parts.append(part)
        left -= part
    }
    // Leftover cents, one each, to the largest remainders; ties to the earlier part.
    while left > 0 {
        var best = -1
        var bestRemainder = -1
        for index in weights.indices where parts[index] == total * weights[index] / sum {
            let remainder = total * weights[index] % sum
            if remainder > bestRemainder {
                best = index
                bestRemainder = remainder
            }
        }
        guard best >= 0 else { break }
        parts[best] += 1
        left -= 1
    }
}
