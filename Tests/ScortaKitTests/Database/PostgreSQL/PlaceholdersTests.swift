import Testing

@testable import ScortaKit

/// The ledger's SQL keeps SQLite's `?` parameters; PostgreSQL reads `$n`.
@Suite struct PlaceholdersTests {
    @Test func bareParametersAreNumberedInOrder() {
        #expect(
            Placeholders.numbered("SELECT id FROM item WHERE sku = ? AND lot = ?")
                == "SELECT id FROM item WHERE sku = $1 AND lot = $2")
    }

    @Test func numberedParametersKeepTheirNumberAndABareOneFollowsTheLargest() {
        #expect(
            Placeholders.numbered("WHERE (?1 IS NULL OR referred_by = ?1) AND x = ? AND y = ?12")
                == "WHERE ($1 IS NULL OR referred_by = $1) AND x = $2 AND y = $12")
        #expect(Placeholders.numbered("?2 ? ?1 ?") == "$2 $3 $1 $4")
    }

    @Test func questionMarksInTextNamesAndCommentsStay() {
        let sql = """
            SELECT 'why?', 'it''s ?', "odd?name" FROM t -- what? ?
            WHERE a = ? /* or ? */ AND b = ?
            """
        #expect(
            Placeholders.numbered(sql) == """
                SELECT 'why?', 'it''s ?', "odd?name" FROM t -- what? ?
                WHERE a = $1 /* or ? */ AND b = $2
                """)
    }

    @Test func anUnclosedQuoteCopiesTheRestAsText() {
        #expect(Placeholders.numbered("SELECT ? || 'open ?") == "SELECT $1 || 'open ?")
    }

    @Test func textBeyondASCIIIsCopiedWhole() {
        #expect(
            Placeholders.numbered("SELECT 'città ?', \"però\" FROM t WHERE nome = ? -- perché?\nAND x = ?")
                == "SELECT 'città ?', \"però\" FROM t WHERE nome = $1 -- perché?\nAND x = $2")
        #expect(Placeholders.numbered("SELECT 'è' || ?") == "SELECT 'è' || $1")
        #expect(Placeholders.numbered("SELECT 1") == "SELECT 1")
    }
}
