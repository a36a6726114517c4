import Foundation
import OnboardCore
import X509

/// Whether a certificate made outside plan/apply (`spec.adopt.certificate`) can be kept as a partner's: signed by
/// this deployment's issuing CA, with the subject the gateway maps to the partner (`CN=<id>`) and the SAN URI its
/// OAuth client is bound to, and not expired. Anything else would be a certificate the gateway or the authorization
/// server would refuse, or one onboard could not revoke; the partner then gets a new one instead.
struct AdoptedCertificateCheck {
    let issuing: Certificate
    let clock: any Clock

    func record(_ pem: String, partnerID: String, subjectURI: String) throws(OnboardError) -> CertificateRecord {
        let certificate: Certificate
        do {
            certificate = try Certificate(pemEncoded: pem)
        } catch {
            throw OnboardError(.malformedCSR, "it is not a PEM certificate: \(error)")
        }
        guard certificate.issuer == issuing.subject,
            issuing.publicKey.isValidSignature(certificate.signature, for: certificate)
        else {
            throw OnboardError(
                .notOwned,
                "it was issued by \(certificate.issuer), not by this deployment's partner CA (\(issuing.subject)); onboard "
                    + "keeps only certificates its CA can revoke — remove spec.adopt.certificate and the partner gets a new one"
            )
        }
        let expected = CertificateIssueRequest.subjectDN(partnerID: partnerID)
        guard certificate.subject.description == expected else {
            throw OnboardError(
                .notOwned,
                "its subject is \(certificate.subject), but the gateway knows partner \(partnerID) as \(expected)")
        }
        let names = (try? certificate.extensions.subjectAlternativeNames).flatMap { $0 } ?? SubjectAlternativeNames([])
        guard names.contains(.uniformResourceIdentifier(subjectURI)) else {
            throw OnboardError(
                .notOwned, "it lacks the SAN URI \(subjectURI) that binds the partner's OAuth client to it")
        }
        guard certificate.notValidAfter > clock.now() else {
            throw OnboardError(.notOwned, "it expired on \(certificate.notValidAfter)")
        }
        do {
            let der = try CertificateFacts.der(certificate)
            return CertificateFacts.record(certificate, der: der, partnerID: partnerID, keyGenerated: false)
        } catch {
            throw OnboardError(.storage, "encoding the certificate of \(partnerID) failed: \(error)")
        }
    }
}
