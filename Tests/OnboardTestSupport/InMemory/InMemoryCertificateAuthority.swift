import Foundation
import OnboardCore

/// A CA in memory, for engine unit tests: issues records with growing serials and validity from its clock, keeps an
/// inventory, revokes, holds, releases and numbers CRLs. It signs nothing; the real CA is tested by OnboardPKITests
/// with the openssl CLI.
public actor InMemoryCertificateAuthority: CertificateAuthority {
    private var clock: any Clock
    private var records: [CertificateRecord] = []
    private var crlNumber: Int?
    private var crlNextUpdate: Date?
    private var nextSerial: Int
    private let name: String

    /// `name` and `firstSerial` tell two of them apart (a CA rotation's retiring and new CA).
    public init(clock: any Clock, name: String = "In-memory CA", firstSerial: Int = 0x1000) {
        self.clock = clock
        self.name = name
        self.nextSerial = firstSerial
    }

    /// Moves the CA's clock (tests move time by handing the engine and the CA a later clock).
    public func set(clock: any Clock) {
        self.clock = clock
    }

    public func describe() -> CADescription {
        let authority = CADescription.Authority(
            subject: "CN=\(name)", notBefore: .distantPast, notAfter: .distantFuture, fingerprint: "FP:\(name)",
            keyAlgorithm: "none"
        )
        return CADescription(root: authority, issuing: authority, crlNumber: crlNumber, crlNextUpdate: crlNextUpdate)
    }

    public func chainPEM() -> String { "-----BEGIN CERTIFICATE-----\n\(name) chain\n-----END CERTIFICATE-----\n" }

    public func issue(_ request: CertificateIssueRequest) -> IssuedCertificate {
        let now = clock.now()
        nextSerial += 1
        let serial = String(format: "%X", nextSerial)
        let record = CertificateRecord(
            serial: serial, partnerID: request.partnerID, subject: request.subjectDN, notBefore: now,
            notAfter: now.addingTimeInterval(Double(request.validityDays) * 86_400), fingerprint: "FP:\(serial)",
            keyGenerated: request.csrPEM == nil, requestDigest: request.requestDigest
        )
        records.append(record)
        return IssuedCertificate(
            record: record, certificatePEM: "-----BEGIN CERTIFICATE-----\n\(serial)\n-----END CERTIFICATE-----\n",
            chainPEM: chainPEM(),
            generatedKey: request.csrPEM == nil ? GeneratedKey(pkcs12: [0x30], passphrase: "in-memory") : nil
        )
    }

    public func revoke(serial: String, reason: RevocationReason) throws(OnboardError) -> CertificateRecord {
        let index = try position(serial)
        if let existing = records[index].revocation, existing.reason != .certificateHold { return records[index] }
        records[index].revocation = Revocation(reason: reason, date: clock.now())
        return records[index]
    }

    public func release(serial: String) throws(OnboardError) -> CertificateRecord {
        let index = try position(serial)
        guard records[index].revocation?.reason == .certificateHold else {
            throw OnboardError(.notOnHold, "certificate \(serial) is not on hold")
        }
        records[index].revocation = nil
        return records[index]
    }

    public func inventory() -> [CertificateRecord] { records }

    public func currentCRL() -> String? {
        crlNumber.map { "-----BEGIN X509 CRL-----\n\($0)\n-----END X509 CRL-----\n" }
    }

    public func publishCRL() -> CRLInfo {
        let now = clock.now()
        let number = (crlNumber ?? 0) + 1
        crlNumber = number
        crlNextUpdate = now.addingTimeInterval(7 * 86_400)
        let revoked = records.filter { $0.revocation != nil }.map(\.serial)
        return CRLInfo(
            number: number, thisUpdate: now, nextUpdate: crlNextUpdate!, revokedSerials: revoked,
            pem: "-----BEGIN X509 CRL-----\n\(number)\n-----END X509 CRL-----\n"
        )
    }

    private func position(_ serial: String) throws(OnboardError) -> Int {
        guard let index = records.firstIndex(where: { $0.serial == serial }) else {
            throw OnboardError(.unknownSerial, "no certificate \(serial) in the inventory")
        }
        return index
    }
}
