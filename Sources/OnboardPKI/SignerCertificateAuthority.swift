import Crypto
import Foundation
import OnboardCore
import SwiftASN1
import X509

/// The partner CA when its keys live in a signer onboard cannot read (OpenBao/Vault PKI): onboard checks the CSR
/// (or generates the kit's key and a CSR for it), has the signer sign it, checks what came back is exactly a partner
/// client certificate, and keeps the inventory — never a key — on a `CAFileStore`. Implements Core's
/// `CertificateAuthority` port.
///
/// Holds: a signer's revocation is final (OpenBao has no certificateHold), so a hold is kept in onboard's inventory
/// only. A suspended partner is refused by the gateway's configuration, which gives it no route; resuming lifts the
/// hold with no re-issue, as with the file CA.
public struct SignerCertificateAuthority: CertificateAuthority {
    let signer: any CertificateSigner
    let store: CAStore
    let clock: any Clock
    let random: any RandomSource
    /// Signing requests in flight at once during a batch.
    let concurrency: Int
    /// A CRL the signer hands out with less time left than this is rebuilt before it is published: more than the
    /// planner's renewal window, so a published CRL is never planned for renewal at once.
    static let crlFreshness: TimeInterval = 3 * 86_400
    private let preparation = SignerPreparation()

    public init(
        signer: any CertificateSigner, files: any CAFileStore, clock: any Clock, random: any RandomSource,
        concurrency: Int = 8
    ) {
        self.signer = signer
        self.store = CAStore(files: files, inventoryStartsAbsent: true)
        self.clock = clock
        self.random = random
        self.concurrency = concurrency
    }

    /// Where the inventory is kept, for messages.
    public var location: String { "\(signer.name); inventory in \(store.files.location)" }

    // MARK: - CertificateAuthority

    public func describe() async throws(OnboardError) -> CADescription {
        let chain = try certificates(in: try await chainPEM())
        guard let issuing = chain.first, let root = chain.last else {
            throw OnboardError(.protocolViolation, "\(signer.name) returned no CA certificate")
        }
        let inventory = try await store.loadInventory()
        return CADescription(
            root: try authority(root), issuing: try authority(issuing), crlNumber: inventory.crlNumber,
            crlNextUpdate: inventory.crlNextUpdate)
    }

    /// The chain as first fetched from the signer, kept beside the inventory so a plan needs no signer. It is what
    /// the gateway trusts: a signature by any other issuer is refused (another issuer is a CA rotation, which
    /// `spec.ca.rotation` makes visible in the plan).
    public func chainPEM() async throws(OnboardError) -> String {
        if let kept = try await store.files.read(CAStore.chain) { return String(decoding: kept, as: UTF8.self) }
        return try await store.locked { () async throws(OnboardError) -> String in
            if let kept = try await store.files.read(CAStore.chain) { return String(decoding: kept, as: UTF8.self) }
            let chain = try await signer.chainPEM()
            try await store.write(CAStore.chain, chain)
            return chain
        }
    }

    public func currentCRL() async throws(OnboardError) -> String? {
        try await store.files.read(CAStore.crl).map { String(decoding: $0, as: UTF8.self) }
    }

    public func issue(_ request: CertificateIssueRequest) async throws(OnboardError) -> IssuedCertificate {
        try await issueAll([request])[0]
    }

