import Foundation
import OnboardCore

/// An `ArtifactWriter` on a local directory (the repository's git-ignored `out/`). Writes go through a temporary file
/// and a rename; sensitive files and their directories are owner-only (0600/0700).
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
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)")
        guard manager.createFile(
            atPath: temporary.path, contents: Data(bytes), attributes: [.posixPermissions: sensitive ? 0o600 : 0o644]
        ) else { throw OnboardError(.artifact, "cannot create \(temporary.path)") }
        guard rename(temporary.path, url.path) == 0 else {
            try? manager.removeItem(at: temporary)
            throw OnboardError(.artifact, "cannot write \(url.path): \(String(cString: strerror(errno)))")
        }
    }
}
