import Foundation
import NIOSSL
import OnboardCore
import X509

/// Packs a generated key with its certificate chain into a PKCS#12 file under a generated passphrase, for partners
/// that gave no CSR.
enum PKCS12Packager {
    static func package(
        key: Certificate.PrivateKey, certificate: Certificate, chain: [Certificate], random: any RandomSource
    ) throws(OnboardError) -> GeneratedKey {
        let passphrase = Data(random.bytes(24)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
        do {
            let certificates = try ([certificate] + chain).map {
                try NIOSSLCertificate(bytes: CertificateFacts.der($0), format: .der)
            }
            let privateKey = try NIOSSLPrivateKey(bytes: Array(key.serializeAsPEM().pemString.utf8), format: .pem)
            let bundle = NIOSSLPKCS12Bundle(certificateChain: certificates, privateKey: privateKey)
            return GeneratedKey(
                pkcs12: try bundle.serialize(passphrase: Array(passphrase.utf8)), passphrase: passphrase)
        } catch {
            throw OnboardError(.storage, "packing the generated key as PKCS#12 failed: \(error)")
        }
    }
}
