/// The live FHIR directory: how onboard authenticates to the server at `platform.fhirBaseUrl` and how hard it tries.
public struct DirectoryTargetSettings: Sendable, Hashable {
    /// The environment variable holding the bearer token (never the token itself).
    public let tokenEnv: String?
    public let connection: ConnectionSettings
    /// Entries per page of the refresh's `_tag` searches: the largest the server accepts keeps a refresh to a few
    /// requests per thousand resources.
    public let pageSize: Int

    public init(tokenEnv: String?, connection: ConnectionSettings = ConnectionSettings(), pageSize: Int = 500) {
        self.tokenEnv = tokenEnv
        self.pageSize = pageSize
        self.connection = connection
    }
}
