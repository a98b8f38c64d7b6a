/// The database schema, as ordered migrations.
public enum Schema {
    public static var migrations: [Migration] { [] }
}
