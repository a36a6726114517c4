import Foundation
import OnboardCore
import X509

/// What one CA instance keeps in memory for the length of a run, so issuing N certificates costs N signatures and
/// not N key derivations and N inventory decodings: the decrypted CA keys (never written anywhere, gone with the
/// process) and the last inventory read or written, with the exact bytes it came from — a file that changed under
/// it (another admin, another runner) is decoded afresh.
final class CAMemory: @unchecked Sendable {
    private let lock = NSLock()
    private var keys: [String: Certificate.PrivateKey] = [:]
    private var inventory: (bytes: [UInt8], value: CAInventory)?
    private var records: [CertificateRecord: [UInt8]] = [:]

    /// The key decrypted from exactly this encrypted PEM, if it was before.
    func key(for encryptedPEM: String) -> Certificate.PrivateKey? {
        lock.lock()
        defer { lock.unlock() }
        return keys[encryptedPEM]
    }

    func remember(_ key: Certificate.PrivateKey, for encryptedPEM: String) {
        lock.lock()
        keys[encryptedPEM] = key
        lock.unlock()
    }

    func inventory(for bytes: [UInt8]) -> CAInventory? {
        lock.lock()
        defer { lock.unlock() }
        guard let inventory, inventory.bytes == bytes else { return nil }
        return inventory.value
    }

    /// A certificate record's JSON text, encoded once for the run.
    func encoding(_ record: CertificateRecord) throws -> [UInt8] {
        lock.lock()
        let known = records[record]
        lock.unlock()
        if let known { return known }
        let bytes = Array(try CAInventory.encoder.encode(record))
        lock.lock()
        records[record] = bytes
        lock.unlock()
        return bytes
    }

    func remember(_ value: CAInventory, bytes: [UInt8]) {
        lock.lock()
        inventory = (bytes, value)
        lock.unlock()
    }
}
