import Testing

@testable import ScortaKit

/// The example vectors NIST publishes for SHA-256 (FIPS 180-4 examples and
/// the long-message test).
@Suite struct SHA256Tests {
    @Test(arguments: [
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        // 448 bits: the padding needs a second block.
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        // 896 bits.
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        )
    ])
    func nistVectors(message: String, digest: String) {
        #expect(SHA256.hex(Array(message.utf8)) == digest)
    }

    @Test func oneMillionAs() {
        #expect(
            SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func feedingInPiecesGivesTheSameDigest() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        var hasher = SHA256()
        hasher.update(message[..<7])
        hasher.update(message[7...])
        #expect(
            SHA256.hexString(hasher.finalize()) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    /// Contiguous input is hashed in place, anything else through a copy;
    /// pieces that straddle block boundaries (1, 63, 64, 65 bytes) meet in the buffer.
    @Test func contiguousAndLazyInputAcrossBlockBoundariesGiveTheSameDigest() {
        let message = (0..<1_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let whole = "945acdf575d6a2430bf4d6163e1d03b4b0b896fcef107c8b24bf7ff07a621fa3"  // Python hashlib
        #expect(SHA256.hex(message) == whole)
        var pieces = SHA256()
        var lazy = SHA256()
        var start = 0
        for size in [1, 63, 64, 65, 127, 128, 3, 500] where start < message.count {
            let end = min(message.count, start + size)
            pieces.update(message[start..<end])
            lazy.update(message[start..<end].lazy.map { $0 })
            start = end
        }
        pieces.update(message[start...])
        lazy.update(message[start...].lazy.map { $0 })
        #expect(SHA256.hexString(pieces.finalize()) == whole)
        #expect(SHA256.hexString(lazy.finalize()) == whole)
        #expect(SHA256.hex("abc".utf8) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    /// Where the processor has SHA instructions the blocks go through them: the same digests
    /// as the Swift rounds for every length around the block and padding boundaries, whole and
    /// in pieces (on a processor without them both sides are the Swift rounds).
    @Test func theProcessorsSHAInstructionsAndTheSwiftRoundsAgree() {
        let message = (0..<700).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        for length in Array(0...200) + [447, 448, 511, 512, 513, 700] {
            var hardware = SHA256()
            var portable = SHA256(portable: true)
            hardware.update(message[..<length])
            portable.update(message[..<(length / 3)])
            portable.update(message[(length / 3)..<length])
            #expect(hardware.finalize() == portable.finalize(), "length \(length)")
        }
    }
}
