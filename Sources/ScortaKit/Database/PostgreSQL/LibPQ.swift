import Foundation

/// PostgreSQL's own C client library, loaded at run time with dlopen(3).
///
/// Loaded, not linked: building Scorta and running it on SQLite (the README's
/// two commands, one office) needs only libsqlite3-dev, and an office that
/// never meets a server never installs anything for one. A site that does
/// installs the distribution's `libpq5`. A SwiftPM trait compiling libpq in
/// would have made every build need libpq-dev and two kinds of binary. The
/// price is this file: the functions Scorta calls, by name, with the
/// C types of `libpq-fe.h` written out by hand (they have been stable since
/// PostgreSQL 9 and libpq.so.5 keeps its ABI).
///
///     let pq = try LibPQ.shared()
///     let connection = pq.connectdbParams(keywords, values, 1)
struct LibPQ: @unchecked Sendable {
    /// What to install when libpq is missing: the Debian/Ubuntu package
    /// (the distributions Scorta's CI runs on).
    static let installHint = "apt-get install libpq5"

    // `ConnStatusType` and `ExecStatusType` values from libpq-fe.h.
    static let connectionOK: Int32 = 0
    static let commandOK: Int32 = 1
    static let tuplesOK: Int32 = 2
    static let pipelineSync: Int32 = 10
    static let pipelineAborted: Int32 = 11
    /// `PG_DIAG_SQLSTATE`: the five-character code (40001 serialization failure).
    static let diagnosticSQLState = Int32(UInt8(ascii: "C"))
    /// `PG_DIAG_MESSAGE_PRIMARY`: the message without "ERROR:" and detail lines.
    static let diagnosticMessage = Int32(UInt8(ascii: "M"))

    typealias Connection = OpaquePointer
    typealias Result = OpaquePointer

