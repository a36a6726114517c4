/// What the partner's OAuth client may do and how it proves who it is.
public struct PartnerAccess: Sendable, Hashable, Codable {
    /// Normalised to SMART v2; each keeps the location it was written at.
    public let scopes: [Located<SmartScope>]
    public let auth: Located<AuthMethod>
    /// A JWKS file beside the partner file (public keys only), for `private_key_jwt`.
    public let jwks: Located<String>?
    /// Or the partner's published JWKS URL, for `private_key_jwt`.
    public let jwksURI: Located<String>?

    public init(
        scopes: [Located<SmartScope>], auth: Located<AuthMethod>, jwks: Located<String>?, jwksURI: Located<String>?
    ) {
        self.scopes = scopes
        self.auth = auth
        self.jwks = jwks
        self.jwksURI = jwksURI
    }
}
