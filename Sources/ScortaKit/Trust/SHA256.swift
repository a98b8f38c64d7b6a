import CSHA256

/// SHA-256 (FIPS 180-4), written here because the project takes no
/// third-party packages and Foundation on Linux has no digest API.
/// Tested against the NIST example vectors; where the processor has SHA instructions,
/// blocks go through them (`CSHA256`), tested against the Swift rounds.
///
///     SHA256.hex(Array("abc".utf8))  // "ba7816bf..."
///
/// Every posted document and every sealed row is hashed (a bulk receipt of
/// 100,000 new lots hashes about 300,000 times), so the block function works
/// on fixed-size storage and contiguous input is read without copying: the
/// first version, one array append per byte, was a quarter of a bulk receipt.
public struct SHA256: Sendable {
    /// H0…H7, in one tuple so the hardware block function (`CSHA256`) works on them in place.
    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19
    )
    /// Whether blocks go through the processor's SHA instructions (x86 SHA extensions) rather
    /// than `compress`: four to five times fewer cycles a block where they exist.
    private let hardware: Bool
    /// The partial block: 64 bytes, of which `buffered` are filled.
    private var block = Block()
    private var buffered = 0
    private var length: UInt64 = 0

    private struct Block {
        var bytes: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
    }

    public init() { hardware = SHA256.hardwareAvailable }

    /// With `portable`, every block goes through the Swift rounds (what runs where the
    /// processor has no SHA instructions), so tests compare the two.
    init(portable: Bool) { hardware = !portable && SHA256.hardwareAvailable }

    static let hardwareAvailable = scorta_sha256_hardware_available() != 0

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2
    ]

    public mutating func update(_ bytes: some Sequence<UInt8>) {
        let done: Void? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)) }
        if done == nil {
            // A String's UTF-8 view is contiguous unless the string is bridged or lazily built.
            let copy = Array(bytes)
            copy.withUnsafeBytes { update($0) }
        }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var source = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)
        if buffered > 0 {
            let take = min(64 - buffered, remaining)
            let offset = buffered
            let from = source
            withUnsafeMutableBytes(of: &block.bytes) {
                ($0.baseAddress! + offset).copyMemory(from: from, byteCount: take)
            }
            buffered += take
            source += take
            remaining -= take
            guard buffered == 64 else { return }
            let copy = block
            withUnsafeBytes(of: copy.bytes) { compress($0.baseAddress!, blocks: 1) }
            buffered = 0
        }
        if remaining >= 64 {
            let blocks = remaining / 64
            compress(source, blocks: blocks)
            source += 64 * blocks
            remaining -= 64 * blocks
        }
        if remaining > 0 {
            let from = source
            let count = remaining
            withUnsafeMutableBytes(of: &block.bytes) { $0.baseAddress!.copyMemory(from: from, byteCount: count) }
            buffered = remaining
        }
    }

    /// The 32-byte digest; the hasher is consumed.
    public mutating func finalize() -> [UInt8] {
        let bits = length &* 8
        // 0x80, zeros to 56 bytes past a block boundary, the length in bits: padding on the stack.
        let count = (buffered < 56 ? 56 - buffered : 120 - buffered) + 8
        withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { padding in
            padding.initializeMemory(as: UInt8.self, repeating: 0)
            padding[0] = 0x80
            for index in 0..<8 {
                padding[count - 8 + index] = UInt8(truncatingIfNeeded: bits >> UInt64(56 - 8 * index))
            }
            update(UnsafeRawBufferPointer(rebasing: padding[0..<count]))
        }
        return [UInt8](unsafeUninitializedCapacity: 32) { digest, initialized in
            withUnsafeBytes(of: state) { raw in
                for index in 0..<8 {
                    let word = raw.load(fromByteOffset: 4 * index, as: UInt32.self)
                    digest[4 * index] = UInt8(truncatingIfNeeded: word >> 24)
                    digest[4 * index + 1] = UInt8(truncatingIfNeeded: word >> 16)
                    digest[4 * index + 2] = UInt8(truncatingIfNeeded: word >> 8)
                    digest[4 * index + 3] = UInt8(truncatingIfNeeded: word)
                }
            }
            initialized = 32
        }
    }

    /// `blocks` consecutive 64-byte blocks into the state.
    private mutating func compress(_ data: UnsafeRawPointer, blocks: Int) {
        if hardware {
            withUnsafeMutableBytes(of: &state) { words in
                scorta_sha256_hardware_blocks(
                    words.baseAddress!.assumingMemoryBound(to: UInt32.self),
                    data.assumingMemoryBound(to: UInt8.self), blocks)
            }
            return
        }
        for index in 0..<blocks { compress(data + 64 * index) }
    }

    private mutating func compress(_ block: UnsafeRawPointer) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { w in
            for t in 0..<16 { w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: 4 * t, as: UInt32.self)) }
            for t in 16..<64 {
                let x = w[t - 15]
                let y = w[t - 2]
                let s0 = x.rotatedRight(7) ^ x.rotatedRight(18) ^ (x &>> 3)
                let s1 = y.rotatedRight(17) ^ y.rotatedRight(19) ^ (y &>> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var a = state.0
            var b = state.1
            var c = state.2
            var d = state.3
            var e = state.4
            var f = state.5
            var g = state.6
            var h = state.7
            SHA256.k.withUnsafeBufferPointer { k in
                // Eight rounds a turn, the letters' roles rotated instead of
                // eight values moved along after every round.
                var t = 0
                while t < 64 {
                    SHA256.round(a, b, c, &d, e, f, g, &h, k[t] &+ w[t])
                    SHA256.round(h, a, b, &c, d, e, f, &g, k[t + 1] &+ w[t + 1])
                    SHA256.round(g, h, a, &b, c, d, e, &f, k[t + 2] &+ w[t + 2])
                    SHA256.round(f, g, h, &a, b, c, d, &e, k[t + 3] &+ w[t + 3])
                    SHA256.round(e, f, g, &h, a, b, c, &d, k[t + 4] &+ w[t + 4])
                    SHA256.round(d, e, f, &g, h, a, b, &c, k[t + 5] &+ w[t + 5])
                    SHA256.round(c, d, e, &f, g, h, a, &b, k[t + 6] &+ w[t + 6])
                    SHA256.round(b, c, d, &e, f, g, h, &a, k[t + 7] &+ w[t + 7])
                    t += 8
                }
            }
            state.0 &+= a
            state.1 &+= b
            state.2 &+= c
            state.3 &+= d
            state.4 &+= e
            state.5 &+= f
            state.6 &+= g
            state.7 &+= h
        }
    }

    /// One round: `d` becomes the next `e` and `h` the next `a`; `kw` is K[t] + W[t].
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32,
        _ h: inout UInt32, _ kw: UInt32
    ) {
        let t1 = h &+ (e.rotatedRight(6) ^ e.rotatedRight(11) ^ e.rotatedRight(25)) &+ (g ^ (e & (f ^ g))) &+ kw
        let t2 = (a.rotatedRight(2) ^ a.rotatedRight(13) ^ a.rotatedRight(22)) &+ ((a & b) | (c & (a | b)))
        d &+= t1
        h = t1 &+ t2
    }

    /// The digest of `bytes` as 64 lowercase hex digits.
    public static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var hasher = SHA256()
        hasher.update(bytes)
        return hexString(hasher.finalize())
    }

    public static func hexString(_ digest: [UInt8]) -> String {
        String(unsafeUninitializedCapacity: digest.count * 2) { out in
            let digits: StaticString = "0123456789abcdef"
            let table = digits.utf8Start
            for (index, byte) in digest.enumerated() {
                out[2 * index] = table[Int(byte >> 4)]
                out[2 * index + 1] = table[Int(byte & 0x0f)]
            }
            return digest.count * 2
        }
    }
}

extension UInt32 {
    @inline(__always)
    fileprivate func rotatedRight(_ count: UInt32) -> UInt32 { (self &>> count) | (self &<< (32 &- count)) }
}
