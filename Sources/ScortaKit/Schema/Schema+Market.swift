extension Schema {
    /// Dated member attributes, card validity, and the social market: points
    /// rules, prices, limits, the points ledger and what each checkout sold.
    ///
    /// `member_version` keeps every dated state of a member's report
    /// attributes, so a backdated distribution snapshots what was true on its
    /// date. The points ledger is append-only like the stock ledger: a spend
    /// whose checkout is reversed comes back through `points_movement`, a view,
    /// so `scorta reverse` needs to know nothing about points.
    static let market = Migration(
        "0003-market",
        sql: """
            ALTER TABLE distribution_recipient ADD COLUMN age INTEGER CHECK (age IS NULL OR age >= 0);

            CREATE TABLE member_version (
                member_id INTEGER NOT NULL REFERENCES member(id),
                valid_from TEXT NOT NULL,
                birth TEXT,
                age_band TEXT CHECK (age_band IN ('0-15', '16-17', '18-29', '30-64', '65+')),
                sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'nonbinary', 'unknown')),
                homeless INTEGER CHECK (homeless IN (0, 1)),
                disability INTEGER CHECK (disability IN (0, 1)),
                third_country INTEGER CHECK (third_country IN (0, 1)),
                foreign_minority INTEGER CHECK (foreign_minority IN (0, 1)),
                recorded_at TEXT NOT NULL,
                operator TEXT NOT NULL,
                CHECK (birth IS NOT NULL OR age_band IS NOT NULL),
                PRIMARY KEY (member_id, valid_from)
            ) WITHOUT ROWID;

            -- Card (tessera) validity: a renewal adds a period, a pause is a suspension.
            CREATE TABLE card_period (
                id INTEGER PRIMARY KEY,
                household_id INTEGER NOT NULL REFERENCES household(id),
                valid_from TEXT NOT NULL,
                valid_until TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                operator TEXT NOT NULL,
                CHECK (valid_from <= valid_until)
            );
            CREATE INDEX card_period_household ON card_period(household_id, valid_from);

            CREATE TABLE card_suspension (
                id INTEGER PRIMARY KEY,
                household_id INTEGER NOT NULL REFERENCES household(id),
                from_date TEXT NOT NULL,
                until_date TEXT,
                reason TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                operator TEXT NOT NULL
            );
            CREATE INDEX card_suspension_household ON card_suspension(household_id);

            -- Points rules, effective from a date (Seeds/market.json).
            CREATE TABLE points_rule (
                valid_from TEXT PRIMARY KEY,
                cycle TEXT NOT NULL CHECK (cycle IN ('month', 'days')),
                cycle_days INTEGER CHECK (cycle_days IS NULL OR cycle_days > 0),
                first_member INTEGER NOT NULL CHECK (first_member >= 0),
                further_member INTEGER NOT NULL CHECK (further_member >= 0),
                child_extra INTEGER NOT NULL CHECK (child_extra >= 0),
                child_under INTEGER NOT NULL CHECK (child_under > 0),
                maximum INTEGER CHECK (maximum IS NULL OR maximum > 0),
                lapse INTEGER NOT NULL CHECK (lapse IN (0, 1)),
                card_months INTEGER NOT NULL CHECK (card_months > 0),
                market_location TEXT NOT NULL,
                market_channel TEXT NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE market_price (
                item_id INTEGER NOT NULL REFERENCES item(id),
                valid_from TEXT NOT NULL,
                points INTEGER NOT NULL CHECK (points >= 0),
                recorded_at TEXT NOT NULL,
                operator TEXT NOT NULL,
                PRIMARY KEY (item_id, valid_from)
            ) WITHOUT ROWID;

            -- At most `quantity` units of an item (or of a category) per visit or per cycle.
            CREATE TABLE market_limit (
                id INTEGER PRIMARY KEY,
                item_id INTEGER REFERENCES item(id),
                category_id INTEGER REFERENCES category(id),
                per TEXT NOT NULL CHECK (per IN ('visit', 'cycle')),
                quantity INTEGER NOT NULL CHECK (quantity >= 0),
                CHECK ((item_id IS NULL) != (category_id IS NULL)),
                UNIQUE (item_id, category_id, per)
            );

            -- The points ledger: allowance (+), spend (-), lapse (-), adjustment (±).
            CREATE TABLE points_entry (
                id INTEGER PRIMARY KEY,
                household_id INTEGER NOT NULL REFERENCES household(id),
                date TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('allowance', 'spend', 'lapse', 'adjustment')),
                points INTEGER NOT NULL,
                cycle_start TEXT NOT NULL,
                document_id INTEGER REFERENCES document(id),
                reason TEXT,
                balance_after INTEGER,
                recorded_at TEXT NOT NULL,
                operator TEXT NOT NULL
            );
            CREATE INDEX points_entry_household ON points_entry(household_id, date);
            CREATE UNIQUE INDEX points_entry_cycle ON points_entry(household_id, cycle_start, kind) WHERE kind IN ('allowance', 'lapse');
            -- A checkout's spend is found from its document (receipts, history, check).
            CREATE INDEX points_entry_document ON points_entry(document_id) WHERE document_id IS NOT NULL;

            -- Entries plus the refund a reversed checkout implies, dated on the reversal.
            CREATE VIEW points_movement(id, household_id, date, kind, points, cycle_start, document_id, reason) AS
                SELECT id, household_id, date, kind, points, cycle_start, document_id, reason FROM points_entry
                UNION ALL
                SELECT p.id, p.household_id, r.date, 'refund', -p.points, NULL, r.id, 'reversal of ' || d.number
                FROM points_entry p JOIN document d ON d.id = p.document_id JOIN document r ON r.reverses_id = d.id
                WHERE p.kind = 'spend';

            -- What a checkout sold, at which points price (the receipt and per-cycle limits read it).
            CREATE TABLE market_sale (
                document_id INTEGER NOT NULL REFERENCES document(id),
                item_id INTEGER NOT NULL REFERENCES item(id),
                quantity INTEGER NOT NULL CHECK (quantity > 0),
                unit_points INTEGER NOT NULL CHECK (unit_points >= 0),
                PRIMARY KEY (document_id, item_id)
            ) WITHOUT ROWID;

            -- A limit a clerk exceeded on purpose, with the reason given.
            CREATE TABLE market_override (
                document_id INTEGER NOT NULL REFERENCES document(id),
                rule TEXT NOT NULL,
                reason TEXT NOT NULL,
                operator TEXT NOT NULL
            );
            CREATE INDEX market_override_document ON market_override(document_id);
            """)
}