    /// Signs at `concurrency` requests in flight and records the batch in one inventory write. When one signature
    /// fails, those already signed are recorded all the same before the error is passed on: the next apply adopts
    /// them (same request) instead of having OpenBao sign again.
    public func issueAll(_ requests: [CertificateIssueRequest]) async throws(OnboardError) -> [IssuedCertificate] {
        guard !requests.isEmpty else { return [] }
        try await preparation.once { () async throws(OnboardError) in
            try await signer.prepare(validityDays: requests.map(\.validityDays).max() ?? 0)
        }
        let trusted = try await issuingCertificate()
        let sign: @Sendable (Int) async -> (Int, Result<IssuedCertificate, OnboardError>) = { index in
            do throws(OnboardError) {
                return (index, .success(try await self.sign(requests[index], trusted)))
            } catch {
                return (index, .failure(error))
            }
        }
        let results = await withTaskGroup(of: (Int, Result<IssuedCertificate, OnboardError>).self) { group in
            var results: [(Int, Result<IssuedCertificate, OnboardError>)] = []
            var next = min(max(1, concurrency), requests.count)
            for index in 0..<next { group.addTask { await sign(index) } }
            while let result = await group.next() {
                results.append(result)
                // After a failure, what is in flight finishes; nothing new starts.
                if case .failure = result.1 { next = requests.count }
                if next < requests.count {
                    let index = next
                    group.addTask { await sign(index) }
                    next += 1
                }
            }
            return results
        }
        var issued: [IssuedCertificate?] = requests.map { _ in nil }
        var failure: OnboardError?
        for (index, result) in results {
            switch result {
            case .success(let certificate): issued[index] = certificate
            case .failure(let error): failure = failure ?? error
            }
        }
        let signed = issued.compactMap { $0 }
        try await store.keep(signed.map(\.record))
        if let failure { throw failure }
        return signed
    }

    /// A serial the inventory lacks but the signer issued to one of onboard's partners (signed by hand, or by an
    /// apply killed between the signer's answer and the inventory write: `onboard ca show` marks them) is revoked at
    /// the signer and recorded, so `onboard ca revoke --serial` can clean it up.
    public func revoke(serial: String, reason: RevocationReason) async throws(OnboardError) -> CertificateRecord {
        let record: CertificateRecord
        if let known = try await inventory().first(where: { $0.serial == CertificateRecord.serial(serial) }) {
            record = known
        } else {
            record = try await store.keep([try await orphan(serial)])[0]
        }
        if let existing = record.revocation, existing.reason != .certificateHold { return record }
        if reason != .certificateHold { try await signer.revoke(serial: record.serial) }
        return try await update(record.serial) { $0.revocation = Revocation(reason: reason, date: clock.now()) }
    }

    public func release(serial: String) async throws(OnboardError) -> CertificateRecord {
        let record = try await record(serial)
        guard record.revocation?.reason == .certificateHold else {
            throw OnboardError(.notOnHold, "certificate \(serial) is not on hold; only a certificateHold can be lifted")
        }
        return try await update(record.serial) { $0.revocation = nil }
    }

    public func inventory() async throws(OnboardError) -> [CertificateRecord] {
        try await store.loadInventory().certificates
    }

    /// Fetches the signer's CRLs for the whole chain and keeps them as the current CRL: the number and window are
    /// the issuing CA's. Serials onboard holds are not on them (see the type's note).
    public func publishCRL() async throws(OnboardError) -> CRLInfo {
        let revoked = Set(
            try await inventory().filter { $0.revocation.map { $0.reason != .certificateHold } ?? false }
                .map(\.serial))
        var pem = try await signer.crlPEM()
        var levels = try CRLReader.read(pem: pem)
        if !Self.current(levels, listing: revoked, freshUntil: clock.now().addingTimeInterval(Self.crlFreshness)) {
            try await signer.rebuildCRLs()
            pem = try await signer.crlPEM()
            levels = try CRLReader.read(pem: pem)
        }
        guard let issuing = levels.first else {
            throw OnboardError(.protocolViolation, "\(signer.name) returned no CRL")
        }
        if let missing = revoked.subtracting(issuing.serials).sorted().first {
            throw OnboardError(
                .protocolViolation, "\(signer.name)'s CRL does not list \(missing), which it revoked, even rebuilt")
        }
        // The level that lapses first decides when the CRLs are published again.
        let nextUpdate = levels.map { $0.nextUpdate ?? $0.thisUpdate }.min() ?? issuing.thisUpdate
        return try await store.locked { () async throws(OnboardError) -> CRLInfo in
            try await store.write(CAStore.crl, pem)
            var inventory = try await store.loadInventory()
            let number = issuing.number ?? (inventory.crlNumber ?? 0) + 1
            inventory.crlNumber = number
            inventory.crlThisUpdate = issuing.thisUpdate
            inventory.crlNextUpdate = nextUpdate
            try await store.save(inventory)
            return CRLInfo(
                number: number, thisUpdate: issuing.thisUpdate, nextUpdate: nextUpdate,
                revokedSerials: issuing.serials, pem: pem)
        }
    }

