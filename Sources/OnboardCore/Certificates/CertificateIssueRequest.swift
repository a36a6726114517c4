import Foundation

/// What the CA needs to issue a partner's mTLS client certificate.
public struct CertificateIssueRequest: Sendable, Hashable {
    public let deployment: String
    public let partnerID: String
    /// The partner's PEM CSR; nil asks the CA to generate the key pair and return it as PKCS#12.
    public let csrPEM: String?
    public let validityDays: Int
    /// Written into the certificate's CRL distribution points when set.
    public let crlURL: String?

    public init(
        deployment: String, partnerID: String, csrPEM: String?, validityDays: Int,
        crlURL: String? = nil
    ) {
        self.deployment = deployment
        self.partnerID = partnerID
        self.csrPEM = csrPEM
        self.validityDays = validityDays
        self.crlURL = crlURL
    }

    /// What the certificate is for, as a document: subject, key source and validity. Part of desired state.
    public var profile: JSONValue {
        let key: String =
            csrPEM.map { "csr:" + SHA256Digest.hex(Self.trimmed($0)) }
            ?? "generated"
        return [
            "subject": .string(subjectURI), "dn": .string(subjectDN), "key": .string(key),
            "validityDays": .number(Double(validityDays)),
        ]
    }

    /// `pem` without leading and trailing white space (Unicode White_Space: what `.whitespacesAndNewlines` trims),
    /// without Foundation's bridging, which cost a twentieth of a no-change plan of 10,000 partners.
    static func trimmed(_ pem: String) -> Substring.UTF8View {
        let scalars = pem.unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return Substring().utf8 }
        return Substring(scalars[first...last]).utf8
    }

    /// The certificate's subject as nginx prints it (`$ssl_client_s_dn`): only the validated partner id, so the
    /// gateway can compare it exactly. Part of the profile, so a certificate issued under an older subject (one that
    /// carried the partner's display name) is planned for re-issue.
    public var subjectDN: String { Self.subjectDN(partnerID: partnerID) }

    /// The subject of the certificates of `partnerID`.
    public static func subjectDN(partnerID: String) -> String { "CN=\(partnerID)" }

    /// Digest of `profile`: equal requests give equal digests.
    public var requestDigest: String { profile.digest }

    /// The SAN URI every partner certificate carries; RFC 8705 `tls_client_auth_san_uri` binds the OAuth client to it.
    public var subjectURI: String { Self.subjectURI(partnerID: partnerID, deployment: deployment) }

    public static func subjectURI(partnerID: String, deployment: String) -> String {
        "urn:onboard:partner:\(deployment):\(partnerID)"
    }
}
