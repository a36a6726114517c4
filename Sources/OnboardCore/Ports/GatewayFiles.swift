/// What onboard installs on the gateway: the nginx configuration, the njs script it imports for token checks, and the
/// trust files it names (the partner CA chain and the current CRL). Installed and rolled back together, since the
/// configuration calls into the script and refers to the trust files.
public struct GatewayFiles: Sendable, Hashable {
    public let configuration: String
    public let script: String
    /// The partner CA chain (PEM) nginx verifies client certificates against.
    public let caChain: String
    /// The CRL in force (PEM); nil only before the CA signed its first.
    public let crl: String?

    public init(configuration: String, script: String, caChain: String = "", crl: String? = nil) {
        self.configuration = configuration
        self.script = script
        self.caChain = caChain
        self.crl = crl
    }
}
