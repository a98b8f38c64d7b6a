extension IndicatorReport.Result {
    /// The report as tables, with the counting rules at the end.
    public func document(language: ReportLanguage, organisation: Organisation) -> ReportDocument {
        let l = language
        var document = ReportDocument(
            title: framework.title.text(l),
            header: [
                organisation.name,
                l.pick(
                    "Periodo: dal \(filter.from) al \(filter.to) (estremi inclusi)",
                    "Period: \(filter.from) to \(filter.to) (both included)"),
                framework.legalBasis.text(l)
            ] + (filter.locationCode.map { [l.pick("Solo la sede \($0)", "Location \($0) only")] } ?? [])
                + (filter.channelCode.map { [l.pick("Solo il canale \($0)", "Channel \($0) only")] } ?? []), language: l
        )
        if let anchor { document.anchor(anchor) }
        // Landscape: the official wording of the breakdowns is long.
        document.landscape = true
        document.add(
            "persons", l.pick("Persone raggiunte", "Persons reached"), persons(all, l, everyRow: true),
            widths: [1.1, 9, 1.2, 1.4, 1.2])
        document.add(
            "value", l.pick("Valore monetario dei beni distribuiti", "Monetary value of goods distributed"),
            values(all, l),
            widths: [1.2, 7, 2])
        if !framework.targetGroups.isEmpty {
            document.add(
                "target_groups", l.pick("Valore per gruppo destinatario", "Value by target group"),
                targetGroups(all, l),
                widths: [2.4, 5, 1.6, 1.6])
        }
        document.add(
            "categories",
            l.pick(
                "Valore per categoria (kit scomposti nei componenti)", "Value by category (kits broken into components)"
            ),
            categories(all, l), widths: [7, 2, 2])
        // Every framework row is printed, with zero when nothing was handed out: an auditor sees 0, not a gap.
        document.add(
            "food",
            l.pick(
                "Aiuti alimentari per categoria (kg, per le tonnellate dividere per 1000)",
                "Food support by food category (kg; divide by 1000 for tonnes)"), food(all, l),
            widths: [1.2, 7, 2])
        document.add(
            "items", l.pick("Quantità per articolo", "Quantities by item"), items(all, kits: false, l),
            widths: [2, 6, 1, 1.4, 1.8])
        document.add(
            "kits", l.pick("Quantità per kit", "Quantities by kit"), items(all, kits: true, l),
            widths: [2, 6, 1, 1.4, 1.8])
        document.add(
            "channels", l.pick("Per canale", "By channel"), scopes(channels, l, title: l.pick("CANALE", "CHANNEL")),
            widths: [1.6, 1.3, 1.3, 1.3, 1.3, 1.3, 1.8, 1.8, 1.5])
        document.add(
            "locations", l.pick("Per sede", "By location"), scopes(locations, l, title: l.pick("SEDE", "LOCATION")),
            widths: [1.6, 1.3, 1.3, 1.3, 1.3, 1.3, 1.8, 1.8, 1.5])
        // The same figures in detail, scope by scope.
        for (key, tallies, italian, english, column) in [
            ("channel", channels, "canale", "channel", l.pick("CANALE", "CHANNEL")),
            ("location", locations, "sede", "location", l.pick("SEDE", "LOCATION"))
        ] {
            document.add(
                "\(key)_persons", l.pick("Persone raggiunte per \(italian)", "Persons reached by \(english)"),
                perScope(tallies, column) { persons($0, l) }, widths: [1.2, 1.1, 8, 1.2, 1.4, 1.2])
            document.add(
                "\(key)_categories", l.pick("Valore per \(italian) e categoria", "Value by \(english) and category"),
                perScope(tallies, column) { categories($0, l) }, widths: [1.2, 7, 2, 2])
            document.add(
                "\(key)_items",
                l.pick("Quantità per \(italian), articolo e kit", "Quantities by \(english), item and kit"),
                perScope(tallies, column) { items($0, kits: nil, l) }, widths: [1.2, 2, 6, 1, 1.4, 1.8])
        }
        document.note(
            l.pick("Regole di conteggio applicate", "Counting rules used"), IndicatorReport.rules(framework, l))
        document.note(l.pick("Avvertenze sui dati", "Data warnings"), warnings(l))
        if let statement = organisation.settings[framework.publicitySetting] {
            document.note(l.pick("Pubblicità", "Publicity"), [statement])
            document.fundingStatement = statement
        }
        return document
    }

    /// `everyRow`: the food indicators too when the scope had no food (the
    /// report's own table); the per-scope tables leave them out then.
    func persons(_ scope: ScopeTally, _ l: ReportLanguage, everyRow: Bool = false) -> Listing {
        var table = Listing(columns: [
            .init("code", l.pick("CODICE", "CODE")), .init("indicator", l.pick("INDICATORE", "INDICATOR")),
            .init("persons", l.pick("PERSONE", "PERSONS"), alignRight: true),
            .init("estimates", l.pick("DI CUI STIME", "OF WHICH ESTIMATES"), alignRight: true),
            .init("unknown", l.pick("NON NOTO", "UNKNOWN"), alignRight: true)
        ])
        let reach = scope.reach
        table.append([
            .string(""),
            .string(
                l.pick(
                    "Persone raggiunte in totale, senza doppi conteggi", "Persons reached in all, none counted twice")),
            .int(reach.anyone.total), .int(reach.anyone.estimates), .null
        ])
        for (indicator, counts, food) in [
            (framework.recipients.material, reach.material, false), (framework.recipients.food, reach.food, true)
        ] {
            if food, !everyRow, scope.foodGrams == 0, scope.foodCents == 0, counts.total == 0 { continue }
            table.append([
                .string(indicator.code), .string(indicator.wording.text(l)), .int(counts.total), .int(counts.estimates),
                .null
            ])
            for (index, breakdown) in framework.breakdowns.enumerated() {
                table.append([
                    .string(food ? breakdown.food : breakdown.material), .string(breakdown.wording.text(l)),
                    .int(counts.yes[index]), .null, .int(counts.unknown[index])
                ])
            }
        }
        return table
    }

    func values(_ scope: ScopeTally, _ l: ReportLanguage) -> Listing {
        var table = Listing(columns: [
            .init("code", l.pick("CODICE", "CODE")), .init("indicator", l.pick("INDICATORE", "INDICATOR")),
            .init("cents", l.pick("VALORE €", "VALUE €"), format: .cents)
        ])
        if let total = framework.values.total {
            table.append([.string(total.code), .string(total.wording.text(l)), .int(scope.foodCents + scope.goodsCents)]
            )
        }
        if let food = framework.values.food {
            table.append([.string(food.code), .string(food.wording.text(l)), .int(scope.foodCents)])
        }
        table.append([
            .string(framework.values.goods.code), .string(framework.values.goods.wording.text(l)),
            .int(scope.goodsCents)
        ])
        var listed = Set<String>()
        for line in framework.goodsCategories {
            listed.formUnion(line.categories)
            table.append([
                .string(line.code), .string(line.wording.text(l)),
                .int(line.categories.reduce(0) { $0 + (scope.centsByCategory[$1] ?? 0) })
            ])
        }
        if !framework.goodsCategories.isEmpty {
            let foodCategories = Set(valuation.items.values.filter(\.isFood).map(\.category))
            let rest = scope.centsByCategory.filter { !listed.contains($0.key) && !foodCategories.contains($0.key) }
                .values.reduce(0, +)
            if rest != 0 {
                table.append([
                    .string(""),
                    .string(
                        l.pick("beni di categorie non previste dal quadro", "goods in categories outside the framework")
                    ), .int(rest)
                ])
            }
        }
        return table
    }

    func targetGroups(_ scope: ScopeTally, _ l: ReportLanguage) -> Listing {
        var table = Listing(columns: [
            .init("code", l.pick("CODICE", "CODE")), .init("group", l.pick("GRUPPO", "GROUP")),
            .init("food_cents", l.pick("ALIMENTI €", "FOOD €"), format: .cents),
            .init("goods_cents", l.pick("BENI €", "GOODS €"), format: .cents)
        ])
        for (index, group) in framework.targetGroups.enumerated() {
            table.append([
                .string(group.food + " / " + group.material), .string(group.wording.text(l)),
                .int(scope.foodByGroup[index]), .int(scope.goodsByGroup[index])
            ])
        }
        table.append([
            .string(""), .string(l.pick("Totale", "Total")), .int(scope.foodByGroup.reduce(0, +)),
            .int(scope.goodsByGroup.reduce(0, +))
        ])
        return table
    }

    /// Every report category by its name in the report's language (not its
    /// key), with zero when nothing of it went out; kits are broken into
    /// their components, so the kit category itself holds nothing.
    func categories(_ scope: ScopeTally, _ l: ReportLanguage) -> Listing {
        var table = Listing(columns: [
            .init("category", l.pick("CATEGORIA", "CATEGORY")),
            .init("cents", l.pick("VALORE €", "VALUE €"), format: .cents),
            .init("grams", "KG", format: .kilograms)
        ])
        let foodCategories = Set(framework.foodCategories.flatMap(\.categories))
        let rows = categoryNames.filter { $0.key != "kit" || scope.centsByCategory[$0.key] != nil }
            .map { (code: $0.key, name: l.pick($0.value.0, $0.value.1)) }.sorted { $0.name < $1.name }
        for row in rows {
            let grams = scope.gramsByCategory[row.code] ?? (foodCategories.contains(row.code) ? 0 : nil)
            table.append([
                .string(row.name), .int(scope.centsByCategory[row.code] ?? 0), grams.map { .int($0) } ?? .null
            ])
        }
        return table
    }

    func food(_ scope: ScopeTally, _ l: ReportLanguage) -> Listing {
        var table = Listing(columns: [
            .init("code", l.pick("CODICE", "CODE")), .init("indicator", l.pick("INDICATORE", "INDICATOR")),
            .init("grams", "KG", format: .kilograms)
        ])
        for line in framework.foodCategories {
            table.append([
                .string(line.code), .string(line.wording.text(l)),
                .int(line.categories.reduce(0) { $0 + (scope.gramsByCategory[$1] ?? 0) })
            ])
        }
        table.append([
            .string(framework.foodTotal.code), .string(framework.foodTotal.wording.text(l)), .int(scope.foodGrams)
        ])
        return table
    }

    /// One table for several scopes: each scope's rows, with the scope's code first.
    func perScope(_ tallies: [String: ScopeTally], _ title: String, _ build: (ScopeTally) -> Listing) -> Listing {
        var table: Listing?
        for (code, scope) in tallies.sorted(by: { $0.key < $1.key }) {
            let part = build(scope)
            if table == nil { table = Listing(columns: [.init("scope", title)] + part.columns) }
            for row in part.rows { table!.append([.string(code)] + row) }
        }
        // No scope at all (nothing distributed): the same columns, no rows.
        return table ?? Listing(columns: [.init("scope", title)] + build(all).columns)
    }

    /// Items as distributed: only kits (`kits` true), only other items (false), or both (nil).
    func items(_ scope: ScopeTally, kits: Bool?, _ l: ReportLanguage) -> Listing {
        var table = Listing(columns: [
            .init("sku", "SKU"), .init("name", l.pick("ARTICOLO", "ITEM")), .init("unit", l.pick("UM", "UNIT")),
            .init("quantity", l.pick("QUANTITÀ", "QUANTITY"), alignRight: true),
            .init("cents", l.pick("VALORE €", "VALUE €"), format: .cents)
        ])
        let rows = scope.items.map { (info: valuation.item($0.key), figures: $0.value) }.filter {
            kits == nil || $0.info.isKit == kits
        }.sorted { $0.info.sku < $1.info.sku }
        for row in rows {
            table.append([
                .string(row.info.sku), .string(row.info.name), .string(row.info.unit), .int(row.figures.quantity),
                .int(row.figures.cents)
            ])
        }
        return table
    }

    func scopes(_ tallies: [String: ScopeTally], _ l: ReportLanguage, title: String) -> Listing {
        var table = Listing(columns: [
            .init("code", title), .init("distributions", l.pick("CONSEGNE", "DISTRIB."), alignRight: true),
            .init("persons", l.pick("PERSONE", "PERSONS"), alignRight: true),
            .init("estimates", l.pick("STIME", "ESTIMATES"), alignRight: true),
            .init("material", l.pick("SOST. MAT.", "MATERIAL"), alignRight: true),
            .init("food", l.pick("SOST. ALIM.", "FOOD"), alignRight: true),
            .init("goods_cents", l.pick("BENI €", "GOODS €"), format: .cents),
            .init("food_cents", l.pick("ALIMENTI €", "FOOD €"), format: .cents),
            .init("grams", "KG", format: .kilograms)
        ])
        for (code, scope) in tallies.sorted(by: { $0.key < $1.key }) {
            let reach = scope.reach
            table.append([
                .string(code), .int(scope.distributions), .int(reach.anyone.total), .int(reach.anyone.estimates),
                .int(reach.material.total), .int(reach.food.total), .int(scope.goodsCents), .int(scope.foodCents),
                .int(scope.foodGrams)
            ])
        }
        return table
    }

    func warnings(_ l: ReportLanguage) -> [String] {
        var lines: [String] = []
        if !framework.wordingChecked {
            lines.append(
                l.pick(
                    "La formulazione degli indicatori in Seeds/report-frameworks.json non è ancora stata verificata sulla Gazzetta ufficiale.",
                    "The indicator wording in Seeds/report-frameworks.json has not yet been checked against the Official Journal."
                ))
        }
        if kitUnitsWithoutRecipe > 0 {
            lines.append(
                l.pick(
                    "\(kitUnitsWithoutRecipe) kit senza lotto di assemblaggio valorizzati con la ricetta più recente.",
                    "\(kitUnitsWithoutRecipe) kits with no assembly lot valued with the newest recipe."))
        }
        if !unvaluedSKUs.isEmpty {
            lines.append(
                l.pick(
                    "Articoli senza valore alla data della consegna (contati a 0): ",
                    "Items with no value on the distribution date (counted as 0): ")
                    + unvaluedSKUs.joined(separator: ", "))
        }
        if !foodWithoutWeight.isEmpty {
            lines.append(
                l.pick(
                    "Alimenti senza peso netto (esclusi dalle tonnellate): ",
                    "Food without a net weight (left out of the tonnes): ")
                    + foodWithoutWeight.joined(separator: ", "))
        }
        return lines
    }
}

