/// How an adapter finds a resource it wrote: the platform id, the version last written or seen, and the secret the
/// platform handed back for managing it (an RFC 7592 registration access token) — plaintext in memory only; the
/// applier seals it before it reaches state.
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
