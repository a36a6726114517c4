import Foundation
import OnboardCore

/// An `ArtifactWriter` on a local directory (the repository's git-ignored `out/`). Writes go through one temporary
/// file beside the target (`.<name>.tmp-<pid>`) and a rename, so a reader sees the old or the new content, never half;
/// sensitive files and their directories are owner-only (0600/0700). A run killed between the two leaves only its
/// temporary, which `removeAbandonedTemporaries(in:)` clears on a later run.
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
        let temporary = directory.appendingPathComponent(
            ".\(url.lastPathComponent)\(Self.temporaryMarker)\(ProcessInfo.processInfo.processIdentifier)"
        ).path
        do {
            try Self.create(temporary, bytes, mode: sensitive ? 0o600 : 0o644)
        } catch {
            unlink(temporary)
            throw OnboardError(.artifact, "cannot create \(temporary): \(error.message)")
        }
        guard rename(temporary, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw OnboardError(.artifact, "cannot write \(url.path): \(reason)")
        }
    }

    /// Removes temporaries in `folder` left by runs that were killed between writing and renaming; a temporary of a
    /// process still alive is left to it.
    public func removeAbandonedTemporaries(in folder: String) {
        let directory = root.appendingPathComponent(folder)
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [] where name.hasPrefix(".") {
            guard let marker = name.range(of: Self.temporaryMarker, options: .backwards),
                  let pid = pid_t(name[marker.upperBound...])
            else { continue }
            if pid != ProcessInfo.processInfo.processIdentifier, kill(pid, 0) != 0, errno == ESRCH {
                unlink(directory.appendingPathComponent(name).path)
            }
        }
    }

    private static let temporaryMarker = ".tmp-"

    private struct WriteFailure: Error { let message: String }

    /// Writes `bytes` to a new file at `path` with `mode`, without Foundation's own temporary-and-rename.
    private static func create(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(WriteFailure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw WriteFailure(message: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        guard fchmod(descriptor, mode) == 0 else { throw WriteFailure(message: String(cString: strerror(errno))) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw WriteFailure(message: String(cString: strerror(errno)))
            }
            written += count
        }
    }
}
