/// What the partner's mTLS client certificate should look like; the CA turns it into a certificate.
public struct CertificateRequest: Sendable, Hashable, Codable {
    /// A PEM CSR beside the partner file; nil means onboard generates the key and ships it only in the partner kit.
    public let csr: Located<String>?
    public let validityDays: Located<Int>
    /// Renew when fewer days remain; nil means a third of the lifetime.
    public let renewBeforeDays: Located<Int>?

    public init(csr: Located<String>?, validityDays: Located<Int>, renewBeforeDays: Located<Int>?) {
        self.csr = csr
        self.validityDays = validityDays
        self.renewBeforeDays = renewBeforeDays
    }
}
