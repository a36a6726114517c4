import Foundation
import OnboardCore

/// The CA's named files on a `CAFileStore`, with the errors a missing or damaged file deserves and the inventory
/// encoded as JSON.
struct CAStore: Sendable {
    let files: any CAFileStore
    /// Shared by the copies of this store: decrypted keys and the decoded inventory, for the run.
    let memory = CAMemory()

    static let rootKey = "root-ca.key.pem"
    static let rootCertificate = "root-ca.cert.pem"
    static let issuingKey = "issuing-ca.key.pem"
    static let issuingCertificate = "issuing-ca.cert.pem"
    static let chain = "ca-chain.pem"
    static let inventory = "inventory.json"
    static let crl = "partners.crl.pem"

    func describe(_ name: String) -> String { files.describe(name) }

    /// True once the CA was created (its issuing certificate is there).
    func exists() async throws(OnboardError) -> Bool {
        try await files.read(Self.issuingCertificate) != nil
    }

    func read(_ name: String) async throws(OnboardError) -> String {
        guard let bytes = try await files.read(name) else {
            if try await !exists() {
                throw OnboardError(.notInitialized, "no CA at \(files.location): run `onboard ca init` first")
            }
            throw OnboardError(.corruptStore, "\(describe(name)) is missing or unreadable")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func write(_ name: String, _ text: String) async throws(OnboardError) {
        try await files.write(name, Array(text.utf8))
    }

    func loadInventory() async throws(OnboardError) -> CAInventory {
        let bytes = Array(try await read(Self.inventory).utf8)
        if let known = memory.inventory(for: bytes) { return known }
        do {
            let inventory = try CAInventory.decoder.decode(CAInventory.self, from: Data(bytes))
            memory.remember(inventory, bytes: bytes)
            return inventory
        } catch {
            throw OnboardError(.corruptStore, "\(describe(Self.inventory)) is damaged: \(error)")
        }
    }

    func save(_ inventory: CAInventory) async throws(OnboardError) {
        let bytes: [UInt8]
        do {
            bytes = try inventory.encoded(memory.encoding)
        } catch {
            throw OnboardError(.storage, "cannot encode the inventory: \(error)")
        }
        try await files.write(Self.inventory, bytes)
        memory.remember(inventory, bytes: bytes)
    }

    func locked<T>(_ body: () async throws(OnboardError) -> T) async throws(OnboardError) -> T {
        try await files.withLock(body)
    }
}
