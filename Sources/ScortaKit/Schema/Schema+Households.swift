extension Schema {
    /// Households and the per-distribution snapshot the reports count.
    ///
    /// Privacy: a household is a random code; `name` and `note` are optional
    /// personal data, erasable. A distribution copies what the reports need
    /// about each recipient at its date into `distribution_recipient`, so later
    /// edits or erasure never change past figures.
    static let households = Migration(
        "0002-households",
        sql: """
            CREATE TABLE household (
                id INTEGER PRIMARY KEY,
                code TEXT NOT NULL UNIQUE,
                referred_by TEXT,
                registered_on TEXT NOT NULL,
                name TEXT,
                note TEXT,
                erased_at TEXT
            );

            CREATE TABLE member (
                id INTEGER PRIMARY KEY,
                household_id INTEGER NOT NULL REFERENCES household(id),
                birth TEXT,
                age_band TEXT CHECK (age_band IN ('0-15', '16-17', '18-29', '30-64', '65+')),
                sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'nonbinary', 'unknown')),
                homeless INTEGER CHECK (homeless IN (0, 1)),
                disability INTEGER CHECK (disability IN (0, 1)),
                third_country INTEGER CHECK (third_country IN (0, 1)),
                foreign_minority INTEGER CHECK (foreign_minority IN (0, 1)),
                name TEXT,
                joined_on TEXT NOT NULL,
                left_on TEXT,
                CHECK (birth IS NOT NULL OR age_band IS NOT NULL)
            );
            CREATE INDEX member_household ON member(household_id);

            -- One row per person reached by a distribution document: a household
            -- member (member_id) or an anonymous contact (member_id NULL, an estimate).
            CREATE TABLE distribution_recipient (
                document_id INTEGER NOT NULL REFERENCES document(id),
                member_id INTEGER REFERENCES member(id),
                age_band TEXT NOT NULL CHECK (age_band IN ('0-15', '16-17', '18-29', '30-64', '65+')),
                sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'nonbinary', 'unknown')),
                homeless INTEGER,
                disability INTEGER,
                third_country INTEGER,
                foreign_minority INTEGER
            );
            CREATE INDEX distribution_recipient_document ON distribution_recipient(document_id);
            CREATE INDEX distribution_recipient_member ON distribution_recipient(member_id) WHERE member_id IS NOT NULL;
            CREATE INDEX document_household ON document(household_id) WHERE household_id IS NOT NULL;
            """)
}
