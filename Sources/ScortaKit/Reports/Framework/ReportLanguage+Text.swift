extension ReportLanguage {
    /// Picks the Italian or English text of a report label.
    public func pick(_ italian: String, _ english: String) -> String { self == .english ? english : italian }
}
