/// A document before posting. Every document type goes through
/// `Ledger.post(_:)`; only how the draft is built differs.
public struct DocumentDraft: Sendable {
    /// One movement: `quantity` of an item from a location to a location.
    /// A nil `lotID` on a line that takes stock out means "pick first-expiry-first-out".
    public struct Line: Sendable, Equatable {
        public var itemID: Int64
        public var lotID: Int64?
        public var quantity: Int
        public var from: Int64?
        public var to: Int64?
        /// The lot this line brings in is `newLots[newLot]` of its draft,
        /// created by the posting (which then sets `lotID`).
        public var newLot: Int?

        public init(itemID: Int64, lotID: Int64?, quantity: Int, from: Int64?, to: Int64?, newLot: Int? = nil) {
            self.itemID = itemID
            self.lotID = lotID
            self.quantity = quantity
            self.from = from
            self.to = to
            self.newLot = newLot
        }
    }

    public var type: DocumentType
    public var date: CivilDate
    public var operatorName: String
    public var locationID: Int64?
    public var counterparty: String?
    public var reference: String?
    public var reason: String?
    public var note: String?
    public var channelID: Int64?
    public var householdID: Int64?
    public var reversesID: Int64?
    public var lines: [Line]
    /// Lots the document creates (a receipt's new lots): written with it and
    /// sealed inside its hash (canonical form 3) rather than as one chain
    /// record each.
    public var newLots: [Catalogue.LotRequest] = []
    /// The new lots were taken for new without a look-up (see `Catalogue.lookUpLots(assumingNew:)`).
    var newLotsUnlooked = false

    public init(type: DocumentType, date: CivilDate, operatorName: String, lines: [Line] = []) {
        self.type = type
        self.date = date
        self.operatorName = operatorName
        self.lines = lines
    }
}

/// What posting returns: the stored document with its number and the lines
/// as posted (lots resolved).
public struct PostedDocument: Sendable {
    public let id: Int64
    public let number: String
    public let type: DocumentType
    public let date: CivilDate
    public let lines: [DocumentDraft.Line]
}
