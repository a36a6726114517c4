/// The public files a partner file names, read once at load time so later stages need no file access.
public struct PartnerDocuments: Sendable, Hashable {
    public let csr: CertificateSigningRequestDocument?
    public let jwks: JSONWebKeySetDocument?

    public init(csr: CertificateSigningRequestDocument?, jwks: JSONWebKeySetDocument?) {
        self.csr = csr
        self.jwks = jwks
    }
}
