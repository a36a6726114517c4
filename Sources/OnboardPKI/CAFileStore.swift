import Foundation
import OnboardCore
import OnboardSystem

#if canImport(Glibc)
    import Glibc
#endif

/// Where the CA keeps its named files — encrypted keys, certificates, inventory, CRL: a directory (`spec.ca.path`),
/// or the state's PostgreSQL database for CI runners that share nothing but the repository and the environment. The
/// CA encrypts its keys before they reach a store, so no store ever holds one in plaintext.
public protocol CAFileStore: Sendable {
    /// Where the files are, for messages ("/repo/.onboard/ca", "the database …").
    var location: String { get }

    /// One file, for messages.
    func describe(_ name: String) -> String

    /// A file's bytes, nil when it does not exist.
    func read(_ name: String) async throws(OnboardError) -> [UInt8]?

    /// Replaces a file atomically.
    func write(_ name: String, _ bytes: [UInt8]) async throws(OnboardError)

    /// Runs `body` holding the CA's exclusive lock, so two admins or runners never interleave a change.
    func withLock<T>(_ body: () async throws(OnboardError) -> T) async throws(OnboardError) -> T
}

/// The CA's files in a directory: owner-only permissions, each file replaced whole and synced to disk before the
/// write returns (`AtomicFile`, durable: the inventory is the record of what the CA issued), and an exclusive `flock`
/// around every change.
public struct DirectoryCAFiles: CAFileStore {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public var location: String { directory.path }

    public func describe(_ name: String) -> String { path(name) }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    public func read(_ name: String) throws(OnboardError) -> [UInt8]? {
        FileManager.default.contents(atPath: path(name)).map(Array.init)
    }

    public func write(_ name: String, _ bytes: [UInt8]) throws(OnboardError) {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw OnboardError(.storage, "cannot create \(directory.path): \(error)")
        }
        do {
            try AtomicFile.write(path(name), bytes, mode: 0o600, durable: true)
        } catch {
            throw OnboardError(.storage, error.message)
        }
    }

    /// A non-blocking `flock` retried with `Task.sleep`, so a wait for another admin never holds a thread.
    public func withLock<T>(_ body: () async throws(OnboardError) -> T) async throws(OnboardError) -> T {
        try? FileManager.default.createDirectory(
            at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let descriptor = open(path(".lock"), O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw OnboardError(.storage, "cannot open \(path(".lock"))") }
        defer { close(descriptor) }
        var attempts = 0
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            attempts += 1
            guard attempts < 3_000 else {
                throw OnboardError(.locked, "the CA at \(directory.path) stayed locked for 5 minutes")
            }
            try? await Task.sleep(nanoseconds: 100_000_000)
        }
        defer { flock(descriptor, LOCK_UN) }
        // What a run killed between writing and renaming left here goes (a live process's temporary stays).
        AtomicFile.removeAbandonedTemporaries(in: directory.path)
        return try await body()
    }
}
