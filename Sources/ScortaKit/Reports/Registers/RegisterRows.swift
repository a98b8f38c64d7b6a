/// One line of the stock register: an item's opening balance, one of its
/// movements at the location, or its closing balance.
public struct StockRegisterRow: Equatable, Sendable, TablePresentable {
    public enum Entry: Equatable, Sendable {
        case opening
        /// A document's line; `reverses` names the document a reversal undoes.
        case movement(DocumentType, reverses: String?)
        case closing
    }

    public let sku: String
    public let item: String
    public let date: CivilDate
    public let document: String?
    public let entry: Entry
    /// Supplier or donor, channel, household (distributions: its code, nil
    /// for an anonymous contact) and the other location, as recorded.
    public let counterparty: String?
    public let channel: String?
    public let household: String?
    public let otherLocation: String?
    /// Units in (carico) or out (scarico); nil on balance lines.
    public let quantityIn: Int?
    public let quantityOut: Int?
    /// Units at the location after this line.
    public let balance: Int

    public static func columns(_ l: ReportLanguage) -> [Listing.Column] {
        [
            .init("sku", "SKU"), .init("item", l.pick("ARTICOLO", "ITEM")), .init("date", l.pick("DATA", "DATE")),
            .init("document", l.pick("DOCUMENTO", "DOCUMENT")), .init("movement", l.pick("MOVIMENTO", "MOVEMENT")),
            .init("counterparty", l.pick("CONTROPARTE / CANALE", "COUNTERPARTY / CHANNEL")),
            .init("in", l.pick("CARICO", "IN"), alignRight: true),
            .init("out", l.pick("SCARICO", "OUT"), alignRight: true),
            .init("balance", l.pick("GIACENZA", "BALANCE"), alignRight: true)
        ]
    }

    public func cells(_ l: ReportLanguage) -> [JSONValue] {
        [
            .string(sku), .string(item), .string(date.description), .optional(document), .string(movement(l)),
            entry == .opening || entry == .closing ? .null : .string(counterpartyText(l)),
            .optional(quantityIn), .optional(quantityOut), .int(balance)
        ]
    }

    /// "consegna", "storno di CON-2026-00010", "giacenza iniziale", ...
    public func movement(_ l: ReportLanguage) -> String {
        switch entry {
        case .opening: return l.pick("giacenza iniziale", "opening balance")
        case .closing: return l.pick("giacenza finale", "closing balance")
        case .movement(let type, let reverses):
            return StockRegister.movementName(type, l) + (reverses.map { " " + l.pick("di", "of") + " " + $0 } ?? "")
        }
    }

    /// Who else the movement involved: "UMN · K7Q2-9XM4-P", "UMN · anonimo", "Banco Alimentare · EMP".
    public func counterpartyText(_ l: ReportLanguage) -> String {
        var isDistribution = false
        if case .movement(.distribution, _) = entry { isDistribution = true }
        return [
            counterparty, channel, isDistribution ? (household ?? l.pick("anonimo", "anonymous")) : nil, otherLocation
        ]
        .compactMap { $0 }.joined(separator: " · ")
    }
}

/// One line of the distribution register, or (`number` nil) its total.
public struct DistributionRegisterRow: Equatable, Sendable, TablePresentable {
    /// The distribution's number; nil on the total line.
    public let number: String?
    public let date: CivilDate?
    public let channel: String?
    public let location: String?
    /// The household code as printed, nil for an anonymous contact (and on the total).
    public let household: String?
    public let sku: String?
    public let item: String?
    public let quantity: Int
    /// Value on the distribution date (kits through their lot's recipe); the
    /// total leaves reversed distributions out.
    public let cents: Int
    public let reversedBy: String?

    public var isTotal: Bool { number == nil }

    public static func columns(_ l: ReportLanguage) -> [Listing.Column] {
        [
            .init("number", l.pick("NUMERO", "NUMBER")), .init("date", l.pick("DATA", "DATE")),
            .init("channel", l.pick("CANALE", "CHANNEL")),
            .init("location", l.pick("SEDE", "LOCATION")), .init("household", l.pick("NUCLEO", "HOUSEHOLD")),
            .init("sku", "SKU"),
            .init("item", l.pick("ARTICOLO", "ITEM")), .init("quantity", l.pick("QTÀ", "QTY"), alignRight: true),
            .init("cents", l.pick("VALORE €", "VALUE €"), format: .cents),
            .init("reversed_by", l.pick("STORNATA DA", "REVERSED BY"))
        ]
    }

    public func cells(_ l: ReportLanguage) -> [JSONValue] {
        guard let number else {
            return [
                .string(l.pick("TOTALE", "TOTAL")), .null, .null, .null, .null, .null, .null, .int(quantity),
                .int(cents), .null
            ]
        }
        return [
            .string(number), .optional(date?.description), .optional(channel), .optional(location),
            .string(household ?? l.pick("anonimo", "anonymous")), .optional(sku), .optional(item), .int(quantity),
            .int(cents),
            .optional(reversedBy)
        ]
    }
}
