/// The public URLs of the hospital's platform, handed to partners in their kit.
public struct PlatformURLs: Sendable, Hashable {
    public let fhirBaseURL: Located<String>
    public let tokenURL: Located<String>
    public let gatewayURL: Located<String>
    /// How the gateway checks access tokens; nil leaves it without keys, so it refuses every token.
    public let tokens: TokenCheckSettings?

    public init(
        fhirBaseURL: Located<String>, tokenURL: Located<String>, gatewayURL: Located<String>, tokens: TokenCheckSettings? = nil
    ) {
        self.tokens = tokens
        self.fhirBaseURL = fhirBaseURL
        self.tokenURL = tokenURL
        self.gatewayURL = gatewayURL
    }
}
