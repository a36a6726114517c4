import Crypto
import Foundation
import OnboardCore
import SwiftASN1
import X509

/// The hospital's partner CA on its files — in a directory (`.onboard/ca/`) or in the state database
/// (`CAFileStore`): a P-384 root and a P-256 issuing CA whose keys are encrypted with a passphrase from the
/// environment, an inventory of every certificate, and CRLs. Implements Core's `CertificateAuthority` port.
public struct FileCertificateAuthority: CertificateAuthority {
    let store: CAStore
    let passphrase: String?
    /// Named in errors so the admin knows which variable to set.
    let passphraseVariable: String
    let clock: any Clock
    let random: any RandomSource
    /// How long a CRL is valid: relying parties refuse a CRL past its nextUpdate, so publish well before.
    public static let crlLifetime: TimeInterval = 7 * 86_400

    public init(
        files: any CAFileStore, passphrase: String?, passphraseVariable: String = "ONBOARD_CA_PASSPHRASE",
        clock: any Clock, random: any RandomSource
    ) {
        self.store = CAStore(files: files)
        self.passphrase = passphrase
        self.passphraseVariable = passphraseVariable
        self.clock = clock
        self.random = random
    }

    /// The CA in a directory.
    public init(
        directory: URL, passphrase: String?, passphraseVariable: String = "ONBOARD_CA_PASSPHRASE",
        clock: any Clock, random: any RandomSource
    ) {
        self.init(
            files: DirectoryCAFiles(directory: directory), passphrase: passphrase,
            passphraseVariable: passphraseVariable,
            clock: clock, random: random
        )
    }

    /// Copies a CA's files to another store (`onboard state migrate --ca-from`): the keys stay encrypted as they are.
    /// Refused when the target already holds a CA or the source holds none.
    public static func copy(from source: any CAFileStore, to target: any CAFileStore) async throws(OnboardError) {
        guard try await CAStore(files: source).exists() else {
            throw OnboardError(.notInitialized, "no CA at \(source.location) to migrate")
        }
        guard try await !CAStore(files: target).exists() else {
            throw OnboardError(
                .alreadyInitialized, "a CA already exists in \(target.location); refusing to overwrite it")
        }
        let names = [
            CAStore.rootKey, CAStore.issuingKey, CAStore.rootCertificate, CAStore.chain, CAStore.inventory, CAStore.crl,
            CAStore.issuingCertificate,  // last: the target counts as a CA only once everything else is there
        ]
        for name in names {
            if let bytes = try await source.read(name) { try await target.write(name, bytes) }
        }
    }

    /// Where the CA's files are, for messages.
    public var location: String { store.files.location }

    /// The store holding the CA's files.
    public var files: any CAFileStore { store.files }

    /// True once `initialize` has written the CA.
    public func exists() async throws(OnboardError) -> Bool {
        try await store.exists()
    }

    // MARK: - CertificateAuthority

    public func describe() async throws(OnboardError) -> CADescription {
        let root = try await certificate(CAStore.rootCertificate)
        let issuing = try await certificate(CAStore.issuingCertificate)
        let inventory = try await store.loadInventory()
        return CADescription(
            root: try authority(root), issuing: try authority(issuing),
            crlNumber: inventory.crlNumber, crlNextUpdate: inventory.crlNextUpdate
        )
    }

    public func chainPEM() async throws(OnboardError) -> String {
        try await store.read(CAStore.chain)
    }

    public func currentCRL() async throws(OnboardError) -> String? {
        try await store.files.read(CAStore.crl).map { String(decoding: $0, as: UTF8.self) }
    }

    public func issue(_ request: CertificateIssueRequest) async throws(OnboardError) -> IssuedCertificate {
        let issuer = try await issuer()
        return try await store.locked { () async throws(OnboardError) -> IssuedCertificate in
            let issued = try issuer.issue(request)
            var inventory = try await store.loadInventory()
            inventory.certificates.append(issued.record)
            try await store.save(inventory)
            return issued
        }
    }

