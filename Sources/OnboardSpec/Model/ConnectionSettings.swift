/// How onboard talks to one live server: extra CA certificates to trust, how long to wait, how often to try again
/// and how many requests to keep in flight. The same keys under each live target.
public struct ConnectionSettings: Sendable, Hashable {
    /// Extra CA certificates (PEM) trusted besides the system roots, for a server with an internal certificate.
    public let caBundle: String?
    public let timeoutSeconds: Int
    public let retries: Int
    public let maxConcurrency: Int

    public init(caBundle: String? = nil, timeoutSeconds: Int = 15, retries: Int = 3, maxConcurrency: Int = 4) {
        self.caBundle = caBundle
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.maxConcurrency = maxConcurrency
    }
}
