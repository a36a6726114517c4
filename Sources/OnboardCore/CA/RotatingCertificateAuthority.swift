import Foundation

/// The partner CA while a rotation is under way (`spec.ca.rotation`): new certificates come from the new CA; the
/// gateway trusts both chains and both CAs' CRLs until the deadline, so a partner keeps working with its old
/// certificate until it installs the new one from its kit; a retiring certificate replaced before the deadline is
/// not revoked (its partner may still be using it). At the deadline the old chain leaves the gateway — by then every
/// partner's recorded certificate is the new CA's, since the plan re-issues them before the gateway step.
public struct RotatingCertificateAuthority: CertificateAuthority {
    public let current: any CertificateAuthority
    public let retiring: any CertificateAuthority
    public let deadline: Date
    /// Both chains are trusted until the deadline; decided once, when the run starts, so its chain, CRLs and plan
    /// agree even if the deadline passes during it.
    let overlapping: Bool

    public init(current: any CertificateAuthority, retiring: any CertificateAuthority, deadline: Date, clock: any Clock)
    {
        self.current = current
        self.retiring = retiring
        self.deadline = deadline
        self.overlapping = clock.now() < deadline
    }

    public func rotation() async throws(OnboardError) -> CARotationStatus? {
        let issuers = [try await current.describe().issuing.fingerprint]
        let retiringIssuer = try await retiring.describe().issuing.fingerprint
        return CARotationStatus(
            retiringSerials: Set(try await retiring.inventory().map(\.serial)), deadline: deadline,
            trustedIssuers: overlapping ? issuers + [retiringIssuer] : issuers)
    }

    /// The new CA, with the CRL that lapses first during the overlap (the retiring CA's counts while it is trusted).
    public func describe() async throws(OnboardError) -> CADescription {
        let description = try await current.describe()
        guard overlapping, let mine = description.crlNextUpdate, let old = try await retiring.describe().crlNextUpdate
        else { return description }
        return CADescription(
            root: description.root, issuing: description.issuing, crlNumber: description.crlNumber,
            crlNextUpdate: min(mine, old))
    }

    /// The new chain, then the retiring one until the deadline: what the gateway trusts and kits carry.
    public func chainPEM() async throws(OnboardError) -> String {
        let chain = try await current.chainPEM()
        return overlapping ? chain + (try await retiring.chainPEM()) : chain
    }

    public func issue(_ request: CertificateIssueRequest) async throws(OnboardError) -> IssuedCertificate {
        try await current.issue(request)
    }

    public func issueAll(_ requests: [CertificateIssueRequest]) async throws(OnboardError) -> [IssuedCertificate] {
        try await current.issueAll(requests)
    }

    /// A retiring certificate superseded before the deadline stays valid (see the type); any other revocation goes
    /// to the CA that issued the certificate.
    public func revoke(serial: String, reason: RevocationReason) async throws(OnboardError) -> CertificateRecord {
        guard let record = try await retiringRecord(serial) else {
            return try await current.revoke(serial: serial, reason: reason)
        }
        if reason == .superseded, overlapping { return record }
        return try await retiring.revoke(serial: serial, reason: reason)
    }

    public func release(serial: String) async throws(OnboardError) -> CertificateRecord {
        guard try await retiringRecord(serial) != nil else { return try await current.release(serial: serial) }
        return try await retiring.release(serial: serial)
    }

    /// Both inventories: the plan finds the retiring CA's certificates (and re-issues them).
    public func inventory() async throws(OnboardError) -> [CertificateRecord] {
        try await retiring.inventory() + current.inventory()
    }

    /// Nil until the new CA has published its first (the gateway then has it published before it installs).
    public func currentCRL() async throws(OnboardError) -> String? {
        guard let crl = try await current.currentCRL() else { return nil }
        guard overlapping, let old = try await retiring.currentCRL() else { return crl }
        return crl + old
    }

    /// The new CA's CRLs, then — until the deadline — the retiring CA's, freshly published: nginx needs a CRL for
    /// every chain it trusts.
    public func publishCRL() async throws(OnboardError) -> CRLInfo {
        let crl = try await current.publishCRL()
        guard overlapping else { return crl }
        let old = try await retiring.publishCRL()
        return CRLInfo(
            number: crl.number, thisUpdate: crl.thisUpdate, nextUpdate: min(crl.nextUpdate, old.nextUpdate),
            revokedSerials: crl.revokedSerials + old.revokedSerials, pem: crl.pem + old.pem)
    }

    public func examine(
        _ pem: String, partnerID: String, deployment: String
    ) async throws(OnboardError) -> CertificateRecord {
        try await current.examine(pem, partnerID: partnerID, deployment: deployment)
    }

    public func adopt(
        _ pem: String, partnerID: String, deployment: String
    ) async throws(OnboardError) -> CertificateRecord {
        try await current.adopt(pem, partnerID: partnerID, deployment: deployment)
    }

    private func retiringRecord(_ serial: String) async throws(OnboardError) -> CertificateRecord? {
        let wanted = CertificateRecord.serial(serial)
        return try await retiring.inventory().first { $0.serial == wanted }
    }
}
