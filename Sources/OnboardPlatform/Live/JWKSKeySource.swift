import Foundation
import OnboardCore

/// The authorization server's signing keys from its published JWKS (`platform.tokens.jwksUrl`), converted by
/// `convert` (OnboardPKI's JWK → SubjectPublicKeyInfo) into what the gateway verifies with.
public struct JWKSKeySource: TokenKeySource {
    public let url: String
    public let http: RESTClient
    public let convert: @Sendable (JSONValue) throws -> GatewaySigningKey?

    public init(url: String, http: RESTClient, convert: @escaping @Sendable (JSONValue) throws -> GatewaySigningKey?) {
        self.url = url
        self.http = http
        self.convert = convert
    }

    public func signingKeys() async throws -> [GatewaySigningKey] {
        let response: HTTPResponse
        do {
            response = try await http.send(.GET, url, headers: ["Accept": "application/json"])
        } catch {
            throw OnboardError(
                error.code,
                "\(error.message), reading its signing keys (platform.tokens.jwksUrl \(url)); nothing was changed",
                underlying: error
            )
        }
        guard response.status == 200 else {
            throw OnboardError(
                .rejected,
                "the authorization server answered HTTP \(response.status) for its signing keys at \(url) "
                    + "(platform.tokens.jwksUrl); the gateway cannot check tokens without them"
            )
        }
        guard let keys = (try? JSONValue.parse(response.text))?["keys"]?.arrayValue else {
            throw OnboardError(.protocolViolation, "\(url) (platform.tokens.jwksUrl) is not a JWK set (RFC 7517 §5)")
        }
        let usable = try keys.compactMap(convert)
        guard !usable.isEmpty else {
            throw OnboardError(
                .protocolViolation,
                "\(url) (platform.tokens.jwksUrl) publishes no signing key the gateway can verify (RSA or EC, for RS*, PS* or ES*); "
                    + "a server signing its tokens with a shared secret (HS256) cannot be checked at the gateway"
            )
        }
        return usable.sorted { ($0.keyID ?? "", $0.spki) < ($1.keyID ?? "", $1.spki) }
    }
}
