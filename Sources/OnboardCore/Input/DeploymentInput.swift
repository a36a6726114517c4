/// The deployment as the engine sees it: the name that scopes everything onboard owns, the hospital, the platform's
/// public URLs and where the CRL is published. Plain values, built once at the boundary (`EngineInput`).
public struct DeploymentInput: Sendable, Hashable {
    public let name: String
    public let hospitalName: String
    /// The hospital's first business identifier, the other side of every affiliation.
    public let hospitalIdentifier: PartnerInput.Identifier?
    public let fhirBaseURL: String
    public let tokenURL: String
    public let gatewayURL: String
    public let crlURL: String?

    public init(
        name: String, hospitalName: String, hospitalIdentifier: PartnerInput.Identifier? = nil, fhirBaseURL: String,
        tokenURL: String, gatewayURL: String, crlURL: String? = nil
    ) {
        self.name = name
        self.hospitalName = hospitalName
        self.hospitalIdentifier = hospitalIdentifier
        self.fhirBaseURL = fhirBaseURL
        self.tokenURL = tokenURL
        self.gatewayURL = gatewayURL
        self.crlURL = crlURL
    }
}
