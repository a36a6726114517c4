import Foundation
import OnboardCore
import OnboardSystem

/// An `ArtifactWriter` on a local directory (the repository's git-ignored `out/`). Each file is replaced whole
/// (`AtomicFile`), so a reader sees the old or the new content, never half; sensitive files and their directories are
/// owner-only (0600/0700). Not synced to disk, unlike the CA's files: these are outputs, not records.
public struct OutputDirectory: ArtifactWriter {
    public let root: URL

    public init(root: URL) {
        self.root = root
    }

    public func write(_ path: String, _ bytes: [UInt8], sensitive: Bool) throws(OnboardError) {
        let url = root.appendingPathComponent(path)
        let directory = url.deletingLastPathComponent()
        let manager = FileManager.default
        do {
            try manager.createDirectory(
                at: directory, withIntermediateDirectories: true,
                attributes: [.posixPermissions: sensitive ? 0o700 : 0o755]
            )
            if sensitive { try manager.setAttributes([.posixPermissions: 0o700], ofItemAtPath: directory.path) }
        } catch {
            throw OnboardError(.artifact, "cannot write \(directory.path): \(error)")
        }
        do {
            try AtomicFile.write(url.path, bytes, mode: sensitive ? 0o600 : 0o644)
        } catch {
            throw OnboardError(.artifact, error.message)
        }
    }

    /// Removes temporaries in `folder` left by runs that were killed between writing and renaming; a temporary of a
    /// process still alive is left to it.
    public func removeAbandonedTemporaries(in folder: String) {
        AtomicFile.removeAbandonedTemporaries(in: root.appendingPathComponent(folder).path)
    }
}
