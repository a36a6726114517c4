/// How an adapter finds a resource it wrote before: the platform id, the version last seen, and the secret the
/// platform handed back for managing it (an RFC 7592 registration access token) — unsealed, in memory only.
public struct PlatformHandle: Sendable, Hashable {
    public let platformID: String
    public let version: String?
    public let secret: String?

    public init(platformID: String, version: String? = nil, secret: String? = nil) {
        self.platformID = platformID
        self.version = version
        self.secret = secret
    }
}
