import Foundation
import OnboardCore
import OnboardPKI
import OnboardTestSupport
import Testing

/// The authorization server's JWKs become the SubjectPublicKeyInfo the gateway's njs imports: checked against the
/// DER the openssl CLI writes for the same key, and refused when they are not usable signing keys.
@Suite struct JWKPublicKeyTests {
    let directory: URL

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("jwk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func openssl(_ script: String) throws -> String {
        let run = try ExternalTool.run("bash", ["-c", script], in: directory)
        guard run.status == 0 else { throw TestBedError(description: "openssl: \(run.output)") }
        return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func base64URL(hex: String) -> String {
        var bytes = Data()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            bytes.append(UInt8(hex[index..<next], radix: 16)!)
            index = next
        }
        return bytes.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_"
        )
        .replacingOccurrences(of: "=", with: "")
    }

    @Test func rsaKeyBecomesOpensslsSubjectPublicKeyInfo() throws {
        let modulus = try openssl(
            "openssl genrsa -out k.pem 2048 2>/dev/null && openssl rsa -in k.pem -noout -modulus | cut -d= -f2")
        let expected = try openssl("openssl rsa -in k.pem -pubout -outform DER 2>/dev/null | openssl base64 -A")
        let jwk: JSONValue = [
            "kty": "RSA", "kid": "r1", "alg": "RS256", "n": .string(Self.base64URL(hex: modulus)), "e": "AQAB",
        ]
        let key = try #require(try JWKPublicKey.signingKey(jwk))
        #expect(key == GatewaySigningKey(keyID: "r1", algorithm: "RS256", spki: expected))
    }

    @Test(arguments: [("prime256v1", "P-256", "ES256", 32), ("secp384r1", "P-384", "ES384", 48)])
    func ecKeyBecomesOpensslsSubjectPublicKeyInfo(_ curve: (String, String, String, Int)) throws {
        let expected = try openssl(
            "openssl ecparam -name \(curve.0) -genkey -noout -out k.pem && openssl ec -in k.pem -pubout -outform DER 2>/dev/null | openssl base64 -A"
        )
        let point = try #require(Data(base64Encoded: expected)).suffix(2 * curve.3)
        func b64(_ data: Data) -> String { Self.base64URL(hex: data.map { String(format: "%02x", $0) }.joined()) }
        let jwk: JSONValue = [
            "kty": "EC", "crv": .string(curve.1), "kid": "e1", "x": .string(b64(Data(point.prefix(curve.3)))),
            "y": .string(b64(Data(point.suffix(curve.3)))),
        ]
        #expect(try JWKPublicKey.signingKey(jwk) == GatewaySigningKey(keyID: "e1", algorithm: curve.2, spki: expected))
    }

    @Test func keysTheGatewayCannotUseAreSkippedOrRefused() throws {
        #expect(try JWKPublicKey.signingKey(["kty": "oct", "k": "c2VjcmV0", "alg": "HS256"]) == nil, "a shared secret")
        #expect(
            try JWKPublicKey.signingKey(["kty": "RSA", "use": "enc", "n": "AQAB", "e": "AQAB"]) == nil,
            "an encryption key")
        #expect(try JWKPublicKey.signingKey(["kty": "OKP", "crv": "Ed25519", "x": "AAAA"]) == nil)
        let short = try openssl(
            "openssl genrsa -out s.pem 1024 2>/dev/null && openssl rsa -in s.pem -noout -modulus | cut -d= -f2")
        #expect(throws: OnboardError.self, "an RSA key under 2,048 bits") {
            try JWKPublicKey.signingKey(["kty": "RSA", "n": .string(Self.base64URL(hex: short)), "e": "AQAB"])
        }
        let offCurve = Self.base64URL(hex: String(repeating: "01", count: 32))
        #expect(throws: OnboardError.self, "a point not on the curve") {
            try JWKPublicKey.signingKey(["kty": "EC", "crv": "P-256", "x": .string(offCurve), "y": .string(offCurve)])
        }
        #expect(throws: OnboardError.self, "no modulus") { try JWKPublicKey.signingKey(["kty": "RSA", "e": "AQAB"]) }
    }
}
