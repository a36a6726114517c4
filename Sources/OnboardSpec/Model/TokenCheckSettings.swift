/// What the partner gateway needs to check every access token itself (`spec.platform.tokens`): the authorization
/// server's issuer and published signing keys, the clock skew it tolerates, and — for `tls_client_auth` partners —
/// where it forwards their token requests with the verified certificate (RFC 8705 behind a TLS-terminating gateway).
public struct TokenCheckSettings: Sendable, Hashable {
    /// The `iss` every token must carry.
    public let issuer: String
    /// The authorization server's JWKS, read at plan and apply so a key rotation shows as a gateway change.
    public let jwksURL: String
    /// How far `exp` and `nbf` may be off the gateway's clock, in seconds.
    public let clockSkewSeconds: Int
    /// The OAuth server's certificate-authenticated token endpoint; the gateway serves it at `/oauth2/token` on its own
    /// mTLS listener. nil when the OAuth server terminates mTLS itself (partners then use `platform.tokenUrl`).
    public let mtlsTokenUpstream: String?
    /// The header the gateway sends the verified client certificate in (overwriting whatever the partner sent).
    public let certificateHeader: String

    public static let defaultClockSkew = 60
    public static let defaultCertificateHeader = "X-Client-Certificate"
    /// Where the gateway serves the mTLS token endpoint.
    public static let mtlsTokenPath = "/oauth2/token"

    public init(
        issuer: String, jwksURL: String, clockSkewSeconds: Int = defaultClockSkew, mtlsTokenUpstream: String? = nil,
        certificateHeader: String = defaultCertificateHeader
    ) {
        self.issuer = issuer
        self.jwksURL = jwksURL
        self.clockSkewSeconds = clockSkewSeconds
        self.mtlsTokenUpstream = mtlsTokenUpstream
        self.certificateHeader = certificateHeader
    }
}
