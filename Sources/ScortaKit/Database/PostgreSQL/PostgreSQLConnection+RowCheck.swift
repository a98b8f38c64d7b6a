/// Writes that must change a row, held back all the same.
///
/// The conditional decrement (`UPDATE balance … WHERE … AND quantity >= ?`)
/// changes no row when the stock is not there, and the posting then refuses
/// with what is there: its count of changed rows had to be read before the
/// next statement was sent, a round trip of its own for every line taken out.
/// Held back with a `RowCheck` instead, it travels with the next statement
/// whose answer is needed, and its count is read with that pipeline's
/// answers: when it changed nothing, the statement that carried it throws
/// what `otherwise` throws (read once the pipeline is over, with the
/// transaction still open: the posting's own message, the stock there named),
/// and the transaction never commits. The statements sent after it in the
/// same pipeline did run; the savepoint of the posting undoes them with the
/// rest of its work when the error comes out inside it. When a savepoint's
/// release went in between, the error comes out in the unit of work around
/// it: the whole transaction is then refused at COMMIT
/// (`changedNoRowAfterRelease`), so no document is ever kept without its stock.
extension PostgreSQLConnection {
    struct RowCheck {
        /// The row the write names (its key's values): a second write for the same row waits for this one's answer.
        let row: [String?]
        let sql: String
        /// Runs when the write changed no row: throws the caller's error.
        let otherwise: () throws -> Void
    }

    /// A held write that changed no row, found among a pipeline's answers.
    struct Unchanged: Error {
        let check: Int
        /// Whether a savepoint's release was sent after the write, in the same pipeline.
        let released: Bool
    }

    /// Keeps `check` until its write's answer is read; gives its number.
    func keep(_ check: RowCheck) -> Int {
        rowCheckCount += 1
        rowChecks[rowCheckCount] = check
        return rowCheckCount
    }

    /// Whether a savepoint was released after the write with `check` in `held`.
    func releasedAfter(check: Int, in held: [Held]) -> Bool {
        guard
            let index = held.firstIndex(where: {
                if case .write(let write) = $0 { write.check == check } else { false }
            })
        else { return false }
        return held[(index + 1)...].contains { if case .release = $0 { true } else { false } }
    }
}