    public func examine(
        _ pem: String, partnerID: String, deployment: String
    ) async throws(OnboardError) -> CertificateRecord {
        try await store.examine(
            pem, partnerID: partnerID, deployment: deployment,
            issuing: try await certificate(CAStore.issuingCertificate), clock: clock)
    }

    public func adopt(
        _ pem: String, partnerID: String, deployment: String
    ) async throws(OnboardError) -> CertificateRecord {
        try await store.keep([try await examine(pem, partnerID: partnerID, deployment: deployment)])[0]
    }

    public func issueAll(_ requests: [CertificateIssueRequest]) async throws(OnboardError) -> [IssuedCertificate] {
        guard !requests.isEmpty else { return [] }
        let issuer = try await issuer()
        return try await store.locked { () async throws(OnboardError) -> [IssuedCertificate] in
            var issued: [IssuedCertificate] = []
            for request in requests { issued.append(try issuer.issue(request)) }
            var inventory = try await store.loadInventory()
            inventory.certificates += issued.map(\.record)
            try await store.save(inventory)
            return issued
        }
    }

    public func revoke(serial: String, reason: RevocationReason) async throws(OnboardError) -> CertificateRecord {
        try await store.locked { () async throws(OnboardError) -> CertificateRecord in
            var inventory = try await store.loadInventory()
            let index = try position(of: serial, in: inventory)
            if let existing = inventory.certificates[index].revocation, existing.reason != .certificateHold {
                return inventory.certificates[index]
            }
            inventory.certificates[index].revocation = Revocation(reason: reason, date: clock.now())
            try await store.save(inventory)
            return inventory.certificates[index]
        }
    }

    public func release(serial: String) async throws(OnboardError) -> CertificateRecord {
        try await store.locked { () async throws(OnboardError) -> CertificateRecord in
            var inventory = try await store.loadInventory()
            let index = try position(of: serial, in: inventory)
            guard inventory.certificates[index].revocation?.reason == .certificateHold else {
                throw OnboardError(
                    .notOnHold, "certificate \(serial) is not on hold; only a certificateHold can be lifted")
            }
            inventory.certificates[index].revocation = nil
            try await store.save(inventory)
            return inventory.certificates[index]
        }
    }

    public func inventory() async throws(OnboardError) -> [CertificateRecord] {
        try await store.loadInventory().certificates
    }

    /// Publishes the issuing CA's CRL followed by the root CA's (which lists no revoked CA): relying parties that check
    /// CRLs for the whole chain, as nginx does with `ssl_crl`, need both.
    public func publishCRL() async throws(OnboardError) -> CRLInfo {
        let authority = try await loadAuthority()
        let rootAuthority = try await loadRootAuthority()
        return try await store.locked { () async throws(OnboardError) -> CRLInfo in
            var inventory = try await store.loadInventory()
            let now = clock.now()
            let number = (inventory.crlNumber ?? 0) + 1
            let revoked = inventory.certificates.filter { $0.revocation != nil }
            let entries = revoked.map {
                CRLEntry(serial: hexBytes($0.serial), date: $0.revocation!.date, reason: $0.revocation!.reason)
            }
            let pem: String
            do {
                let nextUpdate = now.addingTimeInterval(Self.crlLifetime)
                let issuing = try CRLBuilder.build(
                    authority: authority, number: number, thisUpdate: now, nextUpdate: nextUpdate, entries: entries
                )
                let root = try CRLBuilder.build(
                    authority: rootAuthority, number: number, thisUpdate: now, nextUpdate: nextUpdate, entries: []
                )
                pem = PEM.encode(issuing, label: "X509 CRL") + PEM.encode(root, label: "X509 CRL")
            } catch {
                throw OnboardError(.storage, "signing the CRL failed: \(error)")
            }
            try await store.write(CAStore.crl, pem)
            inventory.crlNumber = number
            inventory.crlThisUpdate = now
            inventory.crlNextUpdate = now.addingTimeInterval(Self.crlLifetime)
            try await store.save(inventory)
            return CRLInfo(
                number: number, thisUpdate: now, nextUpdate: inventory.crlNextUpdate!,
                revokedSerials: revoked.map(\.serial), pem: pem
            )
        }
    }

