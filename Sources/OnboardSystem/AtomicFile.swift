import Foundation

/// Replaces a file as a whole: the bytes go to one temporary beside it (`.<name>.tmp-<pid>`), which is renamed over
/// the target, so a reader sees the old content or the new, never half. Written with POSIX calls rather than
/// Foundation's `Data.write`/`createFile`, which add a temporary of their own that a killed run would leave behind
/// under a name nothing recognises. A run killed between the two steps leaves only its own temporary, which
/// `removeAbandonedTemporaries(in:)` clears on a later run.
public enum AtomicFile {
    /// Why a write failed, in words for the caller's error.
    public struct Failure: Error, Sendable {
        public let message: String
    }

    /// Writes `bytes` to `path` with `mode`. `durable`: the file's data and the rename reach the disk before this
    /// returns (fsync of the file, then of its directory), for files that cannot be rebuilt — the CA's key,
    /// inventory and CRL — at the cost of two syncs per write.
    public static func write(_ path: String, _ bytes: [UInt8], mode: mode_t, durable: Bool = false) throws(Failure) {
        let temporary = temporaryPath(for: path)
        do {
            try create(temporary, bytes, mode: mode, durable: durable)
        } catch {
            unlink(temporary)
            throw Failure(message: "cannot create \(temporary): \(error.message)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = lastError
            unlink(temporary)
            throw Failure(message: "cannot replace \(path): \(reason)")
        }
        if durable { syncDirectory(of: path) }
    }

    /// `write`, after sweeping what killed runs left beside the file: for a file every run rewrites (the partner
    /// cache), in a directory nothing else lists.
    public static func replace(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(Failure) {
        removeAbandonedTemporaries(in: URL(fileURLWithPath: path).deletingLastPathComponent().path)
        try write(path, bytes, mode: mode)
    }

    /// Removes temporaries in `directory` left by runs that were killed between writing and renaming; a temporary of
    /// a process still alive is left to it.
    public static func removeAbandonedTemporaries(in directory: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? [] where name.hasPrefix(".") {
            guard let marker = name.range(of: temporaryMarker, options: .backwards),
                let pid = pid_t(name[marker.upperBound...])
            else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                unlink((directory as NSString).appendingPathComponent(name))
            }
        }
    }

    static let temporaryMarker = ".tmp-"

    static func temporaryPath(for path: String) -> String {
        let url = URL(fileURLWithPath: path)
        return url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent)\(temporaryMarker)\(getpid())"
        ).path
    }

    private static var lastError: String { String(cString: strerror(errno)) }

    private static func create(_ path: String, _ bytes: [UInt8], mode: mode_t, durable: Bool) throws(Failure) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw Failure(message: lastError) }
        defer { close(descriptor) }
        // The mode asked for, whatever the umask or a temporary left with other permissions.
        guard fchmod(descriptor, mode) == 0 else { throw Failure(message: lastError) }
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(message: lastError)
            }
            written += count
        }
        if durable, fsync(descriptor) != 0 { throw Failure(message: "fsync: \(lastError)") }
    }

    /// The rename is durable once the directory holding it is synced.
    private static func syncDirectory(of path: String) {
        let descriptor = open(
            URL(fileURLWithPath: path).deletingLastPathComponent().path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
