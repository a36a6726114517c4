/// The hospital's partner CA, as the engine uses it. Implemented by OnboardPKI on files under `.onboard/ca/`; an HSM
/// or KMS backed CA would implement the same port.
public protocol CertificateAuthority: Sendable {
    /// Subjects, validity and fingerprints of the root and issuing CA, and the CRL number.
    func describe() async throws(OnboardError) -> CADescription

    /// The issuing and root CA certificates in PEM, for the gateway trust store and partner kits.
    func chainPEM() async throws(OnboardError) -> String

    /// Issues a partner client certificate from its CSR (checked: signature, key policy, subject) or from a key pair
    /// generated for it, and records it in the inventory.
    func issue(_ request: CertificateIssueRequest) async throws(OnboardError) -> IssuedCertificate

    /// Issues many certificates at once: the same checks as `issue`, recorded in the inventory in one write — so
    /// issuing N costs N signatures, not N inventory rewrites.
    func issueAll(_ requests: [CertificateIssueRequest]) async throws(OnboardError) -> [IssuedCertificate]

    /// Puts a certificate on the CRL. `certificateHold` can later be lifted with `release`.
    func revoke(serial: String, reason: RevocationReason) async throws(OnboardError) -> CertificateRecord

    /// Lifts a `certificateHold`: the serial leaves the CRL and the certificate is usable again, with no re-issue.
    func release(serial: String) async throws(OnboardError) -> CertificateRecord

    /// Every certificate issued, oldest first; survives restarts.
    func inventory() async throws(OnboardError) -> [CertificateRecord]

    /// The CRL signed last (PEM), nil before the first: what a gateway installed from a fresh runner must trust.
    func currentCRL() async throws(OnboardError) -> String?

    /// Signs and writes a fresh CRL (a new, larger number) covering every revoked or held certificate.
    func publishCRL() async throws(OnboardError) -> CRLInfo

    /// What a certificate made outside plan/apply is, when this CA issued it to `partnerID` as onboard would (its
    /// subject, its SAN URI for `deployment`, not expired) — the record it has or would get in the inventory; an
    /// error saying why it cannot be kept otherwise. Reads only.
    func examine(_ pem: String, partnerID: String, deployment: String) async throws(OnboardError) -> CertificateRecord

    /// Keeps such a certificate: `examine`, then recorded in the inventory unless it is there already.
    func adopt(_ pem: String, partnerID: String, deployment: String) async throws(OnboardError) -> CertificateRecord

    /// The rotation under way from a retiring CA to this one, nil when there is none.
    func rotation() async throws(OnboardError) -> CARotationStatus?
}

extension CertificateAuthority {
    public func rotation() async throws(OnboardError) -> CARotationStatus? { nil }

    public func examine(
        _ pem: String, partnerID: String, deployment: String
    ) async throws(OnboardError) -> CertificateRecord {
        throw OnboardError(.configuration, "this certificate authority cannot keep certificates made outside onboard")
    }

    public func adopt(
        _ pem: String, partnerID: String, deployment: String
    ) async throws(OnboardError) -> CertificateRecord {
        try await examine(pem, partnerID: partnerID, deployment: deployment)
    }

    /// One `issue` after another, for authorities without a bulk path.
    public func issueAll(_ requests: [CertificateIssueRequest]) async throws(OnboardError) -> [IssuedCertificate] {
        var issued: [IssuedCertificate] = []
        for request in requests { issued.append(try await issue(request)) }
        return issued
    }
}
