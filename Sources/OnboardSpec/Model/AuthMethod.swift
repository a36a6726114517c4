/// How the partner's OAuth client authenticates: SMART Backend Services signed assertions, or RFC 8705 mTLS.
public enum AuthMethod: String, Sendable, Hashable, Codable, CaseIterable {
    case privateKeyJWT = "private_key_jwt"
    case tlsClientAuth = "tls_client_auth"
}
