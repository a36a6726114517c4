import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A `SourceTree` over a directory on the local file system (the repository checkout).
///
/// A repository is untrusted input: a committed symbolic link can point anywhere (`/proc/self/environ`, a key file),
/// and whatever is read may end up quoted in a diagnostic, a pull-request comment or a partner kit. So a file is
/// read only when its real path, all links resolved, lies inside the repository's real path and it is a regular file
/// of at most `maxFileSize` bytes. Anything else is refused with a reason that names the file, never its content.
public struct LocalSourceTree: SourceTree {
    public let root: URL
    /// The root with every symbolic link resolved: what "inside the repository" is measured against.
    private let realRoot: String
    /// Larger files are refused before they are read: partner files, templates, CSRs and JWKS are a few KB.
    public static let maxFileSize = 1 << 20

    public init(root: URL) {
        self.root = root.standardizedFileURL
        realRoot = Self.realPath(self.root.path) ?? self.root.path
    }

    public func files(in directory: String, recursive: Bool) -> [String] {
        let base = root.appendingPathComponent(directory)
        let manager = FileManager.default
        let names: [String]
        if recursive {
            names = (manager.enumerator(atPath: base.path)?.allObjects as? [String]) ?? []
        } else {
            names = (try? manager.contentsOfDirectory(atPath: base.path)) ?? []
        }
        return names.filter { !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
            .map { directory.isEmpty ? $0 : "\(directory)/\($0)" }
            .sorted()
    }

    public func read(_ path: String) throws -> String? {
        let url = root.appendingPathComponent(path)
        var link = stat()
        guard lstat(url.path, &link) == 0 else { return nil }
        guard let real = Self.realPath(url.path) else {
            throw DocumentProblem("is a symbolic link to a file that does not exist")
        }
        guard real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") else {
            throw DocumentProblem("resolves outside the repository (a symbolic link); onboard reads only files inside it")
        }
        let descriptor = open(real, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw DocumentProblem("cannot be read") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw DocumentProblem("cannot be read") }
        switch status.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw DocumentProblem("is a directory")
        default: throw DocumentProblem("is not a regular file; onboard reads only regular files")
        }
        guard status.st_size <= Self.maxFileSize else {
            throw DocumentProblem("is \(status.st_size) bytes; files larger than \(Self.maxFileSize) bytes are refused")
        }
        // Read straight into a buffer one byte larger than the file, so a file that grows while read is noticed.
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let read = bytes.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + count, $0.count - count) }
            if read < 0, errno == EINTR { continue }
            guard read >= 0 else { throw DocumentProblem("cannot be read") }
            if read == 0 { break }
            count += read
        }
        guard count <= Int(status.st_size), count <= Self.maxFileSize else {
            throw DocumentProblem("grew past its size (or \(Self.maxFileSize) bytes) while being read")
        }
        guard let text = String(validating: bytes[..<count], as: UTF8.self) else { throw DocumentProblem("is not UTF-8 text") }
        return text
    }

    /// `realpath(3)`: the canonical absolute path, nil when some component does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
