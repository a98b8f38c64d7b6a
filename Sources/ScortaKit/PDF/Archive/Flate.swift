import Foundation

/// Flate (zlib) compression of content streams and font programs, through the system's
/// zlib loaded at run time with `dlopen`.
///
/// Why not a compressor written here: zlib1g is part of every Linux system (Debian marks it
/// "required"; SQLite, Swift's own runtime tools and poppler link it), its `compress2` is
/// hand-tuned C that compresses a label sheet at well over 100 MB/s, and a deflate written
/// here with the same ratio (hash chains, lazy matching, Huffman trees) would be several
/// hundred lines to test for no gain. Why not link it: the build must need only
/// libsqlite3-dev, and zlib's headers come from zlib1g-dev; `dlopen("libz.so.1")` needs
/// only the shared library. Should it be missing, streams are written uncompressed (still a
/// valid PDF/A file, only larger) rather than failing.
enum Flate {
    private typealias Compress2 =
        @convention(c) (
            UnsafeMutablePointer<UInt8>, UnsafeMutablePointer<UInt>,
            UnsafePointer<UInt8>, UInt, Int32
        ) -> Int32
    private typealias CompressBound = @convention(c) (UInt) -> UInt

    private struct Library: @unchecked Sendable {
        let compress2: Compress2
        let compressBound: CompressBound
    }

    private static let library: Library? = {
        guard let handle = dlopen("libz.so.1", RTLD_NOW | RTLD_LOCAL) ?? dlopen("libz.so", RTLD_NOW | RTLD_LOCAL),
            let compress = dlsym(handle, "compress2"), let bound = dlsym(handle, "compressBound")
        else { return nil }
        return Library(
            compress2: unsafeBitCast(compress, to: Compress2.self),
            compressBound: unsafeBitCast(bound, to: CompressBound.self))
    }()

    /// Whether streams are compressed on this system.
    static var isAvailable: Bool { library != nil }

    /// Level 6, zlib's default: on 10,000 item labels it gives a file 5 % smaller than level 1
    /// for a few milliseconds more; levels above 6 gain under 1 % and cost twice the time.
    static let level: Int32 = 6

    /// The zlib stream of `bytes` (RFC 1950: what /FlateDecode reads), or nil without zlib.
    static func compress(_ bytes: [UInt8]) -> [UInt8]? {
        guard let library else { return nil }
        var capacity = library.compressBound(UInt(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(capacity))
        let status = bytes.withUnsafeBufferPointer { source in
            out.withUnsafeMutableBufferPointer { target in
                library.compress2(
                    target.baseAddress!, &capacity, source.baseAddress ?? UnsafePointer(target.baseAddress!),
                    UInt(bytes.count), level)
            }
        }
        guard status == 0 else { return nil }  // Z_OK; zlib cannot fail with compressBound room
        out.removeSubrange(Int(capacity)...)
        return out
    }
}
