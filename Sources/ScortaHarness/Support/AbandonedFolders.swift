import Foundation

/// Temporary folders named `PREFIX-PID-…` whose owner process is gone: a
/// throwaway server or pooler a killed test run could not stop. Both kinds
/// find theirs here and stop them their own way.
enum AbandonedFolders {
    /// Paths of the folders under the temporary directory with `prefix` whose owner has exited.
    static func named(_ prefix: String) -> [String] {
        let temporary = FileManager.default.temporaryDirectory.path
        return ((try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? []).compactMap { name in
            guard name.hasPrefix(prefix),
                let owner = name.dropFirst(prefix.count).split(separator: "-").first.flatMap({ pid_t($0) }),
                kill(owner, 0) != 0, errno == ESRCH
            else { return nil }
            return "\(temporary)/\(name)"
        }
    }
}
