/// The public URLs of the hospital's platform, handed to partners in their kit.
public struct PlatformURLs: Sendable, Hashable {
    public let fhirBaseURL: Located<String>
    public let tokenURL: Located<String>
    public let gatewayURL: Located<String>

    public init(fhirBaseURL: Located<String>, tokenURL: Located<String>, gatewayURL: Located<String>) {
        self.fhirBaseURL = fhirBaseURL
        self.tokenURL = tokenURL
        self.gatewayURL = gatewayURL
    }
}
