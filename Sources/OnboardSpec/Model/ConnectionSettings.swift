/// How onboard talks to one live server: extra CA certificates to trust, how long to wait, how often to try again
/// how many requests to keep in flight and how long a run may spend on it. The same keys under each live target.
public struct ConnectionSettings: Sendable, Hashable {
    /// Extra CA certificates (PEM) trusted besides the system roots, for a server with an internal certificate.
    public let caBundle: String?
    public let timeoutSeconds: Int
    public let retries: Int
    public let maxConcurrency: Int
    /// The longest one run may spend on this server, from its first request: every request, retry and wait; a
    /// server that stalls ends the run with a clear error instead of keeping it silent for an hour.
    public let deadlineSeconds: Int

    public init(
        caBundle: String? = nil, timeoutSeconds: Int = 15, retries: Int = 3, maxConcurrency: Int = 4,
        deadlineSeconds: Int = 1800
    ) {
        self.deadlineSeconds = deadlineSeconds
        self.caBundle = caBundle
        self.timeoutSeconds = timeoutSeconds
        self.retries = retries
        self.maxConcurrency = maxConcurrency
    }
}
