extension Schema {
    /// Catalogue and stock ledger.
    ///
    /// A document's lines move a quantity of one item (and lot) from a location
    /// to a location; NULL on a side is "outside" (supplier, recipient, scrap).
    /// `balance` caches the result per (location, item, lot) and is written in
    /// the same transaction as each document, so reading stock never scans
    /// history; `scorta check` replays the lines to prove the cache right.
    /// `lot_id` 0 stands for "no lot" so it can sit in primary keys.
    static let core = Migration(
        "0001-core",
        sql: """
            CREATE TABLE setting (
                key TEXT PRIMARY KEY,
                value TEXT NOT NULL
            ) WITHOUT ROWID;

            CREATE TABLE location (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('warehouse', 'market', 'outreach')),
                active INTEGER NOT NULL DEFAULT 1
            );

            CREATE TABLE channel (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL
            );

            CREATE TABLE category (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                name_en TEXT NOT NULL,
                kind TEXT NOT NULL CHECK (kind IN ('goods', 'food', 'kit'))
            );

            CREATE TABLE item (
                id INTEGER PRIMARY KEY,
                sku TEXT NOT NULL UNIQUE,
                name TEXT NOT NULL,
                unit TEXT NOT NULL,
                category_id INTEGER NOT NULL REFERENCES category(id),
                gtin TEXT,
                net_grams INTEGER CHECK (net_grams IS NULL OR net_grams >= 0),
                is_kit INTEGER NOT NULL DEFAULT 0,
                active INTEGER NOT NULL DEFAULT 1
            );

            -- Unit value in euro cents, effective from a date; history is kept.
            CREATE TABLE item_value (
                item_id INTEGER NOT NULL REFERENCES item(id),
                valid_from TEXT NOT NULL,
                cents INTEGER NOT NULL CHECK (cents >= 0),
                recorded_at TEXT NOT NULL,
                operator TEXT NOT NULL,
                PRIMARY KEY (item_id, valid_from)
            ) WITHOUT ROWID;

            -- A scanned code maps to an item and a quantity per scan (a box of 12).
            CREATE TABLE barcode (
                code TEXT PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES item(id),
                quantity INTEGER NOT NULL DEFAULT 1 CHECK (quantity > 0)
            ) WITHOUT ROWID;

            -- Kit recipes are versioned: a change makes a new version, old lots keep theirs.
            CREATE TABLE kit_recipe (
                id INTEGER PRIMARY KEY,
                kit_item_id INTEGER NOT NULL REFERENCES item(id),
                version INTEGER NOT NULL,
                created_at TEXT NOT NULL,
                operator TEXT NOT NULL,
                note TEXT,
                UNIQUE (kit_item_id, version)
            );

            CREATE TABLE kit_component (
                recipe_id INTEGER NOT NULL REFERENCES kit_recipe(id),
                item_id INTEGER NOT NULL REFERENCES item(id),
                quantity INTEGER NOT NULL CHECK (quantity > 0),
                PRIMARY KEY (recipe_id, item_id)
            ) WITHOUT ROWID;

            -- A lot of an item; a kit lot remembers the recipe it was assembled with.
            CREATE TABLE lot (
                id INTEGER PRIMARY KEY,
                item_id INTEGER NOT NULL REFERENCES item(id),
                code TEXT NOT NULL,
                expiry TEXT,
                recipe_id INTEGER REFERENCES kit_recipe(id),
                UNIQUE (item_id, code)
            );

            CREATE TABLE document (
                id INTEGER PRIMARY KEY,
                type TEXT NOT NULL,
                number TEXT NOT NULL UNIQUE,
                date TEXT NOT NULL,
                recorded_at TEXT NOT NULL,
                operator TEXT NOT NULL,
                location_id INTEGER REFERENCES location(id),
                counterparty TEXT,
                reference TEXT,
                reason TEXT,
                note TEXT,
                channel_id INTEGER REFERENCES channel(id),
                household_id INTEGER,
                reverses_id INTEGER UNIQUE REFERENCES document(id),
                hash TEXT
            );
            CREATE INDEX document_type_date ON document(type, date);
            CREATE INDEX document_date ON document(date);

            -- Human numbers per type and year: RIC-2026-00042.
            CREATE TABLE document_sequence (
                prefix TEXT NOT NULL,
                year INTEGER NOT NULL,
                last INTEGER NOT NULL,
                PRIMARY KEY (prefix, year)
            ) WITHOUT ROWID;

            CREATE TABLE document_line (
                id INTEGER PRIMARY KEY,
                document_id INTEGER NOT NULL REFERENCES document(id),
                item_id INTEGER NOT NULL REFERENCES item(id),
                lot_id INTEGER NOT NULL DEFAULT 0,
                quantity INTEGER NOT NULL CHECK (quantity > 0),
                from_location_id INTEGER REFERENCES location(id),
                to_location_id INTEGER REFERENCES location(id),
                CHECK (from_location_id IS NOT NULL OR to_location_id IS NOT NULL),
                CHECK (from_location_id IS NOT to_location_id)
            );
            CREATE INDEX document_line_document ON document_line(document_id);
            CREATE INDEX document_line_item ON document_line(item_id, lot_id);
            CREATE INDEX document_line_from ON document_line(from_location_id, item_id) WHERE from_location_id IS NOT NULL;
            CREATE INDEX document_line_to ON document_line(to_location_id, item_id) WHERE to_location_id IS NOT NULL;

            CREATE TABLE balance (
                location_id INTEGER NOT NULL REFERENCES location(id),
                item_id INTEGER NOT NULL REFERENCES item(id),
                lot_id INTEGER NOT NULL,
                quantity INTEGER NOT NULL CHECK (quantity >= 0),
                PRIMARY KEY (location_id, item_id, lot_id)
            ) WITHOUT ROWID;
            CREATE INDEX balance_item ON balance(item_id, lot_id);
            CREATE INDEX lot_expiry ON lot(expiry) WHERE expiry IS NOT NULL;

            -- What a count found (the baseline); the differences are the document's lines.
            CREATE TABLE count_line (
                document_id INTEGER NOT NULL REFERENCES document(id),
                item_id INTEGER NOT NULL REFERENCES item(id),
                lot_id INTEGER NOT NULL,
                expected INTEGER NOT NULL,
                counted INTEGER NOT NULL CHECK (counted >= 0),
                PRIMARY KEY (document_id, item_id, lot_id)
            ) WITHOUT ROWID;

            -- Documents dated on or before `until` are refused.
            CREATE TABLE period_close (
                id INTEGER PRIMARY KEY,
                until TEXT NOT NULL,
                closed_at TEXT NOT NULL,
                operator TEXT NOT NULL
            );
            """)
}
