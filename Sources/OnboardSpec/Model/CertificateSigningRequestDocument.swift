/// A partner's PKCS#10 CSR as read from its PEM file: structurally checked here, signature and key policy checked by
/// the CA when it issues.
public struct CertificateSigningRequestDocument: Sendable, Hashable, Codable {
    public let path: String
    public let pem: String
    public let der: [UInt8]

    public init(path: String, pem: String, der: [UInt8]) {
        self.path = path
        self.pem = pem
        self.der = der
    }
}
