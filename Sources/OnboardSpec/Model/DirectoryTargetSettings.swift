/// The live FHIR directory: how onboard authenticates to the server at `platform.fhirBaseUrl` and how hard it tries.
public struct DirectoryTargetSettings: Sendable, Hashable {
    /// The environment variable holding the bearer token (never the token itself).
    public let tokenEnv: String?
    public let connection: ConnectionSettings

    public init(tokenEnv: String?, connection: ConnectionSettings = ConnectionSettings()) {
        self.tokenEnv = tokenEnv
        self.connection = connection
    }
}
