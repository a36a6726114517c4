import Foundation
import OnboardCore

#if canImport(Glibc)
    import Glibc
#endif

/// An exclusive, non-blocking `flock` with the holder written inside, so a refused process can say who holds it.
/// The kernel drops the lock when the holder's process ends, even on SIGKILL.
final class FileLock: StateLock, @unchecked Sendable {
    private let descriptor: Int32
    private let lock = NSLock()
    private var released = false

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    static func acquire(path: String, holder: LockHolder) throws(OnboardError) -> FileLock {
        let descriptor = open(path, O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw OnboardError(.storage, "cannot open the state lock \(path)") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let data = FileManager.default.contents(atPath: path) ?? Data()
            close(descriptor)
            let who = LockHolder(json: String(decoding: data, as: UTF8.self))?.description ?? "another process"
            throw OnboardError(.locked, "the state is locked by \(who); wait for it to finish and try again")
        }
        let data = Data(holder.json.utf8)
        ftruncate(descriptor, 0)
        _ = data.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, data.count, 0) }
        return FileLock(descriptor: descriptor)
    }

    func release() {
        lock.lock()
        defer { lock.unlock() }
        guard !released else { return }
        released = true
        ftruncate(descriptor, 0)
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }

    deinit {
        release()
    }
}
