import OnboardSpec

/// One existing platform object a partner file adopts (`spec.adopt`): the address it becomes, the object's platform id
/// (`Type/id`, a client id) and where the file names it — whether it may be adopted is known only once the platform is
/// read, and a refusal then points at this line like a compiler error.
public struct AdoptionTarget: Sendable, Hashable {
    public let address: ResourceAddress
    public let platformID: String
    public let location: SourceLocation
    /// The field naming it, `spec.adopt.organization`.
    public let field: String
    /// For a client managed through RFC 7592: its registration client URI and the registration access token from the
    /// environment variable the file names, as the adapter's handle secret — plaintext in memory only, sealed when
    /// it reaches state. nil: managed through the server profile's administration API.
    public let secret: String?

    public init(
        address: ResourceAddress, platformID: String, location: SourceLocation, field: String, secret: String? = nil
    ) {
        self.address = address
        self.platformID = platformID
        self.location = location
        self.field = field
        self.secret = secret
    }

    /// How the adapter reaches the adopted object.
    public var handle: PlatformHandle { PlatformHandle(platformID: platformID, secret: secret) }
}
