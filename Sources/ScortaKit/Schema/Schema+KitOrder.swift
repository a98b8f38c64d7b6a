extension Schema {
    /// The order a kit recipe lists its components in (the order staff pack them and read
    /// them on the kit label), which the primary key (recipe, item) does not keep. Recipes
    /// recorded before this migration have no position and keep listing by SKU.
    static let kitComponentOrder = Migration(
        "0009-kit-component-order",
        sql: """
            ALTER TABLE kit_component ADD COLUMN position INTEGER;
            """)
}
