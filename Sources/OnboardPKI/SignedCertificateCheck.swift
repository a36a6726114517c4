import Foundation
import OnboardCore
import X509

/// What a certificate an external signer returned must be before onboard records it or hands it to a partner:
/// exactly the partner client certificate it asked for — whatever the signer's role would have allowed.
enum SignedCertificateCheck {
    /// Nil when the certificate is right; otherwise what is wrong with it, as the end of a sentence.
    static func problem(
        _ certificate: Certificate, issuer: Certificate, request: CertificateIssueRequest,
        publicKey: Certificate.PublicKey, now: Date
    ) -> String? {
        guard certificate.issuer == issuer.subject,
            issuer.publicKey.isValidSignature(certificate.signature, for: certificate)
        else {
            return "is signed by \(certificate.issuer), not by the issuing CA the gateway trusts (\(issuer.subject)); "
                + "another issuer is a CA rotation (spec.ca.rotation)"
        }
        let asked = now.addingTimeInterval(Double(request.validityDays) * 86_400)
        guard certificate.notValidBefore <= now.addingTimeInterval(300),
            certificate.notValidAfter <= asked.addingTimeInterval(86_400),
            certificate.notValidAfter >= min(asked, issuer.notValidAfter).addingTimeInterval(-86_400)
        else {
            return "is valid from \(certificate.notValidBefore) to \(certificate.notValidAfter), not the "
                + "\(request.validityDays) days asked for"
        }
        guard certificate.publicKey == publicKey else { return "carries another public key than the CSR's" }
        guard certificate.subject.description == request.subjectDN else {
            return "has the subject \(certificate.subject), not \(request.subjectDN)"
        }
        let extensions = certificate.extensions
        let names = (try? extensions.subjectAlternativeNames).flatMap { $0 }.map(Array.init) ?? []
        guard names == [.uniformResourceIdentifier(request.subjectURI)] else {
            return "names \(names) instead of exactly the SAN URI \(request.subjectURI)"
        }
        guard let usages = try? extensions.extendedKeyUsage, Array(usages) == [.clientAuth] else {
            return "is not for client authentication only"
        }
        if let constraints = try? extensions.basicConstraints, constraints != .notCertificateAuthority {
            return "is a CA certificate"
        }
        return nil
    }
}
