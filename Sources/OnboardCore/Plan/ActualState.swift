/// What the platform reports now for each resource onboard recorded: the document and its version, or absence — and
/// how many requests reading it took.
public struct ActualState: Sendable {
    public let documents: [ResourceAddress: JSONValue]
    public let versions: [ResourceAddress: String]
    public let missing: Set<ResourceAddress>
    /// Requests sent to live servers for this refresh (0 for embedded targets).
    public let requests: Int

    public init(
        documents: [ResourceAddress: JSONValue], versions: [ResourceAddress: String] = [:], missing: Set<ResourceAddress>,
        requests: Int = 0
    ) {
        self.documents = documents
        self.versions = versions
        self.missing = missing
        self.requests = requests
    }
}
