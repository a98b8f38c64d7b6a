import CSQLite

/// A result code of the database engine, primary or extended, matched by name:
///
///     switch error.resultCode {
///     case .busy, .locked: // another process holds the lock
///     case .constraintUnique: // this exact kind of constraint
///     case .constraint: // any other constraint
///     default: ...
///     }
///
/// A primary code as a pattern matches its extended codes too (`.constraint`
/// matches `.constraintNotNull`); an extended code matches only itself.
public struct ResultCode: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int32

    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// The primary code: the low 8 bits of an extended code.
    public var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

    public var isPrimary: Bool { self == primary }

    public static func ~= (pattern: ResultCode, code: ResultCode) -> Bool {
        pattern.isPrimary ? pattern == code.primary : pattern == code
    }

    /// Another process holds the lock, or this connection's own tables are
    /// locked: the command can simply be tried again.
    public var isBusy: Bool {
        switch self {
        case .busy, .locked: true
        default: false
        }
    }

    public var description: String { "\(rawValue) (\(String(cString: sqlite3_errstr(rawValue))))" }

    // MARK: - Primary codes (https://sqlite.org/rescode.html)

    public static let ok = ResultCode(rawValue: SQLITE_OK)
    public static let error = ResultCode(rawValue: SQLITE_ERROR)
    public static let busy = ResultCode(rawValue: SQLITE_BUSY)
    public static let locked = ResultCode(rawValue: SQLITE_LOCKED)
    public static let readOnly = ResultCode(rawValue: SQLITE_READONLY)
    public static let ioError = ResultCode(rawValue: SQLITE_IOERR)
    public static let corrupt = ResultCode(rawValue: SQLITE_CORRUPT)
    public static let full = ResultCode(rawValue: SQLITE_FULL)
    public static let cannotOpen = ResultCode(rawValue: SQLITE_CANTOPEN)
    public static let constraint = ResultCode(rawValue: SQLITE_CONSTRAINT)
    public static let misuse = ResultCode(rawValue: SQLITE_MISUSE)
    public static let abort = ResultCode(rawValue: SQLITE_ABORT)
    public static let range = ResultCode(rawValue: SQLITE_RANGE)
    public static let notADatabase = ResultCode(rawValue: SQLITE_NOTADB)
    public static let row = ResultCode(rawValue: SQLITE_ROW)
    public static let done = ResultCode(rawValue: SQLITE_DONE)

    // MARK: - Extended codes the ledger tells apart

    public static let constraintCheck = ResultCode(rawValue: SQLITE_CONSTRAINT | (1 << 8))
    public static let constraintForeignKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (3 << 8))
    public static let constraintNotNull = ResultCode(rawValue: SQLITE_CONSTRAINT | (5 << 8))
    public static let constraintPrimaryKey = ResultCode(rawValue: SQLITE_CONSTRAINT | (6 << 8))
    public static let constraintTrigger = ResultCode(rawValue: SQLITE_CONSTRAINT | (7 << 8))
    public static let constraintUnique = ResultCode(rawValue: SQLITE_CONSTRAINT | (8 << 8))
    public static let busySnapshot = ResultCode(rawValue: SQLITE_BUSY | (2 << 8))
}

extension ResultCode {
    /// The SQLite code a PostgreSQL SQLSTATE means to the ledger, so code that
    /// tells errors apart (`case .constraintUnique:`) works on both engines.
    init(sqlState: String) {
        switch sqlState {
        case "23505": self = .constraintUnique
        case "23514": self = .constraintCheck
        case "23503": self = .constraintForeignKey
        case "23502": self = .constraintNotNull
        case _ where sqlState.hasPrefix("23"): self = .constraint
        // Other sites hold what this command needs: as busy as a SQLite lock.
        case "40001", "40P01", "55P03": self = .busy
        case _ where sqlState.hasPrefix("08") || sqlState.hasPrefix("57P"): self = .ioError
        default: self = .error
        }
    }
}
