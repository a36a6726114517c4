/// What a write left on the platform: the id to find it again, its new version, and any secret the platform handed
/// back for managing it (sealed before it reaches state).
public struct PlatformWrite: Sendable, Hashable {
    public let platformID: String
    public let version: String?
    public let secret: String?

    public init(platformID: String, version: String? = nil, secret: String? = nil) {
        self.platformID = platformID
        self.version = version
        self.secret = secret
    }
}
