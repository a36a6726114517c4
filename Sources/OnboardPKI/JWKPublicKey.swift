import Crypto
import Foundation
import OnboardCore
import _CryptoExtras

/// Turns an authorization server's published JWK into the key the gateway verifies tokens with: nginx's njs cannot
/// import JWKs, so the key becomes DER SubjectPublicKeyInfo. Parsing through swift-crypto checks that the key is a
/// real point or modulus (an RSA key under 2,048 bits is refused), not merely well-formed text.
public enum JWKPublicKey {
    /// The gateway key for one JWK; nil for keys not meant for signatures (`use: enc`) or of kinds the gateway does
    /// not verify (symmetric `oct`, `OKP`). Fails for a key of a supported kind that does not parse.
    public static func signingKey(_ jwk: JSONValue) throws -> GatewaySigningKey? {
        guard jwk["use"]?.stringValue != "enc" else { return nil }
        let kid = jwk["kid"]?.stringValue
        let spki: Data
        let algorithm: String
        switch jwk["kty"]?.stringValue {
        case "RSA":
            let n = try bytes(jwk, "n"), e = try bytes(jwk, "e")
            algorithm = jwk["alg"]?.stringValue ?? "RS256"
            guard algorithm.hasPrefix("RS") || algorithm.hasPrefix("PS") else { return nil }
            do {
                spki = try _RSA.Signing.PublicKey(n: n, e: e).derRepresentation
            } catch {
                throw OnboardError(
                    .protocolViolation,
                    "the RSA key \(kid ?? "without kid") in the authorization server's JWKS does not parse: \(error)")
            }
        case "EC":
            let x = try bytes(jwk, "x"), y = try bytes(jwk, "y")
            let point = Data([4]) + x + y
            do {
                switch jwk["crv"]?.stringValue {
                case "P-256":
                    (spki, algorithm) = (
                        try P256.Signing.PublicKey(x963Representation: point).derRepresentation, "ES256"
                    )
                case "P-384":
                    (spki, algorithm) = (
                        try P384.Signing.PublicKey(x963Representation: point).derRepresentation, "ES384"
                    )
                case "P-521":
                    (spki, algorithm) = (
                        try P521.Signing.PublicKey(x963Representation: point).derRepresentation, "ES512"
                    )
                default: return nil
                }
            } catch {
                throw OnboardError(
                    .protocolViolation,
                    "the EC key \(kid ?? "without kid") in the authorization server's JWKS is not a point on its curve")
            }
            if let declared = jwk["alg"]?.stringValue, declared != algorithm { return nil }
        default:
            return nil
        }
        guard GatewaySigningKey.algorithms.contains(algorithm) else { return nil }
        return GatewaySigningKey(keyID: kid, algorithm: algorithm, spki: spki.base64EncodedString())
    }

    private static func bytes(_ jwk: JSONValue, _ member: String) throws -> Data {
        guard let text = jwk[member]?.stringValue, let data = Data(base64URL: text), !data.isEmpty else {
            throw OnboardError(
                .protocolViolation, "a key in the authorization server's JWKS has no valid \"\(member)\" (base64url)")
        }
        return data
    }
}

extension Data {
    fileprivate init?(base64URL text: String) {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        self.init(base64Encoded: base64)
    }
}
