import Crypto
import Foundation
import OnboardCore
import SwiftASN1
import _CryptoExtras

/// CA private keys at rest: PKCS#8 `EncryptedPrivateKeyInfo` with PBES2 (PBKDF2-HMAC-SHA256, AES-256-CBC), PEM label
/// `ENCRYPTED PRIVATE KEY` — the standard form, so `openssl pkey -passin env:…` can read it too.
enum EncryptedPrivateKey {
    static let pbes2: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 5, 13]
    static let pbkdf2: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 5, 12]
    static let hmacWithSHA256: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 2, 9]
    static let aes256CBC: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 1, 42]
    /// The minimum swift-crypto accepts for PBKDF2 (OWASP guidance); stored in the file, so it can be raised later.
    static let rounds = 210_000

    /// Encrypts a PKCS#8 `PrivateKeyInfo` (DER) under `passphrase`.
    static func seal(pkcs8 der: [UInt8], passphrase: String, random: any RandomSource) throws -> String {
        let salt = random.bytes(16)
        let iv = try AES._CBC.IV(ivBytes: random.bytes(16))
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(passphrase.utf8), salt: salt, using: .sha256, outputByteCount: 32, rounds: rounds
        )
        let ciphertext = try AES._CBC.encrypt(der, using: key, iv: iv)
        var serializer = DER.Serializer()
        try serializer.appendConstructedNode(identifier: .sequence) { info in
            try info.appendConstructedNode(identifier: .sequence) { algorithm in
                try algorithm.serialize(pbes2)
                try algorithm.appendConstructedNode(identifier: .sequence) { parameters in
                    try parameters.appendConstructedNode(identifier: .sequence) { kdf in
                        try kdf.serialize(pbkdf2)
                        try kdf.appendConstructedNode(identifier: .sequence) { kdfParameters in
                            try kdfParameters.serialize(ASN1OctetString(contentBytes: salt[...]))
                            try kdfParameters.serialize(rounds)
                            try kdfParameters.serialize(32)
                            try kdfParameters.appendConstructedNode(identifier: .sequence) { prf in
                                try prf.serialize(hmacWithSHA256)
                                try prf.serialize(ASN1Null())
                            }
                        }
                    }
                    try parameters.appendConstructedNode(identifier: .sequence) { cipher in
                        try cipher.serialize(aes256CBC)
                        try cipher.serialize(ASN1OctetString(contentBytes: Array(iv)[...]))
                    }
                }
            }
            try info.serialize(ASN1OctetString(contentBytes: [UInt8](ciphertext)[...]))
        }
        return PEM.encode(serializer.serializedBytes, label: "ENCRYPTED PRIVATE KEY")
    }

    /// Decrypts to the PKCS#8 DER; a wrong passphrase shows as a padding or key-structure failure, reported as one.
    static func open(pem: String, passphrase: String, file: String) throws(OnboardError) -> [UInt8] {
        let der: [UInt8]
        do {
            der = try PEM.decode(pem, label: "ENCRYPTED PRIVATE KEY")
        } catch {
            throw OnboardError(.corruptStore, "\(file) is not an encrypted PKCS#8 private key")
        }
        let parsed: (salt: [UInt8], rounds: Int, keyLength: Int, iv: [UInt8], ciphertext: [UInt8])
        do {
            parsed = try parse(der)
        } catch {
            throw OnboardError(.corruptStore, "\(file): unsupported or damaged key encryption (\(error))")
        }
        do {
            let key = try KDF.Insecure.PBKDF2.deriveKey(
                from: Array(passphrase.utf8), salt: parsed.salt, using: .sha256,
                outputByteCount: parsed.keyLength, rounds: parsed.rounds
            )
            let plaintext = try AES._CBC.decrypt(parsed.ciphertext, using: key, iv: AES._CBC.IV(ivBytes: parsed.iv))
            let bytes = [UInt8](plaintext)
            _ = try DER.parse(bytes)
            return bytes
        } catch {
            throw OnboardError(.wrongPassphrase, "the CA passphrase does not decrypt \(file)")
        }
    }

    private static func parse(_ der: [UInt8]) throws -> ([UInt8], Int, Int, [UInt8], [UInt8]) {
        let root = try DER.parse(der)
        return try DER.sequence(root, identifier: .sequence) { nodes in
            guard let algorithmNode = nodes.next(), let dataNode = nodes.next() else {
                throw ASN1Error.invalidASN1Object(reason: "EncryptedPrivateKeyInfo")
            }
            let ciphertext = try ASN1OctetString(derEncoded: dataNode).bytes
            let (salt, rounds, keyLength, iv) = try DER.sequence(algorithmNode, identifier: .sequence) { algorithm in
                guard try ASN1ObjectIdentifier(derEncoded: &algorithm) == pbes2, let parameters = algorithm.next()
                else {
                    throw ASN1Error.invalidASN1Object(reason: "not PBES2")
                }
                return try DER.sequence(parameters, identifier: .sequence) { parts in
                    guard let kdfNode = parts.next(), let cipherNode = parts.next() else {
                        throw ASN1Error.invalidASN1Object(reason: "PBES2 parameters")
                    }
                    let (salt, rounds, keyLength) = try DER.sequence(kdfNode, identifier: .sequence) { kdf in
                        guard try ASN1ObjectIdentifier(derEncoded: &kdf) == pbkdf2, let kdfParameters = kdf.next()
                        else {
                            throw ASN1Error.invalidASN1Object(reason: "not PBKDF2")
                        }
                        return try DER.sequence(kdfParameters, identifier: .sequence) { values in
                            let salt = try ASN1OctetString(derEncoded: &values).bytes
                            let rounds = try Int(derEncoded: &values)
                            let keyLength = try Int(derEncoded: &values)
                            while values.next() != nil {}
                            return ([UInt8](salt), rounds, keyLength)
                        }
                    }
                    let iv = try DER.sequence(cipherNode, identifier: .sequence) { cipher in
                        guard try ASN1ObjectIdentifier(derEncoded: &cipher) == aes256CBC else {
                            throw ASN1Error.invalidASN1Object(reason: "not AES-256-CBC")
                        }
                        return try ASN1OctetString(derEncoded: &cipher).bytes
                    }
                    return (salt, rounds, keyLength, [UInt8](iv))
                }
            }
            return (salt, rounds, keyLength, iv, [UInt8](ciphertext))
        }
    }
}
