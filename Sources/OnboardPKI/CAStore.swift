import Foundation
import OnboardCore
import X509

/// The CA's named files on a `CAFileStore`, with the errors a missing or damaged file deserves and the inventory
/// encoded as JSON.
struct CAStore: Sendable {
    let files: any CAFileStore
    /// An external signer's inventory starts absent (there is no `ca init`): read as empty. A file CA's inventory is
    /// written at init, so its absence is an uninitialised or damaged CA.
    var inventoryStartsAbsent = false
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
        if inventoryStartsAbsent, try await files.read(Self.inventory) == nil { return CAInventory() }
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

    /// Records in the inventory, in one locked write, those of `records` whose serial it does not hold yet; returns
    /// the inventory's record of each (a serial it knew keeps the record it had).
    @discardableResult
    func keep(_ records: [CertificateRecord]) async throws(OnboardError) -> [CertificateRecord] {
        guard !records.isEmpty else { return [] }
        return try await locked { () async throws(OnboardError) -> [CertificateRecord] in
            var inventory = try await loadInventory()
            let held = inventory.certificates.count
            var known = Dictionary(inventory.certificates.map { ($0.serial, $0) }, uniquingKeysWith: { _, last in last })
            let kept = records.map { record in
                if let existing = known[record.serial] { return existing }
                known[record.serial] = record
                inventory.certificates.append(record)
                return record
            }
            if inventory.certificates.count > held { try await save(inventory) }
            return kept
        }
    }

    /// What a certificate made outside plan/apply is when `issuing` issued it to the partner as onboard would: the
    /// record the inventory holds for it, or the one it would get (`AdoptedCertificateCheck` says why not otherwise).
    func examine(
        _ pem: String, partnerID: String, deployment: String, issuing: Certificate, clock: any Clock
    ) async throws(OnboardError) -> CertificateRecord {
        let record = try AdoptedCertificateCheck(issuing: issuing, clock: clock)
            .record(
                pem, partnerID: partnerID,
                subjectURI: CertificateIssueRequest.subjectURI(partnerID: partnerID, deployment: deployment))
        return try await loadInventory().certificates.first { $0.serial == record.serial } ?? record
    }

    func locked<T>(_ body: () async throws(OnboardError) -> T) async throws(OnboardError) -> T {
        try await files.withLock(body)
    }
}
