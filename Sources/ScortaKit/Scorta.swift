/// Scorta: the stock ledger for material aid (FEAD / ESF+).
public enum Scorta {
    public static let version = "0.1.0"
}
