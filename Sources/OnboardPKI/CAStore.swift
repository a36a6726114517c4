import Foundation
import OnboardCore
#if canImport(Glibc)
import Glibc
#endif

/// The CA's files under one directory (default `.onboard/ca/`): owner-only permissions, atomic replacement, and an
/// exclusive lock around every change so two admins cannot interleave.
struct CAStore: Sendable {
    let directory: URL

    static let rootKey = "root-ca.key.pem"
    static let rootCertificate = "root-ca.cert.pem"
    static let issuingKey = "issuing-ca.key.pem"
    static let issuingCertificate = "issuing-ca.cert.pem"
    static let chain = "ca-chain.pem"
    static let inventory = "inventory.json"
    static let crl = "partners.crl.pem"

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    var exists: Bool { FileManager.default.fileExists(atPath: path(Self.issuingCertificate)) }

    func read(_ name: String) throws(OnboardError) -> String {
        guard let data = FileManager.default.contents(atPath: path(name)) else {
            if !exists {
                throw OnboardError(.notInitialized, "no CA at \(directory.path): run `onboard ca init` first")
            }
            throw OnboardError(.corruptStore, "\(path(name)) is missing or unreadable")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Writes via a temporary file and rename, mode 0600, so a crash never leaves half a file.
    func write(_ name: String, _ bytes: [UInt8]) throws(OnboardError) {
        do {
            try FileManager.default.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
            let temporary = path(".\(name).tmp-\(getpid())")
            guard FileManager.default.createFile(
                atPath: temporary, contents: Data(bytes), attributes: [.posixPermissions: 0o600]
            ) else { throw OnboardError(.storage, "cannot write \(temporary)") }
            guard rename(temporary, path(name)) == 0 else { throw OnboardError(.storage, "cannot replace \(path(name))") }
        } catch let error as OnboardError {
            throw error
        } catch {
            throw OnboardError(.storage, "cannot write \(path(name)): \(error)")
        }
    }

    func write(_ name: String, _ text: String) throws(OnboardError) {
        try write(name, Array(text.utf8))
    }

    func loadInventory() throws(OnboardError) -> CAInventory {
        let text = try read(Self.inventory)
        do {
            return try CAInventory.decoder.decode(CAInventory.self, from: Data(text.utf8))
        } catch {
            throw OnboardError(.corruptStore, "\(path(Self.inventory)) is damaged: \(error)")
        }
    }

    func save(_ inventory: CAInventory) throws(OnboardError) {
        do {
            try write(Self.inventory, Array(CAInventory.encoder.encode(inventory)))
        } catch let error as OnboardError {
            throw error
        } catch {
            throw OnboardError(.storage, "cannot encode the inventory: \(error)")
        }
    }

    /// Runs `body` holding an exclusive `flock` on the directory's lock file.
    func locked<T>(_ body: () throws(OnboardError) -> T) throws(OnboardError) -> T {
        let descriptor = open(path(".lock"), O_CREAT | O_RDWR, 0o600)
        guard descriptor >= 0 else { throw OnboardError(.storage, "cannot open \(path(".lock"))") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else { throw OnboardError(.storage, "cannot lock \(directory.path)") }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
