/// The live nginx gateway: where the generated configuration goes, the files it names, and how nginx is checked and
/// reloaded.
public struct GatewayTargetSettings: Sendable, Hashable {
    public let configPath: String
    public let listen: String
    public let serverCertificate: String
    public let serverKey: String
    /// A file of the operator's included in the partner location (e.g. the gateway's own upstream credential), kept
    /// out of the generated configuration.
    public let upstreamInclude: String?
    /// A file of the operator's included in the mTLS token location, where it says how nginx verifies the OAuth
    /// server (`proxy_ssl_trusted_certificate`, `proxy_ssl_name`, …); without it nginx verifies an https token
    /// upstream against the system's CA bundle and its host name.
    public let tokenUpstreamInclude: String?
    public let testCommand: [String]
    public let reloadCommand: [String]
    /// nginx's pid file, so an apply waits until a reload is in force.
    public let pidFile: String?

    public init(
        configPath: String, listen: String, serverCertificate: String, serverKey: String, upstreamInclude: String?,
        testCommand: [String], reloadCommand: [String], pidFile: String? = nil, tokenUpstreamInclude: String? = nil
    ) {
        self.tokenUpstreamInclude = tokenUpstreamInclude
        self.pidFile = pidFile
        self.configPath = configPath
        self.listen = listen
        self.serverCertificate = serverCertificate
        self.serverKey = serverKey
        self.upstreamInclude = upstreamInclude
        self.testCommand = testCommand
        self.reloadCommand = reloadCommand
    }
}