    /// Every level valid past `freshUntil`, and the issuing CA's CRL listing every serial revoked.
    static func current(_ levels: [CRLReader.Facts], listing revoked: Set<String>, freshUntil: Date) -> Bool {
        guard let issuing = levels.first else { return false }
        return levels.allSatisfy { ($0.nextUpdate ?? .distantPast) >= freshUntil }
            && revoked.isSubset(of: issuing.serials)
    }

    public func examine(
        _ pem: String, partnerID: String, deployment: String
    ) async throws(OnboardError) -> CertificateRecord {
        try await store.examine(
            pem, partnerID: partnerID, deployment: deployment, issuing: try await issuingCertificate(), clock: clock)
    }

    public func adopt(
        _ pem: String, partnerID: String, deployment: String
    ) async throws(OnboardError) -> CertificateRecord {
        try await store.keep([try await examine(pem, partnerID: partnerID, deployment: deployment)])[0]
    }

    /// The certificates the signer issued for `deployment` (its SAN URI names it), with the inventory's record of
    /// each when onboard has one: what `onboard ca show` lists.
    public func issuedBySigner(deployment: String) async throws(OnboardError) -> [(CertificateRecord, known: Bool)] {
        let prefix = CertificateIssueRequest.subjectURI(partnerID: "", deployment: deployment)
        let known = Dictionary(try await inventory().map { ($0.serial, $0) }, uniquingKeysWith: { $1 })
        var issued: [(CertificateRecord, known: Bool)] = []
        for pem in try await signer.issued() {
            guard let certificate = try? Certificate(pemEncoded: pem), let der = try? CertificateFacts.der(certificate),
                let names = try? certificate.extensions.subjectAlternativeNames,
                case .uniformResourceIdentifier(let uri)? = names.first, uri.hasPrefix(prefix)
            else { continue }
            let serial = CertificateFacts.serial(certificate.serialNumber)
            let record =
                known[serial]
                ?? CertificateFacts.record(
                    certificate, der: der, partnerID: String(uri.dropFirst(prefix.count)), keyGenerated: false)
            issued.append((record, known[serial] != nil))
        }
        return issued
    }

    // MARK: - Signing

    private func sign(
        _ request: CertificateIssueRequest, _ trusted: Certificate
    ) async throws(OnboardError) -> IssuedCertificate {
        var generated: Certificate.PrivateKey?
        let csrPEM: String
        let publicKey: Certificate.PublicKey
        if let csr = request.csrPEM {
            publicKey = try CSRPolicy.check(csr, partnerID: request.partnerID)
            csrPEM = csr
        } else {
            let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
            generated = key
            publicKey = key.publicKey
            csrPEM = try Self.csr(for: key, partnerID: request.partnerID)
        }
        let signed = try await signer.sign(
            csrPEM: csrPEM, commonName: request.partnerID, uriSAN: request.subjectURI,
            validityDays: request.validityDays)
        let chain = try certificates(in: signed.chainPEM)
        let certificate: Certificate
        do {
            certificate = try Certificate(pemEncoded: signed.certificatePEM)
        } catch {
            throw OnboardError(.protocolViolation, "\(signer.name) returned no PEM certificate: \(error)")
        }
        if let problem = SignedCertificateCheck.problem(
            certificate, issuer: trusted, request: request, publicKey: publicKey, now: clock.now())
        {
            let serial = CertificateFacts.serial(certificate.serialNumber)
            let revoked: String
            do {
                try await signer.revoke(serial: serial)
                revoked = "it was revoked"
            } catch {
                revoked = "revoking it failed too (\(error.message)): revoke \(serial) by hand"
            }
            throw OnboardError(
                .protocolViolation,
                "\(signer.name) signed a certificate for \(request.partnerID) that \(problem); \(revoked) and it was not used"
            )
        }
        do {
            let der = try CertificateFacts.der(certificate)
            let record = CertificateFacts.record(
                certificate, der: der, partnerID: request.partnerID, keyGenerated: generated != nil,
                requestDigest: request.requestDigest)
            let key = try generated.map { key throws(OnboardError) in
                try PKCS12Packager.package(key: key, certificate: certificate, chain: chain, random: random)
            }
            return IssuedCertificate(
                record: record, certificatePEM: PEM.encode(der, label: "CERTIFICATE"), chainPEM: signed.chainPEM,
                generatedKey: key)
        } catch let error as OnboardError {
            throw error
        } catch {
            throw OnboardError(.storage, "encoding the certificate of \(request.partnerID) failed: \(error)")
        }
    }

