import OnboardSpec

extension CertificateIssueRequest {
    /// The request a declared partner makes: its CSR (or none, for a generated key) and its validity.
    public init(partner: Partner, deployment: Deployment) {
        self.init(
            deployment: deployment.name.value, partnerID: partner.id,
            csrPEM: partner.documents.csr?.pem, validityDays: partner.spec.certificate.validityDays.value,
            crlURL: deployment.ca.crlURL
        )
    }
}
