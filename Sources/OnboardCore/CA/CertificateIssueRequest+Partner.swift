import OnboardSpec

extension CertificateIssueRequest {
    /// The request a declared partner makes: its CSR (or none, for a generated key) and its validity.
    public init(partner: PartnerInput, deployment: DeploymentInput) {
        self.init(
            deployment: deployment.name, partnerID: partner.id, csrPEM: partner.csrPEM,
            validityDays: partner.validityDays,
            crlURL: deployment.crlURL
        )
    }
}
