/// The public URLs of the hospital's platform, handed to partners in their kit.
public struct PlatformURLs: Sendable, Hashable {
    public let fhirBaseURL: Located<String>
    public let tokenURL: Located<String>
    public let gatewayURL: Located<String>
    /// How the gateway checks access tokens; nil leaves it without keys, so it refuses every token.
    public let tokens: TokenCheckSettings?
    /// A PEM file (relative to the repository) of the CA certificates that issued the TLS certificates of the gateway
    /// and the token endpoint, which every kit carries as `server-ca.pem`; nil when they come from a public CA.
    public let serverCaBundle: Located<String>?

    public init(
        fhirBaseURL: Located<String>, tokenURL: Located<String>, gatewayURL: Located<String>,
        tokens: TokenCheckSettings? = nil,
        serverCaBundle: Located<String>? = nil
    ) {
        self.tokens = tokens
        self.serverCaBundle = serverCaBundle
        self.fhirBaseURL = fhirBaseURL
        self.tokenURL = tokenURL
        self.gatewayURL = gatewayURL
    }
}
