import Foundation

/// What the CA needs to issue a partner's mTLS client certificate.
public struct CertificateIssueRequest: Sendable, Hashable {
    public let deployment: String
    public let partnerID: String
    public let partnerName: String
    /// The partner's PEM CSR; nil asks the CA to generate the key pair and return it as PKCS#12.
    public let csrPEM: String?
    public let validityDays: Int
    /// Written into the certificate's CRL distribution points when set.
    public let crlURL: String?

    public init(
        deployment: String, partnerID: String, partnerName: String, csrPEM: String?, validityDays: Int,
        crlURL: String? = nil
    ) {
        self.deployment = deployment
        self.partnerID = partnerID
        self.partnerName = partnerName
        self.csrPEM = csrPEM
        self.validityDays = validityDays
        self.crlURL = crlURL
    }

    /// What the certificate is for, as a document: subject, key source and validity. Part of desired state.
    public var profile: JSONValue {
        let key: String = csrPEM.map { "csr:" + SHA256Digest.hex($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
            ?? "generated"
        return ["subject": .string(subjectURI), "key": .string(key), "validityDays": .number(Double(validityDays))]
    }

    /// Digest of `profile`: equal requests give equal digests.
    public var requestDigest: String { profile.digest }

    /// The SAN URI every partner certificate carries; RFC 8705 `tls_client_auth_san_uri` binds the OAuth client to it.
    public var subjectURI: String { "urn:onboard:partner:\(deployment):\(partnerID)" }
}
