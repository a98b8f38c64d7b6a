import ScortaKit
import Testing

@testable import ScortaCLI

/// Issue 12, reproduction 10: arguments are checked as bytes, before Swift repairs them.
@Suite struct ArgumentEncodingTests {
    @Test func argumentsMustBeUTF8() throws {
        try ArgumentEncoding.requireUTF8(Array("Caffè".utf8), argument: 1)
        #expect(throws: UsageError("argument 2 is not valid UTF-8 text (byte 0xE8 at position 4)")) {
            try ArgumentEncoding.requireUTF8([0x43, 0x61, 0x66, 0xE8], argument: 2)
        }
        #expect(throws: UsageError("argument 1 is not valid UTF-8 text (byte 0xC3 at position 1)")) {
            try ArgumentEncoding.requireUTF8([0xC3], argument: 1)
        }
    }
}