    /// A CSR for a key onboard generated for the kit; the signer takes the names from the request, not from it.
    static func csr(for key: Certificate.PrivateKey, partnerID: String) throws(OnboardError) -> String {
        do {
            let request = try CertificateSigningRequest(
                version: .v1, subject: DistinguishedName { CommonName(partnerID) }, privateKey: key,
                attributes: CertificateSigningRequest.Attributes(), signatureAlgorithm: .ecdsaWithSHA256)
            return try request.serializeAsPEM().pemString + "\n"
        } catch {
            throw OnboardError(.storage, "making a CSR for the generated key of \(partnerID) failed: \(error)")
        }
    }

    // MARK: - Inventory


    /// The inventory record of a certificate the signer issued to a partner (`urn:onboard:partner:<deployment>:<id>`)
    /// that the inventory does not hold.
    private func orphan(_ serial: String) async throws(OnboardError) -> CertificateRecord {
        guard let pem = try await signer.certificate(serial: serial),
            let certificate = try? Certificate(pemEncoded: pem), let der = try? CertificateFacts.der(certificate),
            case .uniformResourceIdentifier(let uri)? = (try? certificate.extensions.subjectAlternativeNames)??.first,
            uri.hasPrefix("urn:onboard:partner:"), let partner = uri.split(separator: ":").last
        else {
            throw OnboardError(
                .unknownSerial, "no partner certificate with serial \(serial) in the inventory or at \(signer.name)")
        }
        return CertificateFacts.record(certificate, der: der, partnerID: String(partner), keyGenerated: false)
    }

    private func record(_ serial: String) async throws(OnboardError) -> CertificateRecord {
        let wanted = CertificateRecord.serial(serial)
        guard let record = try await inventory().first(where: { $0.serial == wanted }) else {
            throw OnboardError(.unknownSerial, "no certificate with serial \(serial) in the inventory")
        }
        return record
    }

    private func update(
        _ serial: String, _ change: (inout CertificateRecord) -> Void
    ) async throws(OnboardError) -> CertificateRecord {
        try await store.locked { () async throws(OnboardError) -> CertificateRecord in
            var inventory = try await store.loadInventory()
            guard let index = inventory.certificates.firstIndex(where: { $0.serial == serial }) else {
                throw OnboardError(.unknownSerial, "no certificate with serial \(serial) in the inventory")
            }
            change(&inventory.certificates[index])
            try await store.save(inventory)
            return inventory.certificates[index]
        }
    }

    // MARK: - Certificates

    /// The issuing CA of the kept chain: what every signed certificate must chain to.
    private func issuingCertificate() async throws(OnboardError) -> Certificate {
        guard let issuing = try certificates(in: try await chainPEM()).first else {
            throw OnboardError(.protocolViolation, "\(signer.name) returned no CA certificate")
        }
        return issuing
    }

    private func certificates(in pem: String) throws(OnboardError) -> [Certificate] {
        do {
            return try PEMDocument.parseMultiple(pemString: pem).map { try Certificate(pemDocument: $0) }
        } catch {
            throw OnboardError(.protocolViolation, "\(signer.name) returned a CA chain that is not PEM: \(error)")
        }
    }

    private func authority(_ certificate: Certificate) throws(OnboardError) -> CADescription.Authority {
        do {
            return CADescription.Authority(
                subject: certificate.subject.description, notBefore: certificate.notValidBefore,
                notAfter: certificate.notValidAfter,
                fingerprint: CertificateFacts.fingerprint(try CertificateFacts.der(certificate)),
                keyAlgorithm: CertificateFacts.keyAlgorithm(certificate.publicKey))
        } catch {
            throw OnboardError(.protocolViolation, "cannot encode \(certificate.subject): \(error)")
        }
    }
}
