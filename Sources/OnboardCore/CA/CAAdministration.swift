import OnboardSpec

/// The urgent path outside plan/apply (`onboard ca issue|revoke|release|crl`): each operation updates the CA and then
/// publishes what depends on it — the partner's kit, the CRL and chain the gateway reads — so nothing is left stale.
public struct CAAdministration: Sendable {
    public let ca: any CertificateAuthority
    public let output: any ArtifactWriter

    public init(ca: any CertificateAuthority, output: any ArtifactWriter) {
        self.ca = ca
        self.output = output
    }

    /// Issues the partner's certificate and writes it, with the chain, to its kit. A generated key goes to the kit
    /// only, as PKCS#12 with its passphrase in a separate owner-only file.
    public func issue(for partner: Partner, in deployment: Deployment) throws -> IssuedCertificate {
        let issued = try ca.issue(CertificateIssueRequest(partner: partner, deployment: deployment))
        try output.write(ArtifactPaths.kit(partner.id, ArtifactPaths.kitCertificate), text: issued.certificatePEM)
        try output.write(ArtifactPaths.kit(partner.id, ArtifactPaths.kitChain), text: issued.chainPEM)
        if let key = issued.generatedKey {
            try output.write(ArtifactPaths.kit(partner.id, ArtifactPaths.kitPKCS12), key.pkcs12, sensitive: true)
            try output.write(
                ArtifactPaths.kit(partner.id, ArtifactPaths.kitPKCS12Passphrase), text: key.passphrase + "\n",
                sensitive: true
            )
        }
        return issued
    }

    /// Revokes every certificate of the partner that is not already revoked (a hold is turned into `reason`), then
    /// publishes a new CRL.
    public func revoke(partnerID: String, reason: RevocationReason) throws -> ([CertificateRecord], CRLInfo) {
        let targets = try ca.inventory().filter {
            $0.partnerID == partnerID && ($0.revocation == nil || $0.revocation?.reason == .certificateHold)
        }
        guard !targets.isEmpty else {
            throw CAError(.unknownSerial, "partner \(partnerID) has no certificate to revoke")
        }
        let revoked = try targets.map { try ca.revoke(serial: $0.serial, reason: reason) }
        return (revoked, try publishCRL())
    }

    public func revoke(serial: String, reason: RevocationReason) throws -> (CertificateRecord, CRLInfo) {
        let record = try ca.revoke(serial: serial, reason: reason)
        return (record, try publishCRL())
    }

    /// Lifts the holds of a partner's certificates (end of a suspension), then publishes a new CRL.
    public func release(partnerID: String) throws -> ([CertificateRecord], CRLInfo) {
        let held = try ca.inventory().filter { $0.partnerID == partnerID && $0.revocation?.reason == .certificateHold }
        guard !held.isEmpty else { throw CAError(.notOnHold, "partner \(partnerID) has no certificate on hold") }
        let released = try held.map { try ca.release(serial: $0.serial) }
        return (released, try publishCRL())
    }

    public func release(serial: String) throws -> (CertificateRecord, CRLInfo) {
        let record = try ca.release(serial: serial)
        return (record, try publishCRL())
    }

    /// Signs a fresh CRL and publishes it with the CA chain where the gateway and partners fetch them.
    public func publishCRL() throws -> CRLInfo {
        let crl = try ca.publishCRL()
        try output.write(ArtifactPaths.publishedCRL, text: crl.pem)
        try output.write(ArtifactPaths.publishedChain, text: try ca.chainPEM())
        return crl
    }
}
