/// What onboard installs on the gateway: the nginx configuration and the njs script it imports for token checks.
/// Installed and rolled back together, since the configuration calls into the script.
public struct GatewayFiles: Sendable, Hashable {
    public let configuration: String
    public let script: String

    public init(configuration: String, script: String) {
        self.configuration = configuration
        self.script = script
    }
}
