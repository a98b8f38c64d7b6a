extension ReportLanguage {
    /// Picks the Italian or English text of a report label.
    public func pick(_ italian: String, _ english: String) -> String { self == .english ? english : italian }

    /// "1 pagina" / "3 pagine", "1 page" / "3 pages": a written file is reported in words a person reads.
    public func pages(_ count: Int) -> String {
        count == 1 ? pick("1 pagina", "1 page") : pick("\(count) pagine", "\(count) pages")
    }
}
