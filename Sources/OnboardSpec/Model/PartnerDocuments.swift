/// The public files a partner file names, read once at load time so later stages need no file access.
public struct PartnerDocuments: Sendable, Hashable, Codable {
    public let csr: CertificateSigningRequestDocument?
    public let jwks: JSONWebKeySetDocument?
    /// The certificate `spec.adopt.certificate` names: PEM text, structurally a certificate; whether the hospital's CA
    /// issued it is checked at plan time, against the CA.
    public let adoptedCertificate: AdoptedCertificateDocument?

    public init(
        csr: CertificateSigningRequestDocument?, jwks: JSONWebKeySetDocument?,
        adoptedCertificate: AdoptedCertificateDocument? = nil
    ) {
        self.csr = csr
        self.jwks = jwks
        self.adoptedCertificate = adoptedCertificate
    }
}

/// An existing certificate of a partner as read from its PEM file, with where `spec.adopt.certificate` names it: the
/// CA decides at plan time whether it issued it, and a refusal points there.
public struct AdoptedCertificateDocument: Sendable, Hashable, Codable {
    public let path: String
    public let pem: String
    public let location: SourceLocation

    public init(path: String, pem: String, location: SourceLocation) {
        self.path = path
        self.pem = pem
        self.location = location
    }

    public static let field = "spec.adopt.certificate"
}
