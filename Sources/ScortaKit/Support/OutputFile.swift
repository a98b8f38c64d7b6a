import Foundation
import Glibc

/// A file a command writes (a report or receipt PDF, a label sheet, a backup):
/// the one place that decides whether it may be written, and writes it so that
/// nothing is half-done. Every writer goes through it.
///
/// - An existing file is replaced only with `force` (`--force`).
/// - Never, even with `force`: a database this process has open, or its
///   `-wal`, `-shm` or `-journal` (compared by device and inode, and by path
///   for those not created yet), and any file that starts with the SQLite
///   header or a write-ahead-log header (a backup, another ledger).
/// - A file carrying household codes is created readable by its owner only (0600).
/// - The content goes to a temporary file in the same folder (`.NAME.PID.part`),
///   removed on any failure and on SIGINT/SIGTERM (`TemporaryFiles`), and is
///   renamed into place at the end.
///
///     let file = OutputFile("ricevuta.pdf", force: false, householdCodes: true)
///     try file.check()                               // before any work
///     let draft = try file.createTemporary()         // write into draft.path
///     try file.commit(draft.path)                    // or file.discard(draft.path)
public struct OutputFile: Sendable, Equatable {
    public let path: String
    /// The user asked to replace an existing file (`--force`).
    public let force: Bool
    /// The content carries household codes: mode 0600.
    public var householdCodes: Bool

    public init(_ path: String, force: Bool = false, householdCodes: Bool = false) {
        self.path = path
        self.force = force
        self.householdCodes = householdCodes
    }

    /// The same file, marked as carrying household codes when `carries`.
    public func carrying(householdCodes carries: Bool) -> OutputFile {
        OutputFile(path, force: force, householdCodes: householdCodes || carries)
    }

    var mode: mode_t { householdCodes ? 0o600 : 0o666 }

    // MARK: - Protected files

    /// Database files opened by this process (`Database.init` registers each).
    nonisolated(unsafe) private static var databases: Set<String> = []
    private static let lock = NSLock()

    /// `path` and its `-wal`, `-shm` and `-journal` are never an output file.
    public static func protect(database path: String) {
        guard !path.isEmpty, path != ":memory:" else { return }
        lock.lock()
        defer { lock.unlock() }
        databases.insert(path)
    }

    /// Each protected path with how an error names it.
    private static var protectedPaths: [(path: String, what: String)] {
        lock.lock()
        defer { lock.unlock() }
        return databases.sorted().flatMap { path in
            [
                ("", "the open database"), ("-wal", "the open database's write-ahead log"),
                ("-shm", "the open database's shared memory"),
                ("-journal", "the open database's journal")
            ].map { (path + $0.0, $0.1) }
        }
    }

    // MARK: - Checking

    /// Refuses a target that must not be written; call it before the work, and
    /// it is called again before the file is put in place.
    public func check() throws {
        for protected in OutputFile.protectedPaths where OutputFile.sameFile(path, protected.path) {
            throw ScortaError.refused(
                "'\(path)' is \(protected.what) (\(protected.path)); Scorta never writes onto it, even with --force")
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw ScortaError.invalid("cannot write '\(path)': \(String(cString: strerror(errno)))")
        }
        var target = info
        if info.st_mode & S_IFMT == S_IFLNK, stat(path, &target) != 0 { target = info }
        switch target.st_mode & S_IFMT {
        case S_IFDIR: throw ScortaError.invalid("'\(path)' is a folder; give a file name")
        case S_IFREG, S_IFLNK: break
        default: throw ScortaError.refused("'\(path)' is not a regular file; Scorta writes only regular files")
        }
        if let kind = OutputFile.databaseKind(path) {
            throw ScortaError.refused(
                "'\(path)' is \(kind) (a backup or a ledger); Scorta never overwrites one, even with --force")
        }
        guard force else { throw ScortaError.refused("'\(path)' already exists; give --force to overwrite it") }
    }

    /// "a SQLite database" or "a SQLite write-ahead log" when the file starts like one.
    static func databaseKind(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var header = [UInt8](repeating: 0, count: 16)
        let count = read(fd, &header, 16)
        if count == 16, header == Array("SQLite format 3\0".utf8) { return "a SQLite database" }
        // WAL magic numbers 0x377f0682 / 0x377f0683 (big-endian).
        if count >= 4, header[0] == 0x37, header[1] == 0x7F, header[2] == 0x06, header[3] & 0xFE == 0x82 {
            return "a SQLite write-ahead log"
        }
        return nil
    }

    /// Same device and inode when both exist; else the same absolute path
    /// (folder resolved), so a `-wal` not created yet is recognised too.
    static func sameFile(_ a: String, _ b: String) -> Bool {
        var first = stat()
        var second = stat()
        if stat(a, &first) == 0, stat(b, &second) == 0 {
            return first.st_dev == second.st_dev && first.st_ino == second.st_ino
        }
        return canonical(a) == canonical(b)
    }

    static func canonical(_ path: String) -> String {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        guard let resolved = realpath(folder, nil) else { return url.standardizedFileURL.path }
        defer { free(resolved) }
        return String(cString: resolved) + "/" + url.lastPathComponent
    }

    // MARK: - Writing

    /// The temporary file the content goes to, next to the target.
    public var temporaryPath: String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(getpid()).part").path
    }

    /// Checks the target, then creates the temporary file (open for writing,
    /// registered for removal if the process is killed).
    public func createTemporary() throws -> (path: String, handle: FileHandle) {
        try check()
        let temporary = temporaryPath
        unlink(temporary)  // left by an earlier process with the same id that was killed with SIGKILL
        let url = URL(fileURLWithPath: path)
        TemporaryFiles.removeStale(
            in: url.deletingLastPathComponent().path, prefix: ".\(url.lastPathComponent).", suffix: ".part")
        TemporaryFiles.register(temporary)
        let fd = open(temporary, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
        guard fd >= 0 else {
            let reason = String(cString: strerror(errno))
            TemporaryFiles.forget(temporary)
            throw ScortaError.invalid("cannot write '\(path)': cannot create a file in its folder (\(reason))")
        }
        return (temporary, FileHandle(fileDescriptor: fd, closeOnDealloc: true))
    }

    /// Puts the finished temporary file in place: checked again, then renamed.
    /// Without `force` the name is first taken with O_EXCL, so a file that
    /// appeared meanwhile is not replaced (and this works on any file system,
    /// USB sticks included). On an error the temporary file is removed.
    public func commit(_ temporary: String) throws {
        var placeholder = false
        do {
            try check()
            if access(path, F_OK) != 0 {
                let fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, mode)
                guard fd >= 0 else {
                    if errno == EEXIST {
                        throw ScortaError.refused("'\(path)' already exists; give --force to overwrite it")
                    }
                    throw ScortaError.invalid("cannot write '\(path)': \(String(cString: strerror(errno)))")
                }
                close(fd)
                placeholder = true
            }
            guard rename(temporary, path) == 0 else {
                throw ScortaError.invalid("cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            TemporaryFiles.forget(temporary)
        } catch {
            if placeholder { unlink(path) }
            discard(temporary)
            throw error
        }
    }

    /// Removes the temporary file (an error on the way): nothing is left behind.
    public func discard(_ temporary: String) {
        TemporaryFiles.remove(temporary)
    }
}
