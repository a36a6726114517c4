import Crypto
import OnboardCore
import SwiftASN1
import X509
import _CryptoExtras

/// Derived facts about a certificate, in the forms the inventory and `openssl` show.
enum CertificateFacts {
    static func der(_ certificate: Certificate) throws -> [UInt8] {
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    /// The inventory record of a partner certificate (`der`: its encoding, for the fingerprint).
    static func record(
        _ certificate: Certificate, der: [UInt8], partnerID: String, keyGenerated: Bool, requestDigest: String? = nil
    ) -> CertificateRecord {
        CertificateRecord(
            serial: serial(certificate.serialNumber), partnerID: partnerID, subject: certificate.subject.description,
            notBefore: certificate.notValidBefore, notAfter: certificate.notValidAfter, fingerprint: fingerprint(der),
            keyGenerated: keyGenerated, requestDigest: requestDigest
        )
    }

    /// `AB:CD:…`, as `openssl x509 -fingerprint -sha256` prints it.
    static func fingerprint(_ der: [UInt8]) -> String {
        SHA256.hash(data: der).map { hex($0) }.joined(separator: ":")
    }

    /// Upper-case hex without separators, as `openssl x509 -serial` prints it.
    static func serial(_ serial: Certificate.SerialNumber) -> String {
        serial.bytes.map { hex($0) }.joined()
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }

    static func keyAlgorithm(_ key: Certificate.PublicKey) -> String {
        if P256.Signing.PublicKey(key) != nil { return "ECDSA P-256" }
        if P384.Signing.PublicKey(key) != nil { return "ECDSA P-384" }
        if P521.Signing.PublicKey(key) != nil { return "ECDSA P-521" }
        if let rsa = _RSA.Signing.PublicKey(key) { return "RSA \(rsa.keySizeInBits)" }
        return "unsupported"
    }
}
