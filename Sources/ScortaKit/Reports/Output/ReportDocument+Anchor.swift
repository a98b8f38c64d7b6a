/// Every printed report, register and receipt carries the hash chain's head
/// (first 12 hex digits) and how much it covered when printed: the paper is
/// then an anchor kept outside the database, and `scorta verify --expect`
/// proves later that nothing sealed up to it has changed (a forger who
/// rewrites the database and recomputes every hash cannot change the paper).
extension HashChain.Anchor {
    public func line(_ l: ReportLanguage) -> String {
        // Short enough to stay on one line of a text report (checked later with `scorta verify --expect HEAD`).
        l.pick(
            "Sigillo della catena: \(shortHead) (\(documents) documenti, \(records) registrazioni sigillate)",
            "Chain seal: \(shortHead) (\(documents) documents, \(records) sealed records)")
    }
}

extension ReportDocument {
    /// Adds the chain's anchor as the last header line (text, JSON and PDF).
    public mutating func anchor(_ anchor: HashChain.Anchor) {
        header.append(anchor.line(language))
    }
}
