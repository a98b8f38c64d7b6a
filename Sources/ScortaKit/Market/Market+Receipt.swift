extension Market {
    /// The household's plain-text receipt for a checkout: items, points spent
    /// and left, the card code and nothing else personal (privacy).
    public func receipt(number: String) throws -> String {
        guard
            let header = try db.first(
                """
                SELECT d.id, d.date, h.code, o.code, o.name, (SELECT reversed_by FROM document_reversal WHERE document_id = d.id),
                       (SELECT balance_after FROM points_entry WHERE document_id = d.id AND kind = 'spend')
                FROM document d JOIN household h ON h.id = d.household_id LEFT JOIN location o ON o.id = d.location_id
                WHERE d.number = ? AND d.type = 'distribution'
                """, [number],
                {
                    (
                        $0.int64(0), $0.text(1), $0.text(2), $0.optionalText(3), $0.optionalText(4), $0.optionalText(5),
                        $0.optionalInt(6)
                    )
                })
        else { throw ScortaError.invalid("\(number) is not a distribution to a household") }
        let lines = try db.query(
            """
            SELECT i.sku, i.name, s.quantity, s.unit_points FROM market_sale s JOIN item i ON i.id = s.item_id
            WHERE s.document_id = ? ORDER BY i.sku
            """, [header.0]
        ) { ($0.text(0), $0.text(1), $0.int(2), $0.int(3)) }
        guard !lines.isEmpty else {
            throw ScortaError.invalid("\(number) is not a market checkout (no points were spent)")
        }
        func setting(_ key: String) throws -> String? {
            try db.scalarText("SELECT value FROM setting WHERE key = ?", ["organisation." + key])
        }
        let width = 48
        let rule = String(repeating: "-", count: width)
        func row(_ left: String, _ right: String) -> String {
            left + String(repeating: " ", count: max(1, width - left.count - right.count)) + right
        }
        var out = [
            try setting("short_name") ?? "", "\(header.4 ?? "Emporio solidale") (\(header.3 ?? ""))", "",
            row("Ricevuta / Receipt", number), row("Data / Date", header.1),
            row("Tessera / Card", HouseholdCode.display(header.2)), rule
        ]
        var total = 0
        for (sku, name, quantity, unit) in lines {
            total += quantity * unit
            out.append(row("\(quantity) x \(String(name.prefix(28)))", "\(quantity * unit) pt"))
            out.append("    \(sku) @ \(unit) pt")
        }
        out.append(rule)
        out.append(row("Punti spesi / Points spent", "\(total)"))
        if let left = header.6 { out.append(row("Punti rimasti / Points left", "\(left)")) }
        if let reversal = header.5 { out.append("ANNULLATA / REVERSED: \(reversal)") }
        out.append("")
        // The chain when printed: `scorta verify --expect` checks it later.
        let anchor = try HashChain.anchor(db)
        out.append(row("Sigillo / Seal", anchor.shortHead))
        out.append(row("", "\(anchor.documents) doc., \(anchor.records) reg."))
        out.append("")
        if let statement = try setting("funding_statement") { out.append(statement) }
        return out.joined(separator: "\n") + "\n"
    }
}
