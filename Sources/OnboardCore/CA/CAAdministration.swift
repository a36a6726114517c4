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
    public func issue(for partner: PartnerInput, in deployment: DeploymentInput) async throws -> IssuedCertificate {
        try await issue(for: [partner], in: deployment)[0]
    }

    /// The same for many partners, recorded in the CA's inventory in one write.
    public func issue(for partners: [PartnerInput], in deployment: DeploymentInput) async throws -> [IssuedCertificate]
    {
        let issued = try await ca.issueAll(
            partners.map { CertificateIssueRequest(partner: $0, deployment: deployment) })
        for (partner, certificate) in zip(partners, issued) { try await writeKit(certificate, for: partner) }
        return issued
    }

    private func writeKit(_ issued: IssuedCertificate, for partner: PartnerInput) async throws {
        try await output.write(ArtifactPaths.kit(partner.id, ArtifactPaths.kitCertificate), text: issued.certificatePEM)
        try await output.write(ArtifactPaths.kit(partner.id, ArtifactPaths.kitChain), text: issued.chainPEM)
        if let key = issued.generatedKey {
            try await output.write(ArtifactPaths.kit(partner.id, ArtifactPaths.kitPKCS12), key.pkcs12, sensitive: true)
            try await output.write(
                ArtifactPaths.kit(partner.id, ArtifactPaths.kitPKCS12Passphrase), text: key.passphrase + "\n",
                sensitive: true
            )
        }
    }

    /// Revokes every certificate of the partner that is not already revoked (a hold is turned into `reason`), then
    /// publishes a new CRL.
    public func revoke(partnerID: String, reason: RevocationReason) async throws -> ([CertificateRecord], CRLInfo) {
        let targets = try await ca.inventory().filter {
            $0.partnerID == partnerID && ($0.revocation == nil || $0.revocation?.reason == .certificateHold)
        }
        guard !targets.isEmpty else {
            throw OnboardError(.unknownSerial, "partner \(partnerID) has no certificate to revoke")
        }
        var revoked: [CertificateRecord] = []
        for target in targets { revoked.append(try await ca.revoke(serial: target.serial, reason: reason)) }
        return (revoked, try await publishCRL())
    }

    public func revoke(serial: String, reason: RevocationReason) async throws -> (CertificateRecord, CRLInfo) {
        let record = try await ca.revoke(serial: serial, reason: reason)
        return (record, try await publishCRL())
    }

    /// Lifts the holds of a partner's certificates (end of a suspension), then publishes a new CRL.
    public func release(partnerID: String) async throws -> ([CertificateRecord], CRLInfo) {
        let held = try await ca.inventory().filter {
            $0.partnerID == partnerID && $0.revocation?.reason == .certificateHold
        }
        guard !held.isEmpty else { throw OnboardError(.notOnHold, "partner \(partnerID) has no certificate on hold") }
        var released: [CertificateRecord] = []
        for record in held { released.append(try await ca.release(serial: record.serial)) }
        return (released, try await publishCRL())
    }

    public func release(serial: String) async throws -> (CertificateRecord, CRLInfo) {
        let record = try await ca.release(serial: serial)
        return (record, try await publishCRL())
    }

    /// Signs a fresh CRL and publishes it with the CA chain where the gateway and partners fetch them.
    public func publishCRL() async throws -> CRLInfo {
        let crl = try await ca.publishCRL()
        try await output.write(ArtifactPaths.publishedCRL, text: crl.pem)
        try await output.write(ArtifactPaths.publishedChain, text: try await ca.chainPEM())
        return crl
    }
}
