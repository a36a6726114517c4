import Crypto
import OnboardCore
import X509

/// Issues partner certificates with the issuing key already decrypted: checks the CSR (or generates a key), signs,
/// and returns PEM plus the inventory record. Persisting the record is the caller's job.
public struct PartnerCertificateIssuer: Sendable {
    let signer: CertificateIssuer
    let chainPEM: String

    public func issue(_ request: CertificateIssueRequest) throws(OnboardError) -> IssuedCertificate {
        var generated: Certificate.PrivateKey?
        let publicKey: Certificate.PublicKey
        if let csr = request.csrPEM {
            publicKey = try CSRPolicy.check(csr, partnerID: request.partnerID)
        } else {
            let key = Certificate.PrivateKey(P256.Signing.PrivateKey())
            generated = key
            publicKey = key.publicKey
        }
        let certificate = try signer.sign(request, publicKey: publicKey)
        do {
            let der = try CertificateFacts.der(certificate)
            let record = CertificateFacts.record(
                certificate, der: der, partnerID: request.partnerID, keyGenerated: generated != nil,
                requestDigest: request.requestDigest
            )
            let key = try generated.map { key throws(OnboardError) in
                try PKCS12Packager.package(
                    key: key, certificate: certificate,
                    chain: [signer.authority.certificate, signer.authority.root], random: signer.random
                )
            }
            return IssuedCertificate(
                record: record, certificatePEM: PEM.encode(der, label: "CERTIFICATE"), chainPEM: chainPEM,
                generatedKey: key
            )
        } catch let error as OnboardError {
            throw error
        } catch {
            throw OnboardError(.storage, "encoding the certificate of \(request.partnerID) failed: \(error)")
        }
    }
}
