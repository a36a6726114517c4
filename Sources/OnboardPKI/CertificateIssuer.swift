import Crypto
import Foundation
import OnboardCore
import SwiftASN1
import X509

/// Signs partner client certificates (an RFC 5280 profile): CA:false, digitalSignature, EKU clientAuth,
/// SAN URI `urn:onboard:partner:<deployment>:<id>`, AKI/SKI, random serial, validity capped by the issuing CA.
/// The subject is `CN=<partner id>` and nothing else: the id is validated `[a-z0-9-]`, so no partner-written text
/// (its display name, its CSR's subject) ever reaches the name the gateway identifies the partner by.
/// Pure apart from the injected clock and randomness; persistence is the caller's.
struct CertificateIssuer: Sendable {
    let authority: IssuingAuthority
    let clock: any Clock
    let random: any RandomSource
    /// Tolerance for partner clocks that run slightly behind.
    static let backdate: TimeInterval = 300

    /// A certificate for `publicKey`, the request's partner as subject.
    func sign(_ request: CertificateIssueRequest, publicKey: Certificate.PublicKey) throws(OnboardError) -> Certificate
    {
        let now = clock.now()
        let requestedEnd = now.addingTimeInterval(Double(request.validityDays) * 86_400)
        do {
            let subject = try DistinguishedName { CommonName(request.partnerID) }
            var extensions = try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([.clientAuth])
                SubjectAlternativeNames([.uniformResourceIdentifier(request.subjectURI)])
                AuthorityKeyIdentifier(keyIdentifier: try authority.keyIdentifier[...])
                SubjectKeyIdentifier(hash: publicKey)
            }
            if let crlURL = request.crlURL { try extensions.append(CRLDistributionPoint.extension(uri: crlURL)) }
            return try Certificate(
                version: .v3,
                serialNumber: Self.serialNumber(random),
                publicKey: publicKey,
                notValidBefore: now.addingTimeInterval(-Self.backdate),
                notValidAfter: min(requestedEnd, authority.certificate.notValidAfter),
                issuer: authority.certificate.subject,
                subject: subject,
                extensions: extensions,
                issuerPrivateKey: authority.privateKey
            )
        } catch let error as OnboardError {
            throw error
        } catch {
            throw OnboardError(.storage, "signing the certificate of \(request.partnerID) failed: \(error)")
        }
    }

    /// 16 random bytes, positive and without a leading zero byte (RFC 5280 §4.1.2.2: at most 20 octets).
    static func serialNumber(_ random: any RandomSource) -> Certificate.SerialNumber {
        var bytes = random.bytes(16)
        bytes[0] = (bytes[0] & 0x6F) | 0x10
        return Certificate.SerialNumber(bytes: bytes[...])
    }
}
