/// A catalogue item (articolo): goods counted in whole units of `unit`.
public struct Item: Sendable, Equatable {
    public let id: Int64
    public let sku: String
    public let name: String
    public let unit: String
    public let categoryCode: String
    /// The category's id, which the market's limits are kept by.
    public let categoryID: Int64
    public let gtin: String?
    /// Net weight per unit, for food reported in tonnes.
    public let netGrams: Int?
    public let isKit: Bool
    public let active: Bool
}

/// A stock location: one of the warehouses (magazzino), the social market
/// (emporio solidale) or an outreach team's stock.
public struct Location: Sendable, Equatable {
    public let id: Int64
    public let code: String
    public let name: String
    public let kind: String
    public let active: Bool
}

/// How a distribution reached people (unità mobile, centro diurno, CASC...).
public struct Channel: Sendable, Equatable {
    public let id: Int64
    public let code: String
    public let name: String
}

/// A lot (lotto) of an item with its expiry (scadenza); lot id 0 means "no lot".
public struct Lot: Sendable, Equatable {
    public let id: Int64
    public let itemID: Int64
    public let code: String
    public let expiry: CivilDate?
    /// For kit lots: the recipe version they were assembled with.
    public let recipeID: Int64?

    public static let noLot: Int64 = 0
}

/// One version of a kit recipe (bill of materials).
public struct KitRecipe: Sendable, Equatable {
    public struct Component: Sendable, Equatable {
        public let itemID: Int64
        public let sku: String
        public let name: String
        public let quantity: Int
    }
    public let id: Int64
    public let kitItemID: Int64
    public let version: Int
    public let createdAt: String
    public let components: [Component]
}
