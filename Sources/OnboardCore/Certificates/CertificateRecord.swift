import Foundation

/// One certificate the CA issued, as kept in its inventory: enough to renew, revoke and audit without the
/// certificate itself.
public struct CertificateRecord: Sendable, Hashable, Codable {
    /// Upper-case hex, as `openssl x509 -serial` prints it.
    public let serial: String
    public let partnerID: String
    public let subject: String
    public let notBefore: Date
    public let notAfter: Date
    /// SHA-256 of the DER certificate, colon-separated upper-case hex.
    public let fingerprint: String
    /// True when onboard generated the key (delivered as PKCS#12 in the kit) rather than the partner's CSR.
    public let keyGenerated: Bool
    /// The `requestDigest` of the request it was issued for, so an interrupted apply can adopt it instead of issuing
    /// a duplicate.
    public let requestDigest: String?
    public var revocation: Revocation?

    public init(
        serial: String, partnerID: String, subject: String, notBefore: Date, notAfter: Date, fingerprint: String,
        keyGenerated: Bool, requestDigest: String? = nil, revocation: Revocation? = nil
    ) {
        self.serial = serial
        self.partnerID = partnerID
        self.subject = subject
        self.notBefore = notBefore
        self.notAfter = notAfter
        self.fingerprint = fingerprint
        self.keyGenerated = keyGenerated
        self.requestDigest = requestDigest
        self.revocation = revocation
    }

    /// A serial as the inventory writes it (upper-case hex, no separators), from any of the forms people and CAs
    /// write (`1a:70:…` from OpenBao, lower case from a terminal).
    public static func serial(_ text: String) -> String {
        text.uppercased().replacingOccurrences(of: ":", with: "")
    }

    /// Not revoked (a hold counts as revoked while it lasts) and within its validity at `date`.
    public func isUsable(at date: Date) -> Bool {
        revocation == nil && notBefore <= date && date < notAfter
    }
}
