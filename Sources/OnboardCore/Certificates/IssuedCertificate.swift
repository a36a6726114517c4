/// The result of issuance: the inventory record, the leaf and chain in PEM, and the generated key when there was no CSR.
public struct IssuedCertificate: Sendable {
    public let record: CertificateRecord
    public let certificatePEM: String
    /// Issuing CA then root CA.
    public let chainPEM: String
    public let generatedKey: GeneratedKey?

    public init(record: CertificateRecord, certificatePEM: String, chainPEM: String, generatedKey: GeneratedKey?) {
        self.record = record
        self.certificatePEM = certificatePEM
        self.chainPEM = chainPEM
        self.generatedKey = generatedKey
    }
}