extension IndicatorReport {
    /// The counting rules the engine applies, printed at the end of every indicator report.
    public static func rules(_ framework: ReportFramework, _ l: ReportLanguage) -> [String] {
        var rules = [
            l.pick(
                "1. Sono contate le consegne datate nel periodo, estremi inclusi; le consegne stornate sono escluse.",
                "1. Distributions dated inside the period, both ends included, are counted; reversed distributions are left out."
            ),
            l.pick(
                "2. Ogni componente del nucleo che riceve una consegna è una persona raggiunta.",
                "2. Every member of the receiving household is a person reached."),
            l.pick(
                "3. Ogni persona è contata una sola volta nel periodo, comunque molte consegne la raggiungano.",
                "3. A person is counted once in the period however many distributions reach them."),
            l.pick(
                "4. Età e caratteristiche sono quelle registrate alla data della prima consegna del periodo (fotografia al momento della consegna; la cancellazione dei dati personali non cambia i conteggi), anche nelle tabelle per canale e per sede.",
                "4. Age and attributes are those recorded at the date of the person's first distribution in the period (snapshot taken at distribution; erasing personal data does not change the counts), also in the tables by channel and location."
            ),
            l.pick(
                "5. Ogni consegna anonima conta come una persona, con la fascia d'età e il sesso registrati; queste persone sono indicate come stime.",
                "5. Each anonymous distribution counts as one person with its recorded age band and sex; these persons are shown as estimates."
            ),
            l.pick(
                "6. Valore: valore unitario in vigore alla data della consegna; i kit sono valorizzati e classificati tramite i componenti della ricetta con cui il lotto è stato assemblato.",
                "6. Value: unit value in force on the distribution date; kits are valued and categorised through the components of the recipe their lot was assembled with."
            ),
            l.pick(
                "7. Sostegno alimentare e sostegno materiale sono contati separatamente, anche quando raggiungono la stessa persona.",
                "7. Food and material support recipients are counted separately, even when they are the same person."),
            l.pick(
                "8. Le caratteristiche sensibili sono facoltative: chi ha una caratteristica non nota non è contato nella disaggregazione ed è indicato come «non noto».",
                "8. Sensitive attributes are optional: a person with an attribute unknown is not counted in that breakdown and is shown as unknown."
            )
        ]
        if !framework.targetGroups.isEmpty {
            rules.append(
                l.pick(
                    "9. Gruppi destinatari: il valore di ogni consegna è diviso in parti uguali tra i componenti del nucleo; la quota va ai minori se sotto i 18 anni, altrimenti alle persone senza dimora se tali, altrimenti agli altri gruppi; i centesimi sono ripartiti col metodo dei resti più alti, così le parti sommano esattamente al totale.",
                    "9. Target groups: each distribution's value is split equally among the household members; a share goes to children if under 18, otherwise to homeless persons if homeless, otherwise to other target groups; cents are apportioned by largest remainder so the parts add up exactly to the total."
                ))
        }
        return rules
    }
}
