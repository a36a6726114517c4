/// What the platform reports now for each resource onboard recorded: the document and its version, or absence — and
/// how many requests reading it took.
public struct ActualState: Sendable {
    public let documents: [ResourceAddress: JSONValue]
    public let versions: [ResourceAddress: String]
    public let missing: Set<ResourceAddress>
    /// Clients of this deployment on the authorization server that state does not know, when it lists its clients.
    public let orphans: [OrphanClient]
    /// Requests sent to live servers for this refresh (0 for embedded targets).
    public let requests: Int
    /// The objects partner files adopt that state does not record yet, as the platform holds them (its marks
    /// included); an adopted address missing here does not exist on the platform.
    public let adopted: [ResourceAddress: PlatformDocument]

    public init(
        documents: [ResourceAddress: JSONValue], versions: [ResourceAddress: String] = [:],
        missing: Set<ResourceAddress>,
        orphans: [OrphanClient] = [], requests: Int = 0, adopted: [ResourceAddress: PlatformDocument] = [:]
    ) {
        self.adopted = adopted
        self.orphans = orphans
        self.documents = documents
        self.versions = versions
        self.missing = missing
        self.requests = requests
    }

    /// This readout with the objects partner files adopt, read apart.
    public func adding(adopted found: [ResourceAddress: PlatformDocument], requests more: Int) -> ActualState {
        ActualState(
            documents: documents, versions: versions, missing: missing, orphans: orphans, requests: requests + more,
            adopted: adopted.merging(found) { _, new in new }
        )
    }
}