    let connectdbParams:
        @convention(c) (UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<UnsafePointer<CChar>?>?, Int32) ->
            Connection?
    let status: @convention(c) (Connection?) -> Int32
    let errorMessage: @convention(c) (Connection?) -> UnsafeMutablePointer<CChar>?
    let finish: @convention(c) (Connection?) -> Void
    let exec: @convention(c) (Connection?, UnsafePointer<CChar>?) -> Result?
    /// `PQexecParams(conn, command, nParams, paramTypes, paramValues, paramLengths, paramFormats, resultFormat)`:
    /// Scorta sends and reads every value as text (no Oids, formats 0).
    let execParams:
        @convention(c) (
            Connection?, UnsafePointer<CChar>?, Int32, UnsafePointer<UInt32>?,
            UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
        ) -> Result?
    /// `PQprepare(conn, stmtName, query, nParams, paramTypes)`: a named statement, parsed once per connection.
    let prepare:
        @convention(c) (Connection?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32, UnsafePointer<UInt32>?) ->
            Result?
    /// `PQexecPrepared(conn, stmtName, nParams, paramValues, paramLengths, paramFormats, resultFormat)`.
    let execPrepared:
        @convention(c) (
            Connection?, UnsafePointer<CChar>?, Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
            UnsafePointer<Int32>?, Int32
        ) -> Result?
    /// `PQsendQueryParams` and `PQsendQueryPrepared`: the same as their `PQexec…` twins, without waiting for the answer.
    let sendQueryParams:
        @convention(c) (
            Connection?, UnsafePointer<CChar>?, Int32, UnsafePointer<UInt32>?,
            UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32
        ) -> Int32
    let sendQueryPrepared:
        @convention(c) (
            Connection?, UnsafePointer<CChar>?, Int32, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?,
            UnsafePointer<Int32>?, Int32
        ) -> Int32
    /// `PQsendPrepare`: `PQprepare` without waiting for the answer.
    let sendPrepare:
        @convention(c) (Connection?, UnsafePointer<CChar>?, UnsafePointer<CChar>?, Int32, UnsafePointer<UInt32>?) ->
            Int32
    /// The next result of what was sent, nil after each statement's last one.
    let getResult: @convention(c) (Connection?) -> Result?
    /// Pipeline mode (libpq 14 or later; nil before): several statements sent
    /// at once, their answers read afterwards, one round trip for all.
    let pipeline: Pipeline?
    struct Pipeline {
        let enter: @convention(c) (Connection?) -> Int32
        let exit: @convention(c) (Connection?) -> Int32
        let sync: @convention(c) (Connection?) -> Int32
    }
    let resultStatus: @convention(c) (Result?) -> Int32
    let resultErrorMessage: @convention(c) (Result?) -> UnsafeMutablePointer<CChar>?
    let resultErrorField: @convention(c) (Result?, Int32) -> UnsafeMutablePointer<CChar>?
    let ntuples: @convention(c) (Result?) -> Int32
    let nfields: @convention(c) (Result?) -> Int32
    let fname: @convention(c) (Result?, Int32) -> UnsafeMutablePointer<CChar>?
    let getvalue: @convention(c) (Result?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    let getisnull: @convention(c) (Result?, Int32, Int32) -> Int32
    /// A value's length in bytes (what a binary value needs: it may hold zeros).
    let getlength: @convention(c) (Result?, Int32, Int32) -> Int32
    let cmdTuples: @convention(c) (Result?) -> UnsafeMutablePointer<CChar>?
    let clear: @convention(c) (Result?) -> Void
    /// The type Oid of a result column (int8 20, bytea 17, …).
    let ftype: @convention(c) (Result?, Int32) -> UInt32
    /// `PGTransactionStatusType`: 2 in a transaction, 3 in a failed one.
    let transactionStatus: @convention(c) (Connection?) -> Int32

    /// The names tried in order: SCORTA_LIBPQ (a libpq outside the linker's
    /// path, e.g. one built with the server), else the soname of every libpq
    /// since PostgreSQL 8.
    static var libraryNames: [String] {
        Environment.value("SCORTA_LIBPQ").map { [$0] } ?? ["libpq.so.5"]
    }

    /// Loads the library from `names` (the first that opens).
    /// Throws a one-line error naming what to install when none does.
    init(names: [String] = LibPQ.libraryNames) throws {
        // RTLD_LAZY: libpq and its TLS libraries are linked to bind everything at load whatever is asked, but
        // its Kerberos, LDAP and SASL libraries are not, and a command never calls most of what they import
        // (binding it at load was 1.8 M of the 12.6 M instructions that loading libpq costs every command).
        // RTLD_DEEPBIND: what libpq's 23 libraries import is looked up among them first (libc is one of
        // them), not first through Scorta's own libraries (the C++ runtime, SQLite), where none of it is:
        // the 12,000 bindings at load cost 3.0 M instructions less, about 0.4 ms of every command. Scorta
        // exports no name any of them defines, and the C library's variables have no copies in Scorta
        // (no copy relocations), so each name binds to the same definition either way.
        let opened = LibPQ.withoutImplicitTLSInit {
            names.lazy.compactMap({ dlopen($0, RTLD_LAZY | RTLD_LOCAL | RTLD_DEEPBIND) }).first
        }
        guard let handle = opened else {
            throw ScortaError.invalid(
                """
                a PostgreSQL database needs libpq, PostgreSQL's client library, and \(names.joined(separator: ", ")) \
                is not installed: install it (\(LibPQ.installHint)) or give a database file path
                """)
        }
        // Never dlclose'd: connections may outlive any one caller, and the process keeps one copy.
        func symbol<T>(_ name: String, as type: T.Type) throws -> T {
            guard let address = dlsym(handle, name) else {
                throw ScortaError.invalid(
                    "the libpq found (\(names.joined(separator: ", "))) has no \(name): install a current one (\(LibPQ.installHint))"
                )
            }
            return unsafeBitCast(address, to: type)
        }
        connectdbParams = try symbol("PQconnectdbParams", as: type(of: connectdbParams))
        status = try symbol("PQstatus", as: type(of: status))
        errorMessage = try symbol("PQerrorMessage", as: type(of: errorMessage))
        finish = try symbol("PQfinish", as: type(of: finish))
        exec = try symbol("PQexec", as: type(of: exec))
        execParams = try symbol("PQexecParams", as: type(of: execParams))
        prepare = try symbol("PQprepare", as: type(of: prepare))
        execPrepared = try symbol("PQexecPrepared", as: type(of: execPrepared))
        sendQueryParams = try symbol("PQsendQueryParams", as: type(of: sendQueryParams))
        sendQueryPrepared = try symbol("PQsendQueryPrepared", as: type(of: sendQueryPrepared))
        getResult = try symbol("PQgetResult", as: type(of: getResult))
        sendPrepare = try symbol("PQsendPrepare", as: type(of: sendPrepare))
        if let enter = dlsym(handle, "PQenterPipelineMode"), let exit = dlsym(handle, "PQexitPipelineMode"),
            let sync = dlsym(handle, "PQpipelineSync")
        {
            pipeline = Pipeline(
                enter: unsafeBitCast(enter, to: (@convention(c) (Connection?) -> Int32).self),
                exit: unsafeBitCast(exit, to: (@convention(c) (Connection?) -> Int32).self),
                sync: unsafeBitCast(sync, to: (@convention(c) (Connection?) -> Int32).self))
        } else {
            pipeline = nil
        }
        resultStatus = try symbol("PQresultStatus", as: type(of: resultStatus))
        resultErrorMessage = try symbol("PQresultErrorMessage", as: type(of: resultErrorMessage))
        resultErrorField = try symbol("PQresultErrorField", as: type(of: resultErrorField))
        ntuples = try symbol("PQntuples", as: type(of: ntuples))
        nfields = try symbol("PQnfields", as: type(of: nfields))
        fname = try symbol("PQfname", as: type(of: fname))
        getvalue = try symbol("PQgetvalue", as: type(of: getvalue))
        getisnull = try symbol("PQgetisnull", as: type(of: getisnull))
        getlength = try symbol("PQgetlength", as: type(of: getlength))
        cmdTuples = try symbol("PQcmdTuples", as: type(of: cmdTuples))
        clear = try symbol("PQclear", as: type(of: clear))
        ftype = try symbol("PQftype", as: type(of: ftype))
        transactionStatus = try symbol("PQtransactionStatus", as: type(of: transactionStatus))
    }

    /// GnuTLS's switch for its library constructor: Debian's libpq needs
    /// libldap (a `service` looked up in LDAP), which needs GnuTLS, whose
    /// constructor initializes it at load (its configuration file, the
    /// FIPS check, the random generator): 0.7 M instructions and about
    /// 0.4 ms of CPU of every command on a server, for TLS that libpq does
    /// with OpenSSL. libldap initializes GnuTLS itself before it uses it.
    static let implicitTLSInitVariable = "GNUTLS_NO_IMPLICIT_INIT"

    /// Runs `body` (the dlopen) with GnuTLS's implicit initialization off,
    /// and leaves the environment as it was: a value the user set is kept,
    /// and nothing of it reaches a program Scorta starts afterwards.
    static func withoutImplicitTLSInit<T>(_ body: () throws -> T) rethrows -> T {
        guard getenv(implicitTLSInitVariable) == nil else { return try body() }
        setenv(implicitTLSInitVariable, "1", 0)
        defer { unsetenv(implicitTLSInitVariable) }
        return try body()
    }

    /// The process's one copy, loaded on first use; a failed load is tried
    /// again next time (and reports the same one-line error).
    static func shared() throws -> LibPQ {
        lock.lock()
        defer { lock.unlock() }
        if let loaded { return loaded }
        let library = try LibPQ()
        loaded = library
        return library
    }

    nonisolated(unsafe) private static var loaded: LibPQ?
    private static let lock = NSLock()
}
