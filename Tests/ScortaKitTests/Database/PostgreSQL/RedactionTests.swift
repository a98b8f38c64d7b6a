import Testing

@testable import ScortaKit

/// A server's target is named in messages without its password, whichever
/// way the password was written (read by hand since it runs at every start).
struct RedactionTests {
    @Test(arguments: [
        ("postgresql://anna:s3cret@ledger.example.org/scorta", "postgresql://anna@ledger.example.org/scorta"),
        ("postgres://anna:p%40ss:w0rd@host:6432/db?sslmode=require", "postgres://anna@host:6432/db?sslmode=require"),
        ("postgresql://anna@ledger.example.org:5432/scorta", "postgresql://anna@ledger.example.org:5432/scorta"),
        ("postgresql://ledger.example.org:5432/scorta", "postgresql://ledger.example.org:5432/scorta"),
        (
            "postgresql://host/db?user=anna&password=s3cret&sslmode=require",
            "postgresql://host/db?user=anna&password=…&sslmode=require"
        ),
        (
            "host=ledger dbname=scorta password = 'two words' user=anna",
            "host=ledger dbname=scorta password=… user=anna"
        ),
        ("service=scorta password=s3cret", "service=scorta password=…"),
        ("service=scorta passwordless=1 password=x", "service=scorta passwordless=1 password=…"),
        ("service=scorta", "service=scorta"),
        ("postgresql://ànna:sécret@hôst/db", "postgresql://ànna@hôst/db")
    ])
    func thePasswordIsLeftOut(target: String, shown: String) {
        #expect(PostgreSQLConnection.redacted(target) == shown)
    }
}

/// libpq's GSSAPI probe is left out unless the user's target, environment
/// or service names a mode: a service file's value, read after ours, would
/// lose to it, so with a service libpq keeps its own default.
struct GSSDefaultTests {
    @Test(arguments: [
        ("postgresql://anna@ledger.example.org/scorta?sslmode=verify-full", [String: String](), true),
        ("host=ledger dbname=scorta user=anna", [:], true),
        ("postgresql://anna@ledger/scorta?gssencmode=require", [:], false),
        ("host=ledger dbname=scorta GSSENCMODE=prefer", [:], false),
        ("service=scorta", [:], false),
        ("postgresql:///scorta?service=scorta", [:], false),
        ("postgresql://anna@ledger/scorta", ["PGGSSENCMODE": "prefer"], false),
        ("postgresql://anna@ledger/scorta", ["PGSERVICE": "scorta"], false)
    ])
    func disabledOnlyWhereNothingNamesAMode(target: String, environment: [String: String], disabled: Bool) {
        let defaults = PostgreSQLConnection.gssDefault(target: target, environment: { environment[$0] })
        #expect(defaults.map { "\($0.0)=\($0.1)" } == (disabled ? ["gssencmode=disable"] : []))
    }
}

/// Scorta's connect timeout is passed to libpq, which would then ignore
/// `PGCONNECT_TIMEOUT`: the variable, when set, is left to libpq instead.
struct ConnectTimeoutDefaultTests {
    @Test func oursUnlessTheEnvironmentNamesOne() {
        let ours = PostgreSQLConnection.timeoutDefault(seconds: 10, environment: { _ in nil })
        #expect(ours.map { "\($0.0)=\($0.1)" } == ["connect_timeout=10"])
        let named = PostgreSQLConnection.timeoutDefault(
            seconds: 10, environment: { $0 == "PGCONNECT_TIMEOUT" ? "3" : nil })
        #expect(named.isEmpty)
        let empty = PostgreSQLConnection.timeoutDefault(
            seconds: 10, environment: { $0 == "PGCONNECT_TIMEOUT" ? "" : nil })
        #expect(empty.map { "\($0.0)=\($0.1)" } == ["connect_timeout=10"])
    }
}
