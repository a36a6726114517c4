/// What a refresh read from one platform target: the documents found (an address missing is gone from the platform)
/// and how many requests it took, so the CLI can report the cost of a refresh without a process-wide counter.
public struct PlatformReadout: Sendable {
    public var documents: [ResourceAddress: PlatformDocument]
    public var requests: Int
    /// Every client the authorization server holds, when its server profile lists them (the same listing answers the
    /// refresh and finds clients state does not know); nil when it has no listing.
    public var listed: [ListedClient]?

    public init(documents: [ResourceAddress: PlatformDocument] = [:], requests: Int = 0, listed: [ListedClient]? = nil)
    {
        self.documents = documents
        self.requests = requests
        self.listed = listed
    }
}
