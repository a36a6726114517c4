/// The live FHIR directory: how onboard authenticates to the server at `platform.fhirBaseUrl` and how hard it tries.
public struct DirectoryTargetSettings: Sendable, Hashable {
    /// The environment variable holding the bearer token (never the token itself).
    public let tokenEnv: String?
    /// Extra CA certificates (PEM) trusted besides the system roots, for a server with an internal certificate.
    public let caBundle: String?
    public let timeoutSeconds: Int
    public let retries: Int
    public let maxConcurrency: Int

    public init(tokenEnv: String?, caBundle: String?, timeoutSeconds: Int = 15, retries: Int = 3, maxConcurrency: Int = 4) {
        self.tokenEnv = tokenEnv
        self.caBundle = caBundle
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.maxConcurrency = maxConcurrency
    }
}
