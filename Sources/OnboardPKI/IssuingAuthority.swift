import OnboardCore
import X509

/// The issuing CA in memory: its certificate, its decrypted key and the root above it. Everything that signs
/// (certificates, CRLs) goes through one of these.
struct IssuingAuthority: Sendable {
    let certificate: Certificate
    let privateKey: Certificate.PrivateKey
    let root: Certificate

    /// The issuing CA's key identifier, copied into the AKI of everything it signs.
    var keyIdentifier: [UInt8] {
        get throws {
            guard let ski = try certificate.extensions.subjectKeyIdentifier else {
                throw OnboardError(.corruptStore, "the issuing CA certificate has no subject key identifier")
            }
            return Array(ski.keyIdentifier)
        }
    }
}
