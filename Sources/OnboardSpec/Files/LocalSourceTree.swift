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
    private let rootPath: String
    private let directories = RealDirectories()
    /// Larger files are refused before they are read: partner files, templates, CSRs and JWKS are a few KB.
    public static let maxFileSize = 1 << 20

    public init(root: URL) {
        self.root = root.standardizedFileURL
        rootPath = self.root.path
        realRoot = Self.realPath(self.root.path) ?? self.root.path
    }

    /// Every entry (files and directories, not following links) whose path has no hidden component, read with
    /// readdir(3): listing 30,000 files through FileManager's enumerator took a tenth of a no-change plan.
    public func files(in directory: String, recursive: Bool) -> [String] {
        var names: [String] = []
        func list(_ relative: String) {
            guard let stream = opendir(absolute(relative)) else { return }
            defer { closedir(stream) }
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) {
                    String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
                }
                guard !name.hasPrefix(".") else { continue }
                let path = relative.isEmpty ? name : "\(relative)/\(name)"
                names.append(path)
                if recursive, isDirectory(entry.pointee.d_type, path) { list(path) }
            }
        }
        list(directory)
        return names.sorted()
    }

    private func isDirectory(_ type: UInt8, _ path: String) -> Bool {
        if type == UInt8(DT_DIR) { return true }
        guard type == UInt8(DT_UNKNOWN) else { return false }
        var status = stat()
        return lstat(absolute(path), &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
    }

    private func absolute(_ path: String) -> String {
        path.isEmpty ? rootPath : rootPath + "/" + path
    }

    public func read(_ path: String) throws -> String? {
        let full = absolute(path)
        var link = stat()
        guard lstat(full, &link) == 0 else { return nil }
        guard let real = realPath(of: full, isLink: link.st_mode & S_IFMT == S_IFLNK) else {
            throw DocumentProblem("is a symbolic link to a file that does not exist")
        }
        guard real.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") else {
            throw DocumentProblem(
                "resolves outside the repository (a symbolic link); onboard reads only files inside it")
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
            let read = bytes.withUnsafeMutableBytes {
                Glibc.read(descriptor, $0.baseAddress! + count, $0.count - count)
            }
            if read < 0, errno == EINTR { continue }
            guard read >= 0 else { throw DocumentProblem("cannot be read") }
            if read == 0 { break }
            count += read
        }
        guard count <= Int(status.st_size), count <= Self.maxFileSize else {
            throw DocumentProblem("grew past its size (or \(Self.maxFileSize) bytes) while being read")
        }
        guard let text = String(validating: bytes[..<count], as: UTF8.self) else {
            throw DocumentProblem("is not UTF-8 text")
        }
        return text
    }

    /// The canonical path of `full`: its directory's (resolved once per directory) and its own name when it is not
    /// a link itself, else `realpath(3)` of the whole.
    private func realPath(of full: String, isLink: Bool) -> String? {
        guard !isLink, let slash = full.lastIndex(of: "/") else { return Self.realPath(full) }
        let name = full[full.index(after: slash)...]
        guard name != ".", name != "..", let directory = directories.real(String(full[..<slash])) else {
            return Self.realPath(full)
        }
        return directory + "/" + name
    }

    /// `realpath(3)`: the canonical absolute path, nil when some component does not exist.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}

/// Real paths of the directories a tree read files from, so each is resolved once: `realpath(3)` reads the link of
/// every component, and doing that for each of 30,000 files was a tenth of loading them.
private final class RealDirectories: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String: String?] = [:]

    func real(_ directory: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if let known = paths[directory] { return known }
        let resolved = LocalSourceTree.realPath(directory)
        paths[directory] = resolved
        return resolved
    }
}
