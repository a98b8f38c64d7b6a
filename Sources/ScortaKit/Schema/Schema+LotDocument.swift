extension Schema {
    /// The document that created a lot, for the lots a document seals inside
    /// its own hash (canonical form 3: a receipt's new lots); NULL for a lot
    /// sealed as a chain record of its own (every lot before this step, a kit
    /// lot, a lot an adjustment finds).
    ///
    /// No foreign key and no index, on purpose: a bulk receipt writes a lot a
    /// line, and each would add a b-tree look-up or entry to every one.
    /// `verify` names a lot whose document does not seal it, and finds a
    /// document's lots through its lines (the lot's primary key).
    static let lotDocument = Migration("0014-lot-document", sql: "ALTER TABLE lot ADD COLUMN document_id INTEGER")
}
