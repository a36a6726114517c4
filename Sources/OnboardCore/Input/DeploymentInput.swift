/// The deployment as the engine sees it: the name that scopes everything onboard owns, the hospital, the platform's
/// public URLs (token endpoints, FHIR through the gateway) and where the CRL is published. Plain values, built once at the boundary (`EngineInput`).
public struct DeploymentInput: Sendable, Hashable {
    public let name: String
    public let hospitalName: String
    /// The hospital's first business identifier, the other side of every affiliation.
    public let hospitalIdentifier: PartnerInput.Identifier?
    public let fhirBaseURL: String
    public let tokenURL: String
    public let gatewayURL: String
    public let crlURL: String?
    /// The certificate-authenticated token endpoint `tls_client_auth` partners use: the gateway's when it forwards
    /// token requests with the verified certificate, nil when the OAuth server's own `tokenURL` terminates mTLS.
    public let mtlsTokenURL: String?
    /// The CA certificates (PEM) that issued the TLS certificates of the gateway and the token endpoint, which every
    /// kit carries as `server-ca.pem` (`platform.serverCaBundle`); nil when they come from a public CA.
    public var serverTrustAnchor: String?
    /// The hospital's own services (`spec.services`), which partners refer to.
    public let services: [ServiceInput]

    public init(
        name: String, hospitalName: String, hospitalIdentifier: PartnerInput.Identifier? = nil, fhirBaseURL: String,
        tokenURL: String, gatewayURL: String, crlURL: String? = nil, mtlsTokenURL: String? = nil,
        services: [ServiceInput] = []
    ) {
        self.services = services
        self.mtlsTokenURL = mtlsTokenURL
        self.name = name
        self.hospitalName = hospitalName
        self.hospitalIdentifier = hospitalIdentifier
        self.fhirBaseURL = fhirBaseURL
        self.tokenURL = tokenURL
        self.gatewayURL = gatewayURL
        self.crlURL = crlURL
    }
}
