/// Wrong use of the command line, found by a command after parsing (two
/// options that only make sense together, a list left empty): printed as
/// `Error: <message>` and the usage line, exit status 64. The library never
/// throws it: ScortaKit speaks of the domain, not of flags.
struct UsageError: Error, CustomStringConvertible, Equatable {
    let message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}
