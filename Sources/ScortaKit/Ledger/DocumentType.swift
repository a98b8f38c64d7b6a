/// Every change of stock is a document of one of these types; the prefix
/// starts its human number (RIC-2026-00042).
public enum DocumentType: String, CaseIterable, Sendable {
    /// Ricevimento: goods in from a supplier or donor.
    case receipt
    /// Trasferimento between locations.
    case transfer
    /// Assemblaggio: components out, kit lot in.
    case assembly
    /// Disassemblaggio: kit lot out, components back.
    case disassembly
    /// Rettifica: damaged, expired, lost, found.
    case adjustment
    /// Inventario: a count and the differences it posts.
    case count
    /// Storno: mirrors an earlier document; the only way to correct one.
    case reversal
    /// Consegna: goods to a household or an anonymous contact.
    case distribution

    public var prefix: String {
        switch self {
        case .receipt: return "RIC"
        case .transfer: return "TRA"
        case .assembly: return "ASS"
        case .disassembly: return "DIS"
        case .adjustment: return "RET"
        case .count: return "INV"
        case .reversal: return "STO"
        case .distribution: return "CON"
        }
    }
}

/// Reasons an adjustment may give.
public enum AdjustmentReason: String, CaseIterable, Sendable {
    case damaged, expired, lost, found, other
}