    /// Adds records of certificates issued through `issuer()` to the inventory in one write (batch issuance).
    public func importRecords(_ records: [CertificateRecord]) async throws(OnboardError) {
        try await store.keep(records)
    }

    // MARK: - Issuance without persistence

    /// The signer behind `issue`, with the issuing key decrypted once; benchmarks and batch issuance use it directly.
    public func issuer() async throws(OnboardError) -> PartnerCertificateIssuer {
        PartnerCertificateIssuer(
            signer: CertificateIssuer(authority: try await loadAuthority(), clock: clock, random: random),
            chainPEM: try await store.read(CAStore.chain)
        )
    }

    // MARK: - Loading

    /// The root CA as a signer, for its own CRL.
    func loadRootAuthority() async throws(OnboardError) -> IssuingAuthority {
        let root = try await certificate(CAStore.rootCertificate)
        return IssuingAuthority(certificate: root, privateKey: try await decryptKey(CAStore.rootKey), root: root)
    }

    func loadAuthority() async throws(OnboardError) -> IssuingAuthority {
        IssuingAuthority(
            certificate: try await certificate(CAStore.issuingCertificate),
            privateKey: try await decryptKey(CAStore.issuingKey),
            root: try await certificate(CAStore.rootCertificate)
        )
    }

    private func decryptKey(_ name: String) async throws(OnboardError) -> Certificate.PrivateKey {
        guard let passphrase, !passphrase.isEmpty else {
            throw OnboardError(
                .passphraseMissing,
                "\(passphraseVariable) is not set: the CA's private keys are encrypted with the passphrase it holds"
            )
        }
        let keyPEM = try await store.read(name)
        if let key = store.memory.key(for: keyPEM) { return key }
        let der: [UInt8]
        do {
            der = try EncryptedPrivateKey.open(pem: keyPEM, passphrase: passphrase, file: store.describe(name))
        } catch  where error.code == .wrongPassphrase {
            throw OnboardError(
                .wrongPassphrase, "the passphrase in \(passphraseVariable) does not decrypt \(store.describe(name))")
        }
        let key = try Self.privateKey(pkcs8: der, file: store.describe(name))
        // Decrypted once per run (PBKDF2 with 210,000 rounds is the point of the encryption, not a cost per use).
        store.memory.remember(key, for: keyPEM)
        return key
    }

    static func privateKey(pkcs8 der: [UInt8], file: String) throws(OnboardError) -> Certificate.PrivateKey {
        if let key = try? P256.Signing.PrivateKey(derRepresentation: der) { return Certificate.PrivateKey(key) }
        if let key = try? P384.Signing.PrivateKey(derRepresentation: der) { return Certificate.PrivateKey(key) }
        throw OnboardError(.corruptStore, "\(file) does not hold an ECDSA P-256 or P-384 key")
    }

    func certificate(_ name: String) async throws(OnboardError) -> Certificate {
        let pem = try await store.read(name)
        do {
            return try Certificate(pemEncoded: pem)
        } catch {
            throw OnboardError(.corruptStore, "\(store.describe(name)) is not a PEM certificate: \(error)")
        }
    }

    private func authority(_ certificate: Certificate) throws(OnboardError) -> CADescription.Authority {
        do {
            return CADescription.Authority(
                subject: certificate.subject.description, notBefore: certificate.notValidBefore,
                notAfter: certificate.notValidAfter,
                fingerprint: CertificateFacts.fingerprint(try CertificateFacts.der(certificate)),
                keyAlgorithm: CertificateFacts.keyAlgorithm(certificate.publicKey)
            )
        } catch {
            throw OnboardError(.corruptStore, "cannot encode \(certificate.subject): \(error)")
        }
    }

    private func position(of serial: String, in inventory: CAInventory) throws(OnboardError) -> Int {
        let wanted = CertificateRecord.serial(serial)
        guard let index = inventory.certificates.firstIndex(where: { $0.serial == wanted }) else {
            throw OnboardError(.unknownSerial, "no certificate with serial \(serial) in the inventory")
        }
        return index
    }

    private func hexBytes(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return bytes
    }
}
