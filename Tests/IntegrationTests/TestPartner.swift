import Crypto
import Foundation
import OnboardTestSupport

/// A partner played by the test: its P-384 key made here (never shown to onboard), its CSR made by the openssl CLI,
/// its public JWKS, SMART Backend Services client assertions (ES384) and calls through the gateway with its
/// certificate.
struct TestPartner {
    let id: String
    let key = P384.Signing.PrivateKey()
    let directory: URL

    init(id: String, directory: URL) throws {
        self.id = id
        self.directory = directory
        try key.pemRepresentation.write(to: keyFile, atomically: true, encoding: .utf8)
        let csr = try ExternalTool.run(
            "openssl",
            ["req", "-new", "-key", keyFile.path, "-subj", "/CN=\(id)/O=Test partner \(id)", "-out", "\(id).csr.pem"],
            in: directory
        )
        guard csr.status == 0 else { throw LivePlatformError("openssl req failed: \(csr.output)") }
    }

    var keyFile: URL { directory.appendingPathComponent("\(id).key.pem") }

    var jwks: String {
        let point = key.publicKey.x963Representation.dropFirst()
        let x = Self.base64URL(point.prefix(48)), y = Self.base64URL(point.suffix(48))
        return
            "{\"keys\": [{\"kty\": \"EC\", \"crv\": \"P-384\", \"use\": \"sig\", \"alg\": \"ES384\", \"kid\": \"\(id)-1\", \"x\": \"\(x)\", \"y\": \"\(y)\"}]}\n"
    }

    /// A client assertion: iss = sub = client id, aud = token URL, whole-second iat/exp 4 minutes apart, fresh jti.
    func assertion(clientID: String, tokenURL: String) throws -> String {
        let now = Int(Date().timeIntervalSince1970)
        let header = ["alg": "ES384", "typ": "JWT", "kid": "\(id)-1"]
        let claims: [String: Any] = [
            "iss": clientID, "sub": clientID, "aud": tokenURL, "iat": now, "exp": now + 240, "jti": UUID().uuidString,
        ]
        let input =
            Self.base64URL(try JSONSerialization.data(withJSONObject: header))
            + "." + Self.base64URL(try JSONSerialization.data(withJSONObject: claims))
        let signature = try key.signature(for: Data(input.utf8))
        return input + "." + Self.base64URL(signature.rawRepresentation)
    }

    /// Asks the OAuth server for an access token with a client assertion (client_credentials).
    func token(_ platform: LivePlatform, clientID: String, scope: String) throws -> LivePlatform.Response {
        try platform.curl([
            "-X", "POST", "--data-urlencode", "grant_type=client_credentials", "--data-urlencode", "scope=\(scope)",
            "--data-urlencode", "client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "--data-urlencode",
            "client_assertion=\(try assertion(clientID: clientID, tokenURL: platform["TOKEN_URL"]))",
            platform["TOKEN_URL"],
        ])
    }

    /// GET through the gateway with the partner's certificate (from its kit) and access token.
    func call(_ platform: LivePlatform, _ path: String, certificate: URL, token: String) throws -> LivePlatform.Response
    {
        try platform.curl([
            "--cert", certificate.path, "--key", keyFile.path, "-H", "Authorization: Bearer \(token)",
            "\(platform["GATEWAY_URL"])\(path)",
        ])
    }

    static func base64URL<D: DataProtocol>(_ data: D) -> String {
        Data(data).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(
            of: "/", with: "_"
        )
        .replacingOccurrences(of: "=", with: "")
    }
}
