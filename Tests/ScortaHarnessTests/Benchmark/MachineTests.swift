import Testing

@testable import ScortaHarness

/// scorta-bench names how the binary it times carries the Swift runtime,
/// read from the libraries the ELF file asks the loader for.
@Suite struct MachineTests {
    @Test func theNeededLibrariesOfABinaryAreReadFromItsDynamicSection() throws {
        // This test runner is a Swift program linked against the toolchain's runtime.
        let runner = try #require(Machine.neededLibraries(of: "/proc/self/exe"))
        #expect(runner.contains { $0.hasPrefix("libswiftCore") }, "\(runner)")
        #expect(Machine.swiftLinkage(of: "/proc/self/exe").hasSuffix("(dynamic)"))
        // A C program asks for the C library and no Swift runtime.
        let shell = try #require(Machine.neededLibraries(of: "/bin/sh"))
        #expect(shell.contains("libc.so.6"), "\(shell)")
        #expect(!shell.contains { $0.hasPrefix("libswiftCore") })
        #expect(Machine.swiftLinkage(of: "/bin/sh").hasSuffix("(--static-swift-stdlib)"))
        #expect(Machine.neededLibraries(of: "/etc/passwd") == nil)
    }
}
