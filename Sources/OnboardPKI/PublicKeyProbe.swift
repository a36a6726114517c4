import SwiftASN1

/// Reads the key algorithm of a CSR without building a key object. swift-crypto refuses to load RSA keys under 2048
/// bits at all, so without this a weak RSA key would be reported as "malformed" instead of "too weak".
enum PublicKeyProbe {
    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 1, 1]

    /// The modulus size in bits when the CSR holds an RSA key, nil otherwise or when the CSR does not parse.
    static func rsaModulusBits(csrDER: [UInt8]) -> Int? {
        do {
            let request = try DER.parse(csrDER)
            guard case .constructed(let parts) = request.content, let info = parts.first(where: { _ in true }),
                case .constructed(let infoParts) = info.content
            else { return nil }
            let fields = Array(infoParts)
            guard fields.count >= 3, case .constructed(let spki) = fields[2].content else { return nil }
            let spkiParts = Array(spki)
            guard spkiParts.count == 2, case .constructed(let algorithm) = spkiParts[0].content,
                let oidNode = algorithm.first(where: { _ in true }),
                try ASN1ObjectIdentifier(derEncoded: oidNode) == rsaEncryption
            else { return nil }
            let bits = try ASN1BitString(derEncoded: spkiParts[1])
            let key = try DER.parse(Array(bits.bytes))
            guard case .constructed(let numbers) = key.content, let modulus = numbers.first(where: { _ in true }),
                case .primitive(let bytes) = modulus.content
            else { return nil }
            let significant = bytes.drop { $0 == 0 }
            guard let top = significant.first else { return 0 }
            return (significant.count - 1) * 8 + (8 - top.leadingZeroBitCount)
        } catch {
            return nil
        }
    }
}
