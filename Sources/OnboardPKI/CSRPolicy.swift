import Crypto
import OnboardCore
import SwiftASN1
import X509
import _CryptoExtras

/// What a partner CSR must satisfy before the CA signs it: a valid self-signature (proof the partner holds the key),
/// an accepted key type, and a subject that does not claim to be someone else.
enum CSRPolicy {
    /// Parses and checks the CSR, returning its public key.
    static func check(_ pem: String, partnerID: String) throws(OnboardError) -> Certificate.PublicKey {
        let csr: CertificateSigningRequest
        do {
            csr = try CertificateSigningRequest(pemEncoded: pem)
        } catch {
            if let der = try? PEM.decode(pem, label: "CERTIFICATE REQUEST"),
                let bits = PublicKeyProbe.rsaModulusBits(csrDER: der), bits < 2048
            {
                throw OnboardError(
                    .weakKey, "the CSR of \(partnerID) has an RSA-\(bits) key; at least 2048 bits are required")
            }
            throw OnboardError(
                .malformedCSR, "the CSR of \(partnerID) is not a PEM PKCS#10 certificate request: \(error)")
        }
        guard csr.publicKey.isValidSignature(csr.signature, for: csr) else {
            throw OnboardError(
                .badCSRSignature,
                "the CSR of \(partnerID) has a bad signature: it was altered or not signed by the key it contains"
            )
        }
        try checkKey(csr.publicKey, partnerID: partnerID)
        for name in commonNames(csr.subject) where name != partnerID {
            throw OnboardError(
                .subjectMismatch,
                "the CSR of \(partnerID) claims CN=\(name): a partner's CSR must name itself (CN=\(partnerID)) or leave CN out"
            )
        }
        for uri in try requestedURIs(csr) where uri.hasPrefix("urn:onboard:partner:") && !uri.hasSuffix(":\(partnerID)")
        {
            throw OnboardError(
                .subjectMismatch, "the CSR of \(partnerID) asks for SAN \(uri), which names another partner")
        }
        return csr.publicKey
    }

    /// ECDSA P-256 or P-384, or RSA of at least 2048 bits.
    static func checkKey(_ key: Certificate.PublicKey, partnerID: String) throws(OnboardError) {
        if P256.Signing.PublicKey(key) != nil || P384.Signing.PublicKey(key) != nil { return }
        if let rsa = _RSA.Signing.PublicKey(key) {
            guard rsa.keySizeInBits >= 2048 else {
                throw OnboardError(
                    .weakKey,
                    "the CSR of \(partnerID) has an RSA-\(rsa.keySizeInBits) key; at least 2048 bits are required")
            }
            return
        }
        throw OnboardError(
            .weakKey,
            "the CSR of \(partnerID) has a \(CertificateFacts.keyAlgorithm(key)) key; use ECDSA P-256, P-384 or RSA ≥ 2048"
        )
    }

    static func commonNames(_ name: DistinguishedName) -> [String] {
        name.flatMap { $0 }.filter { $0.type == .RDNAttributeType.commonName }.map { String(describing: $0.value) }
    }

    private static func requestedURIs(_ csr: CertificateSigningRequest) throws(OnboardError) -> [String] {
        do {
            guard let request = try csr.attributes.extensionRequest,
                let names = try request.extensions.subjectAlternativeNames
            else { return [] }
            return names.compactMap {
                if case .uniformResourceIdentifier(let uri) = $0 { return uri }
                return nil
            }
        } catch {
            throw OnboardError(.malformedCSR, "the CSR of \(csr.subject) has a malformed extension request: \(error)")
        }
    }
}
