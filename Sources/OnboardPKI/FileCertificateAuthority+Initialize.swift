import Crypto
import Foundation
import OnboardCore
import SwiftASN1
import X509

extension FileCertificateAuthority {
    /// Lifetimes of the CA certificates; partner certificates are capped by the issuing CA's.
    static let rootLifetime: TimeInterval = 20 * 365 * 86_400
    static let issuingLifetime: TimeInterval = 10 * 365 * 86_400

    /// Creates the root and issuing CA (`onboard ca init`). Refuses to overwrite an existing CA and to run without a
    /// passphrase. Keys are written encrypted, every file owner-only. The first CRL is published separately.
    public func initialize(organization: String, deployment: String) async throws(OnboardError) -> CADescription {
        guard let passphrase, !passphrase.isEmpty else {
            throw OnboardError(
                .passphraseMissing,
                "\(passphraseVariable) is not set: it holds the passphrase that encrypts the CA's private keys"
            )
        }
        guard passphrase.utf8.count >= 12 else {
            throw OnboardError(.passphraseMissing, "\(passphraseVariable) is too short: use at least 12 characters")
        }
        guard try await !store.exists(), try await store.files.read(CAStore.rootKey) == nil else {
            throw OnboardError(.alreadyInitialized, "a CA already exists at \(location); refusing to overwrite it")
        }
        let now = clock.now()
        let rootKey = P384.Signing.PrivateKey()
        let issuingKey = P256.Signing.PrivateKey()
        do {
            let rootName = try DistinguishedName {
                OrganizationName(organization)
                OrganizationalUnitName("onboard \(deployment)")
                CommonName("\(organization) Partner Root CA")
            }
            let issuingName = try DistinguishedName {
                OrganizationName(organization)
                OrganizationalUnitName("onboard \(deployment)")
                CommonName("\(organization) Partner Issuing CA")
            }
            let rootPublic = Certificate.PublicKey(rootKey.publicKey)
            let issuingPublic = Certificate.PublicKey(issuingKey.publicKey)
            let root = try Certificate(
                version: .v3, serialNumber: CertificateIssuer.serialNumber(random), publicKey: rootPublic,
                notValidBefore: now.addingTimeInterval(-CertificateIssuer.backdate),
                notValidAfter: now.addingTimeInterval(Self.rootLifetime), issuer: rootName, subject: rootName,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 1))
                    Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                    SubjectKeyIdentifier(hash: rootPublic)
                },
                issuerPrivateKey: Certificate.PrivateKey(rootKey)
            )
            let issuing = try Certificate(
                version: .v3, serialNumber: CertificateIssuer.serialNumber(random), publicKey: issuingPublic,
                notValidBefore: now.addingTimeInterval(-CertificateIssuer.backdate),
                notValidAfter: now.addingTimeInterval(Self.issuingLifetime), issuer: rootName, subject: issuingName,
                extensions: try Certificate.Extensions {
                    Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                    Critical(KeyUsage(digitalSignature: true, keyCertSign: true, cRLSign: true))
                    SubjectKeyIdentifier(hash: issuingPublic)
                    AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: rootPublic).keyIdentifier)
                },
                issuerPrivateKey: Certificate.PrivateKey(rootKey)
            )
            let rootPEM = try root.serializeAsPEM().pemString + "\n"
            let issuingPEM = try issuing.serializeAsPEM().pemString + "\n"
            try await store.write(
                CAStore.rootKey,
                try EncryptedPrivateKey.seal(
                    pkcs8: Array(rootKey.derRepresentation), passphrase: passphrase, random: random))
            try await store.write(
                CAStore.issuingKey,
                try EncryptedPrivateKey.seal(
                    pkcs8: Array(issuingKey.derRepresentation), passphrase: passphrase, random: random))
            try await store.write(CAStore.rootCertificate, rootPEM)
            try await store.write(CAStore.issuingCertificate, issuingPEM)
            try await store.write(CAStore.chain, issuingPEM + rootPEM)
            try await store.save(CAInventory())
        } catch let error as OnboardError {
            throw error
        } catch {
            throw OnboardError(.storage, "creating the CA failed: \(error)")
        }
        return try await describe()
    }
}
